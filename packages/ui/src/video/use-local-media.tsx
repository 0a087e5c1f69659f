import { useEffect, useState, useSyncExternalStore } from "react";

import { type DeviceChoices, LocalMedia, type LocalMediaState } from "./local-media";

/**
 * Opens camera and microphone at the resolution the call publishes (the device check's track is the
 * call's). livekit-client is imported here, when the devices are first opened, not with the page:
 * it is the largest part of a visit page's JavaScript (issue 14).
 */
async function openCameraAndMicrophone(c: DeviceChoices) {
  const { createLocalTracks, VideoPresets } = await import("livekit-client");
  return createLocalTracks({
    audio: { deviceId: c.audioDeviceId || undefined },
    video: { deviceId: c.videoDeviceId || undefined, resolution: VideoPresets.h720.resolution },
  });
}

/** The visit's camera and microphone, held across the device check, waiting room and call; stopped on unmount. */
export function useLocalMedia(): LocalMedia {
  const [media] = useState(() => new LocalMedia(openCameraAndMicrophone));
  useEffect(() => () => media.stop(), [media]);
  return media;
}

const IDLE: LocalMediaState = { status: "idle" };
export function useLocalMediaState(media: LocalMedia): LocalMediaState {
  return useSyncExternalStore(media.subscribe, media.getSnapshot, () => IDLE);
}
