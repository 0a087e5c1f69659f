import type { LocalAudioTrack, LocalTrack, LocalVideoTrack } from "livekit-client";

export interface DeviceChoices {
  videoDeviceId: string;
  audioDeviceId: string;
}

export interface HeldTracks {
  video?: LocalVideoTrack | undefined;
  audio?: LocalAudioTrack | undefined;
}

export type LocalMediaState =
  | { status: "idle" }
  | { status: "starting" }
  | { status: "ready"; tracks: HeldTracks }
  | { status: "failed"; error: unknown };

/** Opens camera and microphone for these choices (livekit-client's createLocalTracks in the app). */
export type OpenTracks = (choices: DeviceChoices) => Promise<LocalTrack[]>;

const live = (t: LocalTrack | undefined) => !!t && t.mediaStreamTrack.readyState !== "ended";
const sameChoices = (a: DeviceChoices | null, b: DeviceChoices) => !!a && a.videoDeviceId === b.videoDeviceId && a.audioDeviceId === b.audioDeviceId;

/**
 * The camera and microphone of one visit, opened once by the device check and held until the
 * visit is left: the waiting room previews the same camera, and admission publishes these very
 * tracks instead of stopping them and opening the devices again (issue 16). Plain TypeScript, so
 * the room layer can reach it from LiveKit's events without waiting for React.
 */
export class LocalMedia {
  #state: LocalMediaState = { status: "idle" };
  #choices: DeviceChoices | null = null;
  #pending: Promise<HeldTracks> | null = null;
  #generation = 0;
  readonly #listeners = new Set<() => void>();

  constructor(private readonly open: OpenTracks) {}

  /** For useSyncExternalStore. */
  getSnapshot = (): LocalMediaState => this.#state;
  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };

  #set(state: LocalMediaState) {
    this.#state = state;
    for (const l of this.#listeners) l();
  }

  #stopHeld() {
    if (this.#state.status !== "ready") return;
    for (const t of [this.#state.tracks.video, this.#state.tracks.audio]) t?.stop();
  }

  /**
   * Opens the devices for these choices; the same choices again keep what is open (or opening).
   * `force` reopens, e.g. after the person allowed a blocked camera.
   */
  start(choices: DeviceChoices, force = false): Promise<HeldTracks> {
    const keep = this.#state.status === "starting" || (this.#state.status === "ready" && this.held() !== null);
    if (!force && keep && sameChoices(this.#choices, choices) && this.#pending) return this.#pending;
    this.#stopHeld();
    this.#choices = { ...choices };
    const generation = ++this.#generation;
    this.#set({ status: "starting" });
    const pending = this.open(choices).then(
      (tracks) => {
        const held: HeldTracks = {
          video: tracks.find((t) => t.kind === "video") as LocalVideoTrack | undefined,
          audio: tracks.find((t) => t.kind === "audio") as LocalAudioTrack | undefined,
        };
        // Superseded (another device chosen, or the visit left) while opening: let these go.
        if (generation !== this.#generation) {
          for (const t of tracks) t.stop();
          return this.#pending ?? Promise.resolve({});
        }
        this.#set({ status: "ready", tracks: held });
        return held;
      },
      (error: unknown) => {
        if (generation === this.#generation) this.#set({ status: "failed", error });
        throw error;
      },
    );
    // A failure is reported through the state; callers that await it see the rejection.
    pending.catch(() => undefined);
    this.#pending = pending;
    return pending;
  }

  /** The held tracks when both are open and live right now, without waiting (null otherwise). */
  held(): HeldTracks | null {
    const s = this.#state;
    if (s.status !== "ready") return null;
    const { video, audio } = s.tracks;
    return live(video) && live(audio) ? s.tracks : null;
  }

  /**
   * Live tracks to publish: the held ones, those still opening, or (none held, or ended, e.g. after
   * a reconnect stopped them) newly opened with the last choices.
   */
  async acquire(): Promise<HeldTracks> {
    const now = this.held();
    if (now) return now;
    if (this.#state.status === "starting" && this.#pending) {
      const tracks = await this.#pending;
      if (live(tracks.video) && live(tracks.audio)) return tracks;
    }
    return this.start(this.#choices ?? { videoDeviceId: "", audioDeviceId: "" }, true);
  }

  /** Stops both devices (the camera light goes off) until the next start. */
  stop() {
    this.#generation++;
    this.#stopHeld();
    this.#pending = null;
    this.#choices = null;
    this.#set({ status: "idle" });
  }
}
