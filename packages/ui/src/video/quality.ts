import { ConnectionQuality } from "livekit-client";

/** Cumulative receive counters of one remote track at one moment (WebRTC inbound-rtp stats). */
export interface ReceiveSample {
  packetsReceived: number;
  packetsLost: number;
  /** Seconds. */
  jitter?: number | undefined;
}

/** Below these the call is clear; above POOR_LOSS, or with jitter over POOR_JITTER_S, it breaks up. */
const EXCELLENT_LOSS = 0.01;
const POOR_LOSS = 0.05;
const POOR_JITTER_S = 0.1;

/**
 * The connection as the media actually arrives between two samples: the share of packets lost and
 * the jitter. Null when nothing arrived in between (a paused or muted track says nothing).
 */
export function qualityBetween(prev: ReceiveSample, next: ReceiveSample): ConnectionQuality | null {
  const received = next.packetsReceived - prev.packetsReceived;
  const lost = Math.max(0, next.packetsLost - prev.packetsLost);
  if (received <= 0) return null;
  const loss = lost / (received + lost);
  if (loss > POOR_LOSS || (next.jitter ?? 0) > POOR_JITTER_S) return ConnectionQuality.Poor;
  return loss > EXCELLENT_LOSS ? ConnectionQuality.Good : ConnectionQuality.Excellent;
}

const RANK: Record<ConnectionQuality, number> = {
  [ConnectionQuality.Excellent]: 3,
  [ConnectionQuality.Good]: 2,
  [ConnectionQuality.Poor]: 1,
  [ConnectionQuality.Lost]: 0,
  [ConnectionQuality.Unknown]: -1,
};

/**
 * What to show: the worse of LiveKit's reported quality and the measured one, each only when
 * known. LiveKit's server reports another participant's quality only when some quality in the room
 * changes, so a steady call would otherwise say "checking" throughout (issue 15, item 8).
 */
export function shownQuality(reported: ConnectionQuality, measured: ConnectionQuality | null): ConnectionQuality {
  if (measured === null || measured === ConnectionQuality.Unknown) return reported;
  if (reported === ConnectionQuality.Unknown) return measured;
  return RANK[reported] <= RANK[measured] ? reported : measured;
}
