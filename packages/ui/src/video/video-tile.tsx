"use client";

import type { TrackReferenceOrPlaceholder } from "@livekit/components-react";
import { VideoTrack, isTrackReference, useIsMuted } from "@livekit/components-react";
import { MicOff, VideoOff } from "lucide-react";
import { memo } from "react";

import { Avatar } from "../avatar";
import { cn } from "../cn";
import { ConnectionQualityBadge } from "./connection-quality";

export interface VideoTileProps {
  /** The participant's camera track (or a placeholder while there is none). */
  camera: TrackReferenceOrPlaceholder | undefined;
  /** Their microphone track, for the muted indicator. */
  microphone?: TrackReferenceOrPlaceholder | undefined;
  name: string;
  /** The local preview is mirrored, as people expect of a mirror. */
  mirrored?: boolean;
  /** Marks the rendered <video> so tests and tooling can find it. */
  videoTestId?: string;
  className?: string;
  compact?: boolean;
}

function MicMutedIcon({ microphone }: { microphone: TrackReferenceOrPlaceholder }) {
  const muted = useIsMuted(microphone);
  return muted ? <MicOff aria-label="Microphone off" className="size-3.5 shrink-0 text-red-300" /> : null;
}

function CameraOff({ name, compact }: { name: string; compact?: boolean | undefined }) {
  return (
    <div className="flex flex-col items-center gap-2 text-slate-300">
      <Avatar name={name} size={compact ? "md" : "lg"} decorative />
      <span className="inline-flex items-center gap-1 text-xs">
        <VideoOff aria-hidden="true" className="size-3.5" /> Camera off
      </span>
    </div>
  );
}

function Camera({ camera, name, mirrored, videoTestId, compact }: { camera: TrackReferenceOrPlaceholder; name: string; mirrored?: boolean | undefined; videoTestId?: string | undefined; compact?: boolean | undefined }) {
  const muted = useIsMuted(camera);
  if (!isTrackReference(camera) || muted) return <CameraOff name={name} compact={compact} />;
  return <VideoTrack trackRef={camera} data-testid={videoTestId} className={cn("size-full object-cover", mirrored && "-scale-x-100")} />;
}

/** One person's video with name, muted-microphone and connection-quality overlays. */
export const VideoTile = memo(function VideoTile({ camera, microphone, name, mirrored, videoTestId, className, compact }: VideoTileProps) {
  return (
    <figure className={cn("relative flex items-center justify-center overflow-hidden rounded-xl bg-slate-900", className)}>
      {camera ? <Camera camera={camera} name={name} mirrored={mirrored} videoTestId={videoTestId} compact={compact} /> : <CameraOff name={name} compact={compact} />}
      <figcaption className="absolute inset-x-2 bottom-2 flex items-center justify-between gap-2">
        <span className="inline-flex min-w-0 items-center gap-1.5 rounded-md bg-slate-900/70 px-2 py-1 text-xs font-medium text-white">
          {microphone ? <MicMutedIcon microphone={microphone} /> : null}
          <span className="truncate">{name}</span>
        </span>
        {camera?.participant ? (
          <span className="rounded-md bg-slate-900/70 px-1.5 py-1">
            <ConnectionQualityBadge participant={camera.participant} tracks={camera.participant.isLocal ? [] : [camera, microphone]} />
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
});
