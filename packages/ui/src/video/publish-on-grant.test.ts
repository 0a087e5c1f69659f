import type { LocalTrack, Room } from "livekit-client";
import { ConnectionState, RoomEvent, Track } from "livekit-client";
import { afterEach, describe, expect, it, vi } from "vitest";

import { LocalMedia } from "./local-media";
import { MICROPHONE_AFTER_MS, publishOnGrant } from "./publish-on-grant";

function fakeTrack(kind: "video" | "audio") {
  const track = {
    kind,
    source: kind === "video" ? Track.Source.Camera : Track.Source.Microphone,
    stopped: false,
    mediaStreamTrack: { readyState: "live" as "live" | "ended" },
    stop() {
      track.stopped = true;
      track.mediaStreamTrack.readyState = "ended";
    },
  };
  return track;
}
type Fake = ReturnType<typeof fakeTrack>;

/** Just enough of an event emitter for the room's on/off/emit. */
class Emitter {
  readonly #handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  on(event: string, fn: (...args: unknown[]) => void) {
    this.#handlers.set(event, (this.#handlers.get(event) ?? new Set()).add(fn));
    return this;
  }
  off(event: string, fn: (...args: unknown[]) => void) {
    this.#handlers.get(event)?.delete(fn);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const fn of this.#handlers.get(event) ?? []) fn(...args);
  }
}

/** The parts of a Room and its LocalParticipant that the publisher touches, recording every call. */
function fakeRoom(canPublish = false) {
  const room = new Emitter() as Emitter & { state: ConnectionState; localParticipant: ReturnType<typeof participant> };
  const participant = () => {
    const calls: string[] = [];
    const trackPublications = new Map<string, { track: Fake; source: Track.Source }>();
    return {
      calls,
      trackPublications,
      permissions: { canPublish },
      publishTrack: (track: Fake) => {
        calls.push(`publish ${track.kind}`);
        trackPublications.set(track.kind, { track, source: track.source });
        return Promise.resolve();
      },
      unpublishTrack: (track: Fake, stop: boolean) => {
        calls.push(`unpublish ${track.kind} stop=${stop}`);
        trackPublications.delete(track.kind);
        return Promise.resolve();
      },
      setCameraEnabled: (on: boolean) => (calls.push(`camera ${on}`), Promise.resolve()),
      setMicrophoneEnabled: (on: boolean) => (calls.push(`microphone ${on}`), Promise.resolve()),
    };
  };
  room.state = ConnectionState.Connected;
  room.localParticipant = participant();
  const grant = (can: boolean) => {
    const prev = { ...room.localParticipant.permissions };
    room.localParticipant.permissions = { canPublish: can };
    room.emit(RoomEvent.ParticipantPermissionsChanged, prev, room.localParticipant);
  };
  /** The server says another participant subscribed to this participant's track of `source`. */
  const received = (source: Track.Source) => room.emit(RoomEvent.LocalTrackSubscribed, { source });
  return { room, asRoom: room as unknown as Room, me: room.localParticipant, grant, received };
}

