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
  /** Within delivery, on the patient's page: camera ready → its first offer (ms). */
  publishSteps?: { offerMs: number };
  /** Within presentation, on the provider's page: track → the video element given it (ms). */
  attachMs?: number;
  /** The product's admit request: click → sent, and sent → the server's answer (the grant is delivered before it answers). */
  admitRequest?: { clickToSentMs: number; serverMs: number };
  /** Main-thread time in long animation frames between the admit and the first frame, per page. */
  busyMs: { patient: number; provider: number };
  /** Those frames, for reading where the time went. */
  busy: string[];
}

function publishStepsOf(ready: number, patient: Mark[]) {
  const offer = first(patient, "local-offer", ready);
  return offer ? { publishSteps: { offerMs: Math.round(offer.at - ready) } } : {};
}

function admitRequestOf(admitAt: number, provider: Mark[]) {
  const sent = first(provider, "admit-sent", admitAt);
  const answered = first(provider, "admit-answered", admitAt);
  return sent && answered ? { admitRequest: { clickToSentMs: Math.round(sent.at - admitAt), serverMs: Math.round(answered.at - sent.at) } } : {};
}

/** Long-animation-frame time overlapping [from, to). */
function busyIn(marks: Mark[], from: number, to: number) {
  return marks
    .filter((m) => m.name === "busy" && m.duration !== undefined && m.at < to && m.at + m.duration! > from)
    .reduce((sum, m) => sum + Math.min(to, m.at + m.duration!) - Math.max(from, m.at), 0);
}

function busyLines(side: string, marks: Mark[], from: number, to: number) {
  return marks
    .filter((m) => m.name === "busy" && m.duration !== undefined && m.at < to && m.at + m.duration! > from)
    .map((m) => `${side} +${Math.round(m.at - from)} ${Math.round(m.duration!)} ms: ${m.what || "(no script)"}`);
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
  const attach = first(provider, "attach", admitAt);
  const frame = need(frameMark, "frame");
  return {
    totalMs: frame - admitAt,
    segments: { grant: grant - admitAt, request: requested - grant, open: ready - requested, deliver: track - ready, present: frame - track },
    firstWidth: frameMark?.width,
    ...admitRequestOf(admitAt, provider),
    ...publishStepsOf(ready, patient),
    ...(attach ? { attachMs: Math.round(attach.at - track) } : {}),
    busyMs: { patient: Math.round(busyIn(patient, admitAt, frame)), provider: Math.round(busyIn(provider, admitAt, frame)) },
    busy: [...busyLines("patient", patient, admitAt, frame), ...busyLines("provider", provider, admitAt, frame)],
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
    attachMedianMs: runs.some((r) => r.attachMs !== undefined) ? Math.round(median(runs.flatMap((r) => (r.attachMs === undefined ? [] : [r.attachMs])))) : null,
    admitRequestMedianMs: runs.some((r) => r.admitRequest)
      ? { clickToSent: Math.round(median(runs.flatMap((r) => (r.admitRequest ? [r.admitRequest.clickToSentMs] : [])))), server: Math.round(median(runs.flatMap((r) => (r.admitRequest ? [r.admitRequest.serverMs] : [])))) }
      : null,
    busyMedianMs: { patient: Math.round(median(runs.map((r) => r.busyMs.patient))), provider: Math.round(median(runs.map((r) => r.busyMs.provider))) },
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
    ...(product.admitRequestMedianMs
      ? [`  ${"  of the grant: click → admit request sent".padEnd(46)}${pad(product.admitRequestMedianMs.clickToSent, 9)}`, `  ${"  of the grant: request → server's answer".padEnd(46)}${pad(product.admitRequestMedianMs.server, 9)}`]
      : []),
    `  ${"  of presenting: track → element given it".padEnd(46)}${pad(product.attachMedianMs ?? "?", 9)}${pad(floor.attachMedianMs ?? "?", 9)}`,
    `  ${"Main thread in long frames, patient page".padEnd(46)}${pad(product.busyMedianMs.patient, 9)}${pad(floor.busyMedianMs.patient, 9)}${pad((product.busyMedianMs.patient - floor.busyMedianMs.patient >= 0 ? "+" : "") + (product.busyMedianMs.patient - floor.busyMedianMs.patient), 9)}`,
    `  ${"Main thread in long frames, provider page".padEnd(46)}${pad(product.busyMedianMs.provider, 9)}${pad(floor.busyMedianMs.provider, 9)}${pad((product.busyMedianMs.provider - floor.busyMedianMs.provider >= 0 ? "+" : "") + (product.busyMedianMs.provider - floor.busyMedianMs.provider), 9)}`,
    "",
    `  first frame width, product: ${product.firstFrameWidths.join(" ")}`,
    `  first frame width, floor:   ${floor.firstFrameWidths.join(" ")}`,
  ];
  return lines.join("\n");
}
