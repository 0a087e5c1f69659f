"use client";

import type { ReactNode } from "react";
import { useCallback, useEffect, useRef, useState } from "react";
import { RoomContext } from "@livekit/components-react";
import type { DisconnectReason, RoomOptions } from "livekit-client";
import { Room, RoomEvent, VideoPresets } from "livekit-client";

import { benchMark, benchRoomOptions } from "./bench-marks";
import type { DeviceChoices, LocalMedia, LocalMediaState } from "./local-media";
import { type GrantPublisher, publishOnGrant } from "./publish-on-grant";

export type { DeviceChoices, LocalMedia, LocalMediaState };

/** The resolution the call publishes; the device check opens the camera at it (use-local-media.tsx), so its track is the call's. */
const CAPTURE = VideoPresets.h720.resolution;

/**
 * Room options of a visit (both sides). Two simulcast layers, 360p and 720p, instead of LiveKit's
 * three (180p, 360p, 720p): measured on the floor (bench:video BENCH_FLOOR_VARIANTS, 15 interleaved
 * runs), the first frame is then always the 360p layer and the p95 of admit → first frame fell from
 * 2.3 s to 1.05 s at the same median; the long tail was the first frame waiting for a keyframe of a
 * higher layer than the one forwarded first. A two-person call keeps 360p to fall back to.
 */
export const visitRoomOptions: RoomOptions = {
  adaptiveStream: true,
  // Dynacast kept: against the product with it off (BENCH_PRODUCT_VARIANTS, 8 interleaved runs each,
  // twice) the medians went 1050 → 703 ms once and 954 → 1220 ms the next time: no difference the
  // noise of this machine can show, and it spares the provider's upload while the patient waits.
  dynacast: true,
  videoCaptureDefaults: { resolution: CAPTURE },
  publishDefaults: { videoSimulcastLayers: [VideoPresets.h360] },
};

// The hooks that hold the camera and microphone live apart, so a page can hold them without loading LiveKit.
export { useLocalMedia, useLocalMediaState } from "./use-local-media";

export interface VisitConnectionProps {
  serverUrl: string;
  token: string;
  media: LocalMedia;
  /** Left the room, and why. */
  onDisconnected?: (reason?: DisconnectReason) => void;
  /** Could not connect at all. */
  onError?: (error: Error) => void;
  children: (publish: { error: unknown; retry: () => void; publishing: boolean }) => ReactNode;
}

/**
 * One connection to a visit's room, the layer that publishes: the held camera and microphone go
 * out from LiveKit's own permission event (publish-on-grant.ts), attached before connecting, so
 * an admission never waits for a component to mount. Children read the room through RoomContext.
 */
export function VisitConnection({ serverUrl, token, media, onDisconnected, onError, children }: VisitConnectionProps) {
  const [room] = useState(() => new Room({ ...visitRoomOptions, ...benchRoomOptions() }));
  const [publishError, setPublishError] = useState<unknown>(null);
  const [publishing, setPublishing] = useState(false);
  const publisher = useRef<GrantPublisher | null>(null);
  const handlers = useRef({ onDisconnected, onError });
  useEffect(() => {
    handlers.current = { onDisconnected, onError };
  });

  useEffect(() => {
    let closing = false;
    const grant = publishOnGrant(room, media, {
      onStart: () => setPublishing(true),
      onResult: (error) => {
        setPublishing(false);
        setPublishError(error);
      },
      mark: benchMark,
    });
    publisher.current = grant;
    const disconnected = (reason?: DisconnectReason) => {
      if (!closing) handlers.current.onDisconnected?.(reason);
    };
    room.on(RoomEvent.Disconnected, disconnected);
    room.connect(serverUrl, token).catch((e: unknown) => {
      if (!closing) handlers.current.onError?.(e instanceof Error ? e : new Error(String(e)));
    });
    return () => {
      closing = true;
      grant.detach();
      room.off(RoomEvent.Disconnected, disconnected);
      // The held tracks are the visit's, not this connection's: whoever holds them stops them.
      void room.disconnect(false);
    };
  }, [room, media, serverUrl, token]);

  const retry = useCallback(() => publisher.current?.retry(), []);
  return <RoomContext.Provider value={room}>{children({ error: publishError, retry, publishing })}</RoomContext.Provider>;
}