function heldMedia() {
  const tracks = [fakeTrack("video"), fakeTrack("audio")];
  let opens = 0;
  const media = new LocalMedia(() => {
    opens++;
    return Promise.resolve(tracks as unknown as LocalTrack[]);
  });
  return { media, tracks, opens: () => opens };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("publishOnGrant", () => {
  it("publishes the held camera in the same task as the grant and the microphone once someone receives the camera, without opening them again", async () => {
    const { media, tracks, opens } = heldMedia();
    await media.start({ videoDeviceId: "", audioDeviceId: "" });
    const { asRoom, me, grant, received } = fakeRoom();
    const marks: string[] = [];
    const results: unknown[] = [];
    const steps: string[] = [];
    publishOnGrant(asRoom, media, { mark: (m) => marks.push(m), onStart: () => steps.push("start"), onResult: (e) => (results.push(e), steps.push("result")) });
    expect(me.calls).toEqual([]);

    grant(true);
    // Synchronously: no await, no render between LiveKit's event and the camera's publish.
    expect(me.calls).toEqual(["publish video"]);
    expect(marks).toEqual(["grant", "camera-requested", "camera-ready"]);
    expect(opens()).toBe(1);
    // The microphone waits for someone to receive the camera (the server renegotiates a subscriber
    // at most every 150 ms: a microphone first would hold the camera back).
    await flush();
    received(Track.Source.Microphone);
    await flush();
    expect(me.calls).toEqual(["publish video"]);
    received(Track.Source.Camera);
    await flush();
    expect(me.calls).toEqual(["publish video", "publish audio"]);
    // The screen can wait for the media: started at the grant, the result once both are out.
    expect(steps).toEqual(["start", "result"]);
    expect(tracks.some((t) => t.stopped)).toBe(false);
  });

  it("ignores another participant's permission change", () => {
    const { media } = heldMedia();
    const { room, asRoom, me } = fakeRoom();
    publishOnGrant(asRoom, media);
    room.emit(RoomEvent.ParticipantPermissionsChanged, { canPublish: false }, { identity: "someone else", permissions: { canPublish: true } });
    expect(me.calls).toEqual([]);
  });

  it("takes the tracks off the call when sent back, keeping them open for the waiting room's preview", async () => {
    const { media, tracks } = heldMedia();
    await media.start({ videoDeviceId: "", audioDeviceId: "" });
    const { asRoom, me, grant, received } = fakeRoom();
    publishOnGrant(asRoom, media);
    grant(true);
    received(Track.Source.Camera);
    await flush();
    grant(false);
    expect(me.calls.slice(2)).toEqual(["unpublish video stop=false", "unpublish audio stop=false"]);
    expect(tracks.some((t) => t.stopped)).toBe(false);
    // Admitted again: the same tracks go out again, camera first.
    grant(true);
    expect(me.calls.slice(4)).toEqual(["publish video"]);
    received(Track.Source.Camera);
    await flush();
    expect(me.calls.slice(4)).toEqual(["publish video", "publish audio"]);
  });

  it("opens the devices when none are held (after a rejoin) and reports a refusal", async () => {
    const blocked = Object.assign(new Error("denied"), { name: "NotAllowedError" });
    const media = new LocalMedia(() => Promise.reject(blocked));
    const { asRoom, me, grant } = fakeRoom();
    const results: unknown[] = [];
    publishOnGrant(asRoom, media, { onResult: (e) => results.push(e) });
    grant(true);
    await flush();
    expect(results).toEqual([blocked]);
    expect(me.calls).toEqual([]);
  });

  it("publishes on connecting with a token that already carries the grant (the provider; a patient rejoining the call)", async () => {
    const { media } = heldMedia();
    await media.start({ videoDeviceId: "", audioDeviceId: "" });
    const { room, asRoom, me, received } = fakeRoom(true);
    room.state = ConnectionState.Disconnected;
    publishOnGrant(asRoom, media);
    expect(me.calls).toEqual([]);
    room.state = ConnectionState.Connected;
    room.emit(RoomEvent.Connected);
    expect(me.calls).toEqual(["publish video"]);
    received(Track.Source.Camera);
    await flush();
    expect(me.calls).toEqual(["publish video", "publish audio"]);
  });

  describe("the microphone", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("goes out after MICROPHONE_AFTER_MS when nobody receives the camera (nobody else in the room)", async () => {
      vi.useFakeTimers();
      const { media } = heldMedia();
      await media.start({ videoDeviceId: "", audioDeviceId: "" });
      const { asRoom, me, grant } = fakeRoom();
      const results: unknown[] = [];
      publishOnGrant(asRoom, media, { onResult: (e) => results.push(e) });
      grant(true);
      await vi.advanceTimersByTimeAsync(MICROPHONE_AFTER_MS - 50);
      expect(me.calls).toEqual(["publish video"]);
      expect(results).toEqual([]);
      await vi.advanceTimersByTimeAsync(100);
      expect(me.calls).toEqual(["publish video", "publish audio"]);
      expect(results).toEqual([null]);
    });

    it("stays off the call when the patient is sent back while it waits", async () => {
      vi.useFakeTimers();
      const { media } = heldMedia();
      await media.start({ videoDeviceId: "", audioDeviceId: "" });
      const { asRoom, me, grant } = fakeRoom();
      publishOnGrant(asRoom, media);
      grant(true);
      await vi.advanceTimersByTimeAsync(10);
      grant(false);
      await vi.advanceTimersByTimeAsync(MICROPHONE_AFTER_MS * 2);
      expect(me.calls).toEqual(["publish video", "unpublish video stop=false"]);
    });

    it("is not held back by a camera that failed to go out, and the failure is reported", async () => {
      const { media } = heldMedia();
      await media.start({ videoDeviceId: "", audioDeviceId: "" });
      const { asRoom, me, grant } = fakeRoom();
      const broken = new Error("publish failed");
      const publishTrack = me.publishTrack;
      me.publishTrack = (track: Fake) => (track.kind === "video" ? Promise.reject(broken) : publishTrack(track));
      const results: unknown[] = [];
      publishOnGrant(asRoom, media, { onResult: (e) => results.push(e) });
      grant(true);
      await flush();
      expect(me.calls).toEqual(["publish audio"]);
      expect(results).toEqual([broken]);
    });

    it("goes out at once on a retry when the camera is already on the call", async () => {
      const { media } = heldMedia();
      await media.start({ videoDeviceId: "", audioDeviceId: "" });
      const { asRoom, me, grant, received } = fakeRoom();
      const failOnce = new Error("microphone busy");
      const publishTrack = me.publishTrack;
      let failed = false;
      me.publishTrack = (track: Fake) => (track.kind === "audio" && !failed ? ((failed = true), Promise.reject(failOnce)) : publishTrack(track));
      const results: unknown[] = [];
      const publisher = publishOnGrant(asRoom, media, { onResult: (e) => results.push(e) });
      grant(true);
      received(Track.Source.Camera);
      await flush();
      expect(results).toEqual([failOnce]);
      publisher.retry();
      await flush();
      expect(me.calls).toEqual(["publish video", "publish audio"]);
      expect(results).toEqual([failOnce, null]);
    });
  });

  it("publishes nothing that finished starting after the grant was withdrawn meanwhile", async () => {
    let answer: (t: LocalTrack[]) => void = () => undefined;
    const tracks = [fakeTrack("video"), fakeTrack("audio")];
    const media = new LocalMedia(() => new Promise<LocalTrack[]>((r) => (answer = r)));
    const { asRoom, me, grant } = fakeRoom();
    publishOnGrant(asRoom, media);
    grant(true);
    grant(false);
    answer(tracks as unknown as LocalTrack[]);
    await flush();
    await flush();
    expect(me.calls).toEqual([]);
  });

  it("stops listening once detached", async () => {
    const { media } = heldMedia();
    await media.start({ videoDeviceId: "", audioDeviceId: "" });
    const { asRoom, me, grant } = fakeRoom();
    publishOnGrant(asRoom, media).detach();
    grant(true);
    expect(me.calls).toEqual([]);
  });
});
