"use client";

import type { Participant } from "livekit-client";
import { ConnectionQuality } from "livekit-client";
import { useConnectionQualityIndicator } from "@livekit/components-react";

import { cn } from "../cn";

const LEVEL: Record<ConnectionQuality, { bars: number; label: string; tone: string }> = {
  [ConnectionQuality.Excellent]: { bars: 3, label: "excellent", tone: "bg-green-500" },
  [ConnectionQuality.Good]: { bars: 2, label: "good", tone: "bg-green-500" },
  [ConnectionQuality.Poor]: { bars: 1, label: "poor", tone: "bg-amber-500" },
  [ConnectionQuality.Lost]: { bars: 0, label: "lost", tone: "bg-red-500" },
  [ConnectionQuality.Unknown]: { bars: 0, label: "checking", tone: "bg-slate-400" },
};

/** Three bars and a spoken label: the connection as LiveKit measures it for this participant. */
export function ConnectionQualityBadge({ participant, className }: { participant: Participant; className?: string }) {
  const { quality } = useConnectionQualityIndicator({ participant });
  const level = LEVEL[quality];
  return (
    <span className={cn("inline-flex items-end gap-0.5", className)} title={`Connection ${level.label}`}>
      {[1, 2, 3].map((i) => (
        <span key={i} aria-hidden="true" className={cn("w-1 rounded-sm", i <= level.bars ? level.tone : "bg-white/40")} style={{ height: 4 + i * 3 }} />
      ))}
      <span className="sr-only">Connection {level.label}</span>
    </span>
  );
}
