// Figures of the admit-latency benchmark: the five segments of one run from its marks, and the
// medians, p95s and table printed at the end.
import { type Mark, first } from "./instrument";

export const SEGMENTS = [
  { key: "grant", label: "Admit → grant reaches the patient" },
  { key: "request", label: "grant → camera requested" },
  { key: "open", label: "camera open" },
  { key: "deliver", label: "camera ready → provider receives the track" },
  { key: "present", label: "track → first presented frame" },
] as const;
export type SegmentKey = (typeof SEGMENTS)[number]["key"];

export interface Run {
  totalMs: number;
  segments: Record<SegmentKey, number>;
  /** Width of the first presented frame (which simulcast layer arrived first). */
  firstWidth: number | undefined;
}

/**
 * One run from the marks of both pages. The camera is "requested" at the page's explicit mark
 * (the product publishing a track it already holds) or else at its first getUserMedia for video,
 * and "ready" when that track is in hand.
 */
export function runFrom(admitAt: number, patient: Mark[], provider: Mark[]): Run {
  const need = (m: Mark | undefined, what: string) => {
    if (!m) throw new Error(`benchmark: no "${what}" mark after the admit (marks: ${[...patient, ...provider].map((x) => x.name).join(", ")})`);
    return m.at;
  };
  const grant = need(first(patient, "grant", admitAt), "grant");
  const requested = need(first(patient, "camera-requested", grant) ?? first(patient, "gum-call", admitAt), "camera requested");
  const ready = need(first(patient, "camera-ready", requested) ?? first(patient, "gum-done", requested), "camera ready");
  const track = need(first(provider, "track", admitAt), "track");
  const frameMark = first(provider, "frame", admitAt);
  const frame = need(frameMark, "frame");
  return {
    totalMs: frame - admitAt,
    segments: { grant: grant - admitAt, request: requested - grant, open: ready - requested, deliver: track - ready, present: frame - track },
    firstWidth: frameMark?.width,
  };
}

export function median(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Nearest-rank p95 (with 15 runs, the largest). */
export function p95(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.ceil(0.95 * s.length) - 1]! : NaN;
}

export function summarise(runs: Run[]) {
  const totals = runs.map((r) => r.totalMs);
  return {
    runs: runs.length,
    medianMs: Math.round(median(totals)),
    p95Ms: Math.round(p95(totals)),
    minMs: Math.round(Math.min(...totals)),
    segmentsMedianMs: Object.fromEntries(SEGMENTS.map((s) => [s.key, Math.round(median(runs.map((r) => r.segments[s.key])))])) as Record<SegmentKey, number>,
    firstFrameWidths: runs.map((r) => r.firstWidth ?? 0),
    totalsMs: totals.map(Math.round),
  };
}
export type Summary = ReturnType<typeof summarise>;

export function report(product: Summary, floor: Summary) {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const lines = [
    `Admit → first presented frame of the patient's video on the provider's page (${product.runs} product / ${floor.runs} floor runs, interleaved)`,
    `  product: median ${product.medianMs} ms, p95 ${product.p95Ms} ms`,
    `  floor:   median ${floor.medianMs} ms, p95 ${floor.p95Ms} ms`,
    `  ratio:   ${(product.medianMs / floor.medianMs).toFixed(2)}× at the median, ${(product.p95Ms / floor.p95Ms).toFixed(2)}× at p95`,
    "",
    `  ${"Segment (median ms)".padEnd(46)}${pad("Product", 9)}${pad("Floor", 9)}${pad("Extra", 9)}`,
    ...SEGMENTS.map((s) => {
      const a = product.segmentsMedianMs[s.key];
      const b = floor.segmentsMedianMs[s.key];
      return `  ${s.label.padEnd(46)}${pad(a, 9)}${pad(b, 9)}${pad((a - b >= 0 ? "+" : "") + (a - b), 9)}`;
    }),
    "",
    `  first frame width, product: ${product.firstFrameWidths.join(" ")}`,
    `  first frame width, floor:   ${floor.firstFrameWidths.join(" ")}`,
  ];
  return lines.join("\n");
}
