"use client";

import { useEffect, useState } from "react";
import type { TrackReferenceOrPlaceholder } from "@livekit/components-react";
import { isTrackReference, useConnectionQualityIndicator } from "@livekit/components-react";
import type { Participant } from "livekit-client";
import { ConnectionQuality, RemoteAudioTrack, RemoteVideoTrack } from "livekit-client";

import { cn } from "../cn";
import { type ReceiveSample, qualityBetween, shownQuality } from "./quality";

const LEVEL: Record<ConnectionQuality, { bars: number; label: string; tone: string }> = {
  [ConnectionQuality.Excellent]: { bars: 3, label: "excellent", tone: "bg-green-500" },
  [ConnectionQuality.Good]: { bars: 2, label: "good", tone: "bg-green-500" },
  [ConnectionQuality.Poor]: { bars: 1, label: "poor", tone: "bg-amber-500" },
  [ConnectionQuality.Lost]: { bars: 0, label: "lost", tone: "bg-red-500" },
  [ConnectionQuality.Unknown]: { bars: 0, label: "checking", tone: "bg-slate-400" },
};

const SAMPLE_MS = 2_000;

/** How the other side's media actually arrives here, from the receiver's stats every two seconds. */
function useMeasuredQuality(tracks: (TrackReferenceOrPlaceholder | undefined)[]): ConnectionQuality | null {
  const [measured, setMeasured] = useState<ConnectionQuality | null>(null);
  // The first subscribed remote track with media (the camera, else the microphone).
  const track = tracks
    .map((t) => (t && isTrackReference(t) ? t.publication.track : undefined))
    .find((t): t is RemoteVideoTrack | RemoteAudioTrack => (t instanceof RemoteVideoTrack || t instanceof RemoteAudioTrack) && !t.isMuted);
  useEffect(() => {
    if (!track) return;
    let prev: ReceiveSample | null = null;
    let live = true;
    const sample = async () => {
      const s = await track.getReceiverStats().catch(() => undefined);
      if (!live || !s || s.packetsReceived === undefined) return;
      const next = { packetsReceived: s.packetsReceived, packetsLost: s.packetsLost ?? 0, jitter: s.jitter };
      if (prev) {
        const q = qualityBetween(prev, next);
        if (q !== null) setMeasured(q);
      }
      prev = next;
    };
    void sample();
    const id = setInterval(() => void sample(), SAMPLE_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [track]);
  return track ? measured : null;
}

/**
 * Three bars and a spoken label: LiveKit's report of the participant's connection, and for the
 * other side also how their media is arriving here (`tracks`), the worse of the two.
 */
export function ConnectionQualityBadge({ participant, tracks = [], className }: { participant: Participant; tracks?: (TrackReferenceOrPlaceholder | undefined)[]; className?: string }) {
  const { quality } = useConnectionQualityIndicator({ participant });
  const measured = useMeasuredQuality(tracks);
  const level = LEVEL[shownQuality(quality, measured)];
  return (
    <span className={cn("inline-flex items-end gap-0.5", className)} title={`Connection ${level.label}`} data-testid="connection-quality">
      {[1, 2, 3].map((i) => (
        <span key={i} aria-hidden="true" className={cn("w-1 rounded-sm", i <= level.bars ? level.tone : "bg-white/40")} style={{ height: 4 + i * 3 }} />
      ))}
      <span className="sr-only">Connection {level.label}</span>
    </span>
  );
}
