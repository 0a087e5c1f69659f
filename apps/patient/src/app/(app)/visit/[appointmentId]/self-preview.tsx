"use client";

import { cn } from "@clearwell/ui/cn";
import { usePreviewTracks } from "@livekit/components-react";
import type { LocalVideoTrack } from "livekit-client";
import { Track } from "livekit-client";
import { VideoOff } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

/**
 * The patient's own camera while they wait. A local track that is never published: a waiting
 * patient's token cannot publish, and nothing should leave the device before they are let in.
 */
export function SelfPreview({ videoDeviceId, className }: { videoDeviceId: string; className?: string }) {
  const [failed, setFailed] = useState(false);
  // Stable: usePreviewTracks restarts the camera whenever its options or callback change.
  const onError = useCallback(() => setFailed(true), []);
  const options = useMemo(() => ({ audio: false, video: { deviceId: videoDeviceId || undefined, resolution: { width: 640, height: 480 } } }), [videoDeviceId]);
  const tracks = usePreviewTracks(options, onError);
  const video = tracks?.find((t) => t.kind === Track.Kind.Video) as LocalVideoTrack | undefined;
  const el = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const node = el.current;
    if (!video || !node) return;
    video.attach(node);
    return () => void video.detach(node);
  }, [video]);

  return (
    <figure className={cn("relative flex items-center justify-center overflow-hidden rounded-xl bg-slate-900", className)}>
      {failed ? (
        <span className="flex flex-col items-center gap-1 px-2 text-center text-xs text-slate-300">
          <VideoOff aria-hidden="true" className="size-4" />
          Camera off
        </span>
      ) : (
        <video ref={el} muted playsInline autoPlay data-testid="local-preview" aria-label="Your camera, seen only by you" className="size-full -scale-x-100 object-cover" />
      )}
      <figcaption className="absolute inset-x-1.5 bottom-1.5 truncate rounded-md bg-slate-900/70 px-1.5 py-0.5 text-center text-xs font-medium text-white">
        You
      </figcaption>
    </figure>
  );
}
