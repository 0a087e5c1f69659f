import type { LocalTrack } from "livekit-client";
import { describe, expect, it } from "vitest";

import { type DeviceChoices, LocalMedia } from "./local-media";

/** A stand-in for a LocalTrack: a kind, a readyState, and stop(). */
function fakeTrack(kind: "video" | "audio", label: string) {
  const track = {
    kind,
    label,
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

/** An opener whose calls can be answered one at a time, in any order. */
function opener() {
  const calls: { choices: DeviceChoices; tracks: Fake[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const open = (choices: DeviceChoices) =>
    new Promise<LocalTrack[]>((resolve, reject) => {
      const n = calls.length + 1;
      const tracks = [fakeTrack("video", `camera ${n}`), fakeTrack("audio", `mic ${n}`)];
      calls.push({ choices, tracks, resolve: () => resolve(tracks as unknown as LocalTrack[]), reject });
    });
  return { open, calls };
}

const A: DeviceChoices = { videoDeviceId: "cam-a", audioDeviceId: "mic-a" };
const B: DeviceChoices = { videoDeviceId: "cam-b", audioDeviceId: "mic-a" };

describe("LocalMedia", () => {
  it("opens the devices once: the same choices again keep what is open", async () => {
    const o = opener();
    const media = new LocalMedia(o.open);
    const first = media.start(A);
    expect(media.getSnapshot().status).toBe("starting");
    const again = media.start({ ...A });
    expect(again).toBe(first);
    o.calls[0]!.resolve();
    await first;
    expect(media.getSnapshot().status).toBe("ready");
    await media.start(A);
    expect(o.calls).toHaveLength(1);
  });

  it("acquire hands over the held tracks without opening the camera again", async () => {
    const o = opener();
    const media = new LocalMedia(o.open);
    const started = media.start(A);
    o.calls[0]!.resolve();
    await started;
    const held = media.held();
    expect(held?.video).toBe(o.calls[0]!.tracks[0]);
    const acquired = await media.acquire();
    expect(acquired.video).toBe(o.calls[0]!.tracks[0]);
    expect(acquired.audio).toBe(o.calls[0]!.tracks[1]);
    expect(o.calls).toHaveLength(1);
  });

  it("acquire while the devices are still opening waits for that same opening", async () => {
    const o = opener();
    const media = new LocalMedia(o.open);
    void media.start(A);
    expect(media.held()).toBeNull();
    const acquired = media.acquire();
    o.calls[0]!.resolve();
    expect((await acquired).video).toBe(o.calls[0]!.tracks[0]);
    expect(o.calls).toHaveLength(1);
  });

  it("reopens with the last choices when a held track has ended (e.g. stopped by a dropped connection)", async () => {
    const o = opener();
    const media = new LocalMedia(o.open);
    const started = media.start(A);
    o.calls[0]!.resolve();
    await started;
    o.calls[0]!.tracks[0]!.stop();
    expect(media.held()).toBeNull();
    const acquired = media.acquire();
    expect(o.calls).toHaveLength(2);
    expect(o.calls[1]!.choices).toEqual(A);
    // The surviving microphone of the old pair is let go, not leaked.
    expect(o.calls[0]!.tracks[1]!.stopped).toBe(true);
    o.calls[1]!.resolve();
    expect((await acquired).video).toBe(o.calls[1]!.tracks[0]);
  });

  it("choosing another camera stops the open pair and opens the new one", async () => {
    const o = opener();
    const media = new LocalMedia(o.open);
    const started = media.start(A);
    o.calls[0]!.resolve();
    await started;
    const switched = media.start(B);
    expect(o.calls[0]!.tracks.every((t) => t.stopped)).toBe(true);
    o.calls[1]!.resolve();
    expect((await switched).video).toBe(o.calls[1]!.tracks[0]);
  });

  it("lets go of an opening overtaken by another choice, and keeps the later one", async () => {
    const o = opener();
    const media = new LocalMedia(o.open);
    const first = media.start(A);
    const second = media.start(B);
    o.calls[1]!.resolve();
    await second;
    o.calls[0]!.resolve();
    await first;
    expect(o.calls[0]!.tracks.every((t) => t.stopped)).toBe(true);
    expect(o.calls[1]!.tracks.some((t) => t.stopped)).toBe(false);
    const s = media.getSnapshot();
    expect(s.status === "ready" && s.tracks.video).toBe(o.calls[1]!.tracks[0]);
  });

  it("reports a refusal as failed, and the same choices then try again", async () => {
    const o = opener();
    const media = new LocalMedia(o.open);
    const started = media.start(A);
    const blocked = Object.assign(new Error("denied"), { name: "NotAllowedError" });
    o.calls[0]!.reject(blocked);
    await expect(started).rejects.toBe(blocked);
    const s = media.getSnapshot();
    expect(s.status === "failed" && s.error).toBe(blocked);
    void media.start(A);
    expect(o.calls).toHaveLength(2);
  });

  it("stop turns both devices off, also an opening still under way", async () => {
    const o = opener();
    const media = new LocalMedia(o.open);
    const started = media.start(A);
    o.calls[0]!.resolve();
    await started;
    const seen: string[] = [];
    media.subscribe(() => seen.push(media.getSnapshot().status));
    media.stop();
    expect(o.calls[0]!.tracks.every((t) => t.stopped)).toBe(true);
    expect(seen).toEqual(["idle"]);

    const late = media.start(B);
    media.stop();
    o.calls[1]!.resolve();
    await late;
    expect(o.calls[1]!.tracks.every((t) => t.stopped)).toBe(true);
    expect(media.getSnapshot().status).toBe("idle");
  });
});
