import type { Gad7Band, Phq9Band, QuestionnaireDefinition } from "./definitions";
import { GAD7, PHQ9 } from "./definitions";

export class InvalidAnswersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidAnswersError";
  }
}

/** Every item is required and answered 0-3 (DOMAIN.md §6: "All items required; item 9 mandatory"). */
function validate(def: QuestionnaireDefinition, answers: readonly number[]) {
  if (answers.length !== def.items.length) {
    throw new InvalidAnswersError(`${def.title} needs ${def.items.length} answers, got ${answers.length}`);
  }
  answers.forEach((a, i) => {
    if (!Number.isInteger(a) || a < 0 || a > 3) throw new InvalidAnswersError(`${def.title} item ${i + 1} must be 0, 1, 2 or 3`);
  });
}

function bandOf<B extends string>(def: QuestionnaireDefinition<B>, total: number): B {
  const band = def.bands.find((b) => total >= b.min && total <= b.max);
  if (!band) throw new InvalidAnswersError(`${def.title} total ${total} is outside 0-${def.maxScore}`);
  return band.name;
}

export interface Phq9Score {
  total: number;
  band: Phq9Band;
  /** Item 9 (thoughts of self-harm) answered 1 or more: crisis screen and alert A1 (DOMAIN.md §6, §7). */
  item9Positive: boolean;
  item9: number;
}

export function scorePhq9(answers: readonly number[]): Phq9Score {
  validate(PHQ9, answers);
  const total = answers.reduce((s, a) => s + a, 0);
  const item9 = answers[8]!;
  // Threshold fixed at >= 1 and not clinic-configurable (DOMAIN.md §6 item-9 rule).
  return { total, band: bandOf(PHQ9, total), item9, item9Positive: item9 >= 1 };
}

export interface Gad7Score {
  total: number;
  band: Gad7Band;
  /** >= 10 warrants further evaluation (Spitzer 2006; DOMAIN.md §6). */
  furtherEvaluation: boolean;
}

export function scoreGad7(answers: readonly number[]): Gad7Score {
  validate(GAD7, answers);
  const total = answers.reduce((s, a) => s + a, 0);
  return { total, band: bandOf(GAD7, total), furtherEvaluation: total >= 10 };
}

/** Clinic-configurable defaults for measurement-based care (DOMAIN.md §6 metrics table). */
export interface OutcomeThresholds {
  /** Fractional reduction from baseline that counts as response (Hull 2022: 0.5). */
  responseReduction: number;
  /** Remission below this score (PHQ-9 and GAD-7: 5). */
  remissionBelow: number;
  /** Hull: remission only counts when the baseline was at least this (PHQ-9: 10). */
  remissionMinBaseline: number;
  /** Minimal clinically important difference in points (PHQ-9 5, Löwe 2004; GAD-7 4, Toussaint 2020). */
  mcid: number;
}

export const PHQ9_OUTCOMES: OutcomeThresholds = { responseReduction: 0.5, remissionBelow: 5, remissionMinBaseline: 10, mcid: 5 };
export const GAD7_OUTCOMES: OutcomeThresholds = { responseReduction: 0.5, remissionBelow: 5, remissionMinBaseline: 10, mcid: 4 };

export interface Outcome {
  change: number;
  percentChange: number | null;
  response: boolean;
  remission: boolean;
  /** Worsened by at least the MCID. */
  meaningfulWorsening: boolean;
  meaningfulImprovement: boolean;
}

/** Change from baseline (the last score before the first dose) to a later score. */
export function outcomeVsBaseline(baseline: number, current: number, t: OutcomeThresholds): Outcome {
  const change = current - baseline;
  return {
    change,
    percentChange: baseline === 0 ? null : change / baseline,
    response: baseline > 0 && current <= baseline * (1 - t.responseReduction),
    remission: baseline >= t.remissionMinBaseline && current < t.remissionBelow,
    meaningfulWorsening: change >= t.mcid,
    meaningfulImprovement: -change >= t.mcid,
  };
}
