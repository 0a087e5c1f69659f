/**
 * Measurement-based care between visits (DOMAIN.md §6 metrics, §8 interval data): baseline and
 * previous PHQ-9 / GAD-7 scores, deltas, response, remission and MCID flags. Thresholds are the
 * clinic-configurable defaults in `PHQ9_OUTCOMES` / `GAD7_OUTCOMES`:
 * - baseline: the last score before the first dose (DOMAIN.md §6);
 * - response: >= 50% reduction from baseline (Hull et al. 2022, J Affect Disord 314:59-67);
 * - remission: PHQ-9 < 5 with a baseline >= 10 (Hull 2022); GAD-7 < 5 (same baseline qualifier);
 * - MCID: PHQ-9 5 points (Löwe et al., Med Care 2004); GAD-7 4 points (Toussaint et al.,
 *   J Affect Disord 2020;265:395-401).
 */
import { GAD7_OUTCOMES, type OutcomeThresholds, outcomeVsBaseline, PHQ9_OUTCOMES } from "../questionnaires/scoring";

export type Instrument = "phq9" | "gad7";

export const INSTRUMENT_MAX: Readonly<Record<Instrument, number>> = { phq9: 27, gad7: 21 };

export const DEFAULT_OUTCOME_THRESHOLDS: Readonly<Record<Instrument, OutcomeThresholds>> = { phq9: PHQ9_OUTCOMES, gad7: GAD7_OUTCOMES };

/** A scored questionnaire, by its stored id. */
export interface ScoreEntry {
  id: string;
  instrument: Instrument;
  total: number;
  takenAt: Date;
}

/** A score as a snapshot stores it (JSON-safe). */
export interface ScoreRef {
  id: string;
  total: number;
  takenAt: string;
}

export interface ScoreDelta {
  /** Later minus earlier; negative is better. */
  change: number;
  /** `change / earlier`; null when the earlier score was 0. */
  percentChange: number | null;
  /** Worse by at least the MCID. */
  meaningfulWorsening: boolean;
  /** Better by at least the MCID. */
  meaningfulImprovement: boolean;
}

export interface ScoreTrend {
  instrument: Instrument;
  baseline: ScoreRef | null;
  previous: ScoreRef | null;
  latest: ScoreRef | null;
  /** Null while the latest score is the baseline (or there is none). */
  vsBaseline: ScoreDelta | null;
  vsPrevious: ScoreDelta | null;
  response: boolean;
  remission: boolean;
  thresholds: OutcomeThresholds;
}

export interface ScoreTrendOptions {
  /** The first ketamine dose; null before treatment starts (the latest score is then the baseline). */
  firstDoseAt: Date | null;
  /** Only scores taken at or before this count (the snapshot's time). */
  now?: Date;
  thresholds?: OutcomeThresholds;
}

/** Baseline, previous and latest scores of one instrument, with deltas and flags. */
export function scoreTrend(entries: readonly ScoreEntry[], instrument: Instrument, opts: ScoreTrendOptions): ScoreTrend {
  const t = opts.thresholds ?? DEFAULT_OUTCOME_THRESHOLDS[instrument];
  const scores = entries
    .filter((e) => e.instrument === instrument && (!opts.now || e.takenAt <= opts.now))
    .map((e) => {
      if (!Number.isInteger(e.total) || e.total < 0 || e.total > INSTRUMENT_MAX[instrument]) throw new RangeError(`${instrument} total ${e.total} is outside 0-${INSTRUMENT_MAX[instrument]}`);
      return e;
    })
    .sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  const latest = scores.at(-1) ?? null;
  const previous = scores.at(-2) ?? null;
  const first = opts.firstDoseAt;
  // A score taken at the first dose's time is the pre-dose check-in, so it still counts.
  const baseline = first ? (scores.filter((s) => s.takenAt <= first).at(-1) ?? null) : latest;
  const afterBaseline = baseline && latest && latest !== baseline ? latest : null;
  const outcome = baseline && afterBaseline ? outcomeVsBaseline(baseline.total, afterBaseline.total, t) : null;
  return {
    instrument,
    baseline: scoreRef(baseline),
    previous: scoreRef(previous),
    latest: scoreRef(latest),
    vsBaseline: baseline && afterBaseline ? delta(baseline.total, afterBaseline.total, t) : null,
    vsPrevious: previous && latest ? delta(previous.total, latest.total, t) : null,
    response: outcome?.response ?? false,
    remission: outcome?.remission ?? false,
    thresholds: t,
  };
}

function delta(earlier: number, later: number, t: OutcomeThresholds): ScoreDelta {
  const change = later - earlier;
  return { change, percentChange: earlier === 0 ? null : change / earlier, meaningfulWorsening: change >= t.mcid, meaningfulImprovement: -change >= t.mcid };
}

export function scoreRef(e: ScoreEntry | null): ScoreRef | null {
  return e ? { id: e.id, total: e.total, takenAt: e.takenAt.toISOString() } : null;
}
