/**
 * The patient's own PHQ-9 / GAD-7 trend (DOMAIN.md §6): severity band per point, change against
 * baseline (the last score before the first dose), response (>= 50 % reduction) and remission
 * (PHQ-9 < 5 with a baseline >= 10, Hull 2022; GAD-7 < 5 with the same qualifier), in plain words.
 * Reuses the published bands (questionnaires/definitions) and the outcome maths (scoring).
 */
import { type Band, GAD7, PHQ9 } from "../questionnaires/definitions";
import { GAD7_OUTCOMES, type OutcomeThresholds, outcomeVsBaseline, PHQ9_OUTCOMES } from "../questionnaires/scoring";
import type { Instrument } from "../followup/metrics";

export interface TrendResponse {
  id: string;
  instrument: Instrument;
  total: number;
  takenAt: Date;
}

export interface TrendBaseline {
  /** The first taken dose; null before treatment (every score so far is pre-treatment). */
  firstDoseAt: Date | null;
  thresholds?: Partial<Record<Instrument, OutcomeThresholds>>;
}

export interface TrendPoint {
  id: string;
  takenAt: Date;
  total: number;
  band: string;
  bandLabel: string;
  /** The baseline score itself. */
  isBaseline: boolean;
  /** Before the first dose. */
  beforeTreatment: boolean;
  /** Total minus baseline; null for the baseline and earlier points or with no baseline. */
  delta: number | null;
}

export interface InstrumentTrend {
  instrument: Instrument;
  title: string;
  maxScore: number;
  /** For the chart's background bands. */
  bands: readonly Band[];
  points: TrendPoint[];
  baseline: number | null;
  latest: number | null;
  response: boolean;
  remission: boolean;
  /** Plain words for the patient. */
  text: string;
}

export interface Trend {
  phq9: InstrumentTrend;
  gad7: InstrumentTrend;
}

const DEFS = { phq9: PHQ9, gad7: GAD7 } as const;
const DEFAULTS: Readonly<Record<Instrument, OutcomeThresholds>> = { phq9: PHQ9_OUTCOMES, gad7: GAD7_OUTCOMES };

export function trend(responses: readonly TrendResponse[], baseline: TrendBaseline): Trend {
  return { phq9: instrumentTrend(responses, "phq9", baseline), gad7: instrumentTrend(responses, "gad7", baseline) };
}

function instrumentTrend(responses: readonly TrendResponse[], instrument: Instrument, b: TrendBaseline): InstrumentTrend {
  const def = DEFS[instrument];
  const t = b.thresholds?.[instrument] ?? DEFAULTS[instrument];
  const scores = responses
    .filter((r) => r.instrument === instrument)
    .map((r) => {
      if (!Number.isInteger(r.total) || r.total < 0 || r.total > def.maxScore) throw new RangeError(`${def.title} total ${r.total} is outside 0-${def.maxScore}`);
      return r;
    })
    .sort((x, y) => x.takenAt.getTime() - y.takenAt.getTime());
  const first = b.firstDoseAt;
  // A score at the first dose's time is the pre-dose check-in, so it is still the baseline.
  const base = first ? (scores.filter((s) => s.takenAt <= first).at(-1) ?? null) : null;
  const points: TrendPoint[] = scores.map((s) => {
    const band = def.bands.find((x) => s.total >= x.min && s.total <= x.max)!;
    const after = base !== null && s.takenAt > base.takenAt;
    return {
      id: s.id,
      takenAt: s.takenAt,
      total: s.total,
      band: band.name,
      bandLabel: band.label,
      isBaseline: s === base,
      beforeTreatment: first === null || s.takenAt <= first,
      delta: after ? s.total - base.total : null,
    };
  });
  const latest = scores.at(-1) ?? null;
  const latestAfter = latest && base && latest.takenAt > base.takenAt ? latest : null;
  const outcome = base && latestAfter ? outcomeVsBaseline(base.total, latestAfter.total, t) : null;
  return {
    instrument,
    title: def.title,
    maxScore: def.maxScore,
    bands: def.bands,
    points,
    baseline: base?.total ?? null,
    latest: latest?.total ?? null,
    response: outcome?.response ?? false,
    remission: outcome?.remission ?? false,
    text: words(def.title, base?.total ?? null, latestAfter ? points.at(-1)! : null, latest ? points.at(-1)! : null, outcome, t),
  };
}

function words(
  title: string,
  baseline: number | null,
  latestAfter: TrendPoint | null,
  latest: TrendPoint | null,
  outcome: ReturnType<typeof outcomeVsBaseline> | null,
  t: OutcomeThresholds,
): string {
  if (!latest) return `No ${title} answers yet. Your first check-in will start your chart.`;
  const band = (p: TrendPoint) => `${p.total} (${p.bandLabel.toLowerCase()})`;
  if (baseline === null || !latestAfter || !outcome) {
    return `Your latest ${title} score is ${band(latest)}. Scores after you start treatment will be compared with your score just before your first session.`;
  }
  const pct = baseline === 0 ? null : Math.round((Math.abs(outcome.change) / baseline) * 100);
  if (outcome.remission) {
    return `Your ${title} score is ${band(latestAfter)}, down from ${baseline} before treatment. That counts as remission: your symptoms are now minimal.`;
  }
  if (outcome.response) {
    return `Your ${title} score is ${band(latestAfter)}, down ${pct}% from ${baseline} before treatment. A drop of ${Math.round(t.responseReduction * 100)}% or more counts as a response to treatment.`;
  }
  if (outcome.change < 0) return `Your ${title} score is ${band(latestAfter)}, down from ${baseline} before treatment.`;
  if (outcome.change === 0) return `Your ${title} score is ${band(latestAfter)}, the same as before treatment.`;
  return `Your ${title} score is ${band(latestAfter)}, up from ${baseline} before treatment. Your care team can see this. If you feel worse, message them; if you are thinking about hurting yourself, call or text 988, or call 911 in an emergency.`;
}
