import type { DeviceChoices } from "@clearwell/ui/video/device-check";
import { explainMediaError } from "@clearwell/ui/video/device-check";
import { useRoomContext } from "@livekit/components-react";
import type { LocalParticipant } from "livekit-client";
import { Track } from "livekit-client";
import { useCallback, useEffect, useRef, useState } from "react";

/** Unpublishes and stops the camera and microphone (the camera light goes off). */
function stopLocalMedia(me: LocalParticipant) {
  for (const pub of me.trackPublications.values()) {
    if (pub.track && (pub.source === Track.Source.Camera || pub.source === Track.Source.Microphone)) {
      void me.unpublishTrack(pub.track, true).catch(() => undefined);
    }
  }
}

/**
 * Turns the camera and microphone on once the provider has let the patient in. The server only
 * grants permission to publish; starting the devices is the client's job. On the way out (sent
 * back to the waiting room) the tracks are unpublished and stopped, so the camera light goes off
 * even if the server's own unpublish has not arrived yet.
 */
export function usePublishOnAdmit(devices: DeviceChoices) {
  const room = useRoomContext();
  const [error, setError] = useState<string | null>(null);
  // The devices chosen before the call are the starting point; later switches go through the
  // call controls and must not republish anything.
  const initial = useRef(devices);
  const mounted = useRef(false);

  const enable = useCallback(async () => {
    const me = room.localParticipant;
    // Both at once (the provider waits for the first frame), each on its own: a failing camera
    // must not keep the microphone off, and vice versa.
    const results = await Promise.allSettled([
      me.setCameraEnabled(true, { deviceId: initial.current.videoDeviceId || undefined }),
      me.setMicrophoneEnabled(true, { deviceId: initial.current.audioDeviceId || undefined }),
    ]);
    const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    // Sent back while the devices were starting: what just started must not stay on.
    if (!mounted.current) return stopLocalMedia(me);
    if (mounted.current) setError(failures.length ? explainMediaError(failures[0]) : null);
  }, [room]);

  useEffect(() => {
    mounted.current = true;
    void enable();
    const me = room.localParticipant;
    return () => {
      mounted.current = false;
      stopLocalMedia(me);
    };
  }, [room, enable]);

  const retry = useCallback(() => void enable(), [enable]);
  return { error, retry };
}
