import type { LocalParticipant, LocalTrack, LocalTrackPublication, Participant, Room, TrackPublishOptions } from "livekit-client";
import { ConnectionState, RoomEvent, Track } from "livekit-client";

import type { HeldTracks, LocalMedia } from "./local-media";

export interface PublishOnGrantHooks {
  /** Camera and microphone are being put on the call (onResult follows). */
  onStart?: () => void;
  /** Camera or microphone failed to start or to publish (null: both are on). */
  onResult?: (error: unknown) => void;
  /** Benchmark marks (bench-marks.ts); a no-op outside the benchmark. */
  mark?: (name: string) => void;
}

export interface GrantPublisher {
  /** Tries again after a failure (e.g. the camera was blocked, then allowed). */
  retry: () => void;
  detach: () => void;
}

const isCallSource = (s: Track.Source) => s === Track.Source.Camera || s === Track.Source.Microphone;

/** Camera and microphone off the call; the tracks themselves stay held (the waiting room previews them). */
function unpublishAll(me: LocalParticipant) {
  for (const pub of me.trackPublications.values()) {
    if (pub.track && isCallSource(pub.source)) void me.unpublishTrack(pub.track, false).catch(() => undefined);
  }
}

const published = (me: LocalParticipant, track: LocalTrack) => [...me.trackPublications.values()].some((p) => p.track === track);

/** The longest the microphone waits for someone to receive the camera (nobody else is in the room, say). */
export const MICROPHONE_AFTER_MS = 1_000;

/**
 * Resolves when another participant subscribes to this participant's camera, or after `ms`.
 * Listens from the call, so a subscription that arrives before publishTrack settles still counts.
 */
function cameraReceived(room: Room, ms: number): { received: Promise<void>; stop: () => void } {
  let stop = () => {};
  const received = new Promise<void>((resolve) => {
    const onSubscribed = (publication: LocalTrackPublication) => {
      if (publication.source === Track.Source.Camera) stop();
    };
    const timer = setTimeout(() => stop(), ms);
    stop = () => {
      clearTimeout(timer);
      room.off(RoomEvent.LocalTrackSubscribed, onSubscribed);
      resolve();
    };
    room.on(RoomEvent.LocalTrackSubscribed, onSubscribed);
  });
  return { received, stop };
}

/**
 * Publishes the visit's held camera the moment LiveKit grants this participant permission to
 * publish, straight from the room's event (no React render in between), and the microphone once
 * someone receives the camera (at most MICROPHONE_AFTER_MS later); takes them off the call when the
 * grant is withdrawn. A token that already carries the grant
 * (the provider, or a patient rejoining the call) publishes once connected. Attach before connecting.
 */
export function publishOnGrant(room: Room, media: LocalMedia, hooks: PublishOnGrantHooks = {}, options?: TrackPublishOptions): GrantPublisher {
  const me = room.localParticipant;
  let running: Promise<void> | null = null;
  let wanted = false;

  const publishHeld = async (tracks: HeldTracks) => {
    // Camera first, microphone once someone receives the camera (issue 16). LiveKit's server
    // renegotiates a subscriber's connection at most every 150 ms: a microphone that reached it first
    // held the camera's subscription back by that much and more (bench:video's delivery segment).
    const cameraOut = tracks.video && published(me, tracks.video);
    const wait = cameraOut ? null : cameraReceived(room, MICROPHONE_AFTER_MS);
    const camera = cameraOut ? Promise.resolve(null) : tracks.video ? me.publishTrack(tracks.video, options) : me.setCameraEnabled(true);
    const microphone = camera
      .then(
        () => wait?.received,
        // No camera on the call: nothing to wait for.
        () => wait?.stop(),
      )
      .then(() => {
        // Sent back while waiting: the microphone stays off the call.
        if (!wanted || !me.permissions?.canPublish) return null;
        return tracks.audio ? (published(me, tracks.audio) ? null : me.publishTrack(tracks.audio, options)) : me.setMicrophoneEnabled(true);
      });
    const results = await Promise.allSettled([camera, microphone]);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    hooks.onResult?.(failure ? failure.reason : null);
  };

  const publish = () => {
    wanted = true;
    if (running) return;
    hooks.mark?.("camera-requested");
    hooks.onStart?.();
    // Held and live: published in this same task, before React hears of the grant.
    const held = media.held();
    const start = held
      ? (hooks.mark?.("camera-ready"), publishHeld(held))
      : media.acquire().then(
          (tracks) => {
            hooks.mark?.("camera-ready");
            // Sent back while the devices were opening: nothing goes out.
            return wanted && me.permissions?.canPublish ? publishHeld(tracks) : undefined;
          },
          (error: unknown) => hooks.onResult?.(error),
        );
    running = start.finally(() => {
      running = null;
      // Withdrawn while starting: what just started must not stay on the call.
      if (!wanted || !me.permissions?.canPublish) unpublishAll(me);
    });
  };

  const onPermissions = (_prev: unknown, participant: Participant) => {
    if (participant !== me) return;
    if (me.permissions?.canPublish) {
      hooks.mark?.("grant");
      publish();
    } else {
      wanted = false;
      unpublishAll(me);
    }
  };
  const onConnected = () => {
    if (me.permissions?.canPublish) publish();
  };

  room.on(RoomEvent.ParticipantPermissionsChanged, onPermissions).on(RoomEvent.Connected, onConnected);
  if (room.state === ConnectionState.Connected) onConnected();
  return {
    retry: () => {
      if (me.permissions?.canPublish) publish();
    },
    detach: () => {
      room.off(RoomEvent.ParticipantPermissionsChanged, onPermissions).off(RoomEvent.Connected, onConnected);
    },
  };
}
