"use client";

import type { DeviceChoices } from "@clearwell/ui/video/device-check";
import { cn } from "@clearwell/ui/cn";
import type { LocalMedia } from "@clearwell/ui/video/visit-connection";
import { useLocalMediaState } from "@clearwell/ui/video/use-local-media";
import { VideoOff } from "lucide-react";
import { useEffect, useRef } from "react";

/**
 * The patient's own camera while they wait: the very track the device check opened, never
 * published here (a waiting patient's token cannot publish, and nothing leaves the device before
 * they are let in). Admission publishes it as it is, so the camera is not opened twice.
 */
export function SelfPreview({ media, devices, className }: { media: LocalMedia; devices: DeviceChoices; className?: string }) {
  const state = useLocalMediaState(media);
  // Already open from the device check; opened here after a rejoin, when it was stopped.
  useEffect(() => {
    void media.start(devices).catch(() => undefined);
  }, [media, devices]);
  const video = state.status === "ready" ? state.tracks.video : undefined;
  const el = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const node = el.current;
    if (!video || !node) return;
    video.attach(node);
    return () => void video.detach(node);
  }, [video]);

  return (
    <figure className={cn("relative flex items-center justify-center overflow-hidden rounded-xl bg-slate-900", className)}>
      {state.status === "failed" ? (
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
