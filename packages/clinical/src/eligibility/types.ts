/**
 * Effects of a screening rule (DOMAIN.md §3): NE not eligible; IO at-home blocked, in-office
 * supervised only; OV at-home only with a prescriber override and structured justification;
 * W warning acknowledged in the note; DEFERRED decide later (e.g. BP recheck).
 */
export type Effect = "not_eligible" | "in_office_only" | "override_required" | "deferred" | "warning";

/** Most restrictive first. */
export const EFFECT_ORDER: readonly Effect[] = ["not_eligible", "in_office_only", "deferred", "override_required", "warning"];

export type HepaticImpairment = "none" | "mild" | "moderate" | "severe";

/** What intake captures for screening. Unknown answers are `null` and raise a follow-up flag, never a pass. */
export interface ScreeningInput {
  dateOfBirth: string;
  ketamineHypersensitivity: boolean | null;
  priorSevereKetamineReaction: boolean | null;
  aneurysmalVascularDisease: boolean | null;
  arteriovenousMalformation: boolean | null;
  intracerebralHemorrhageHistory: boolean | null;
  psychosisHistory: boolean | null;
  maniaHistory: boolean | null;
  activeSubstanceUseDisorder: boolean | null;
  dissociativeMisuseEver: boolean | null;
  opioidUseDisorderHistory: boolean | null;
  /** Months in sustained remission when a SUD history exists (null = not in remission or unknown). */
  substanceRemissionMonths: number | null;
  pregnant: boolean | null;
  planningPregnancy: boolean | null;
  breastfeeding: boolean | null;
  knownUncontrolledHypertension: boolean | null;
  /** Repeat readings at evaluation; empty before the evaluation. */
  bloodPressureReadings: readonly { systolic: number; diastolic: number }[];
  unstableCardiovascularDisease: boolean | null;
  /** Months since the most recent MI, stroke, decompensated heart failure or significant arrhythmia; null when none, "unknown" when unsure. */
  monthsSinceCardiovascularEvent: number | "unknown" | null;
  raisedIntracranialPressure: boolean | null;
  raisedIntraocularPressureOrAngleClosure: boolean | null;
  hepaticImpairment: HepaticImpairment | null;
  /** null when there has been no attempt; "unknown" when unsure whether or when. */
  monthsSinceSuicideAttempt: number | "unknown" | null;
  activeSuicidalIntentOrPlan: boolean | null;
  lowerUrinaryTractSymptoms: boolean | null;
  takesBenzodiazepines: boolean | null;
  takesOpioids: boolean | null;
  takesOtherCnsDepressants: boolean | null;
  heavyAlcoholUse: boolean | null;
  takesMaoi: boolean | null;
  takesPsychostimulants: boolean | null;
  adultSupportPersonForEverySession: boolean | null;
  safeHomeAndNoDrivingUntilNextDay: boolean | null;
  hasWorkingHomeBpCuff: boolean | null;
  canCommitToFollowUps: boolean | null;
  baselinePhq9: number | null;
  baselineGad7: number | null;
}

/** Clinic-configurable defaults (DOMAIN.md §3 "(C)" and "[U]" entries). */
export interface ScreeningConfig {
  psychosisEffect: "in_office_only" | "not_eligible";
  pregnancyEffect: "not_eligible" | "in_office_only";
  cardiovascularWindowMonths: number;
  recentCardiovascularEffect: "in_office_only" | "not_eligible";
  suicideAttemptWindowMonths: number;
  substanceRemissionMonthsForOverride: number;
  bloodPressureLimit: { systolic: number; diastolic: number };
}

export const DEFAULT_SCREENING_CONFIG: ScreeningConfig = {
  psychosisEffect: "in_office_only",
  pregnancyEffect: "not_eligible",
  cardiovascularWindowMonths: 6,
  recentCardiovascularEffect: "in_office_only",
  suicideAttemptWindowMonths: 12,
  substanceRemissionMonthsForOverride: 12,
  bloodPressureLimit: { systolic: 140, diastolic: 90 },
};

export interface ScreeningFlag {
  ruleId: string;
  effect: Effect;
  /** For clinicians: what was found. Never shown to the patient as a diagnosis. */
  finding: string;
  source: string;
  /** True when an unanswered question raised the flag: confirm at evaluation. */
  unanswered?: boolean;
}

export interface ScreeningResult {
  flags: ScreeningFlag[];
  /** The most restrictive effect among the flags, or null when nothing was flagged. */
  mostRestrictive: Effect | null;
  /** E11 or an item-9 answer: the crisis pathway applies. */
  crisisPathway: boolean;
}
