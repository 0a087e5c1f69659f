import type { HepaticImpairment, ScreeningInput } from "../eligibility/types";

type Tri = "yes" | "no" | "unsure";

/** The intake answers screening reads (a structural subset of @clearwell/validators/intake). */
export interface IntakeScreeningAnswers {
  about: { dateOfBirth: string };
  contacts: { supportPersonPresentEveryDose: Tri; supportPersonIsAdult: Tri };
  history: {
    ketamineHypersensitivity: Tri;
    priorSevereKetamineReaction: Tri;
    aneurysmalVascularDisease: Tri;
    arteriovenousMalformation: Tri;
    intracerebralHemorrhageHistory: Tri;
    psychosisHistory: Tri;
    maniaHistory: Tri;
    activeSubstanceUseDisorder: Tri;
    dissociativeMisuseEver: Tri;
    opioidUseDisorderHistory: Tri;
    substanceUseInRemission?: Tri | undefined;
    substanceRemissionMonths?: number | undefined;
    pregnant: Tri;
    planningPregnancy: Tri;
    breastfeeding: Tri;
    knownUncontrolledHypertension: Tri;
    unstableCardiovascularDisease: Tri;
    cardiovascularEvent: Tri;
    monthsSinceCardiovascularEvent?: number | undefined;
    raisedIntracranialPressure: Tri;
    raisedIntraocularPressureOrAngleClosure: Tri;
    hepaticImpairment: HepaticImpairment | "unsure";
    suicideAttemptEver: Tri;
    monthsSinceSuicideAttempt?: number | undefined;
    activeSuicidalIntentOrPlan: Tri;
    lowerUrinaryTractSymptoms: Tri;
    heavyAlcoholUse: Tri;
  };
  medications: { benzodiazepines: Tri; opioids: Tri; otherCnsDepressants: Tri; maoi: Tri; psychostimulants: Tri };
  home: { safeQuietPlaceForDoses: Tri; noDrivingUntilNextDay: Tri; hasWorkingHomeBpCuff: Tri; canCommitToFollowUps: Tri };
}

// "Unsure" is unanswered: the rule raises a flag to confirm at evaluation, never a pass.
const tri = (v: Tri): boolean | null => (v === "yes" ? true : v === "no" ? false : null);

function both(a: Tri, b: Tri): boolean | null {
  if (a === "no" || b === "no") return false;
  if (a === "yes" && b === "yes") return true;
  return null;
}

function monthsSince(happened: Tri, months: number | undefined): number | "unknown" | null {
  if (happened === "no") return null;
  return happened === "yes" && months !== undefined ? months : "unknown";
}

/** Intake answers plus baseline scores → DOMAIN.md §3 screening input. Blood pressure is read at evaluation. */
export function screeningInputFromIntake(a: IntakeScreeningAnswers, baseline: { phq9: number | null; gad7: number | null }): ScreeningInput {
  const h = a.history;
  const m = a.medications;
  const cvEvent = h.cardiovascularEvent;
  const attempt = h.suicideAttemptEver;
  return {
    dateOfBirth: a.about.dateOfBirth,
    ketamineHypersensitivity: tri(h.ketamineHypersensitivity),
    priorSevereKetamineReaction: tri(h.priorSevereKetamineReaction),
    aneurysmalVascularDisease: tri(h.aneurysmalVascularDisease),
    arteriovenousMalformation: tri(h.arteriovenousMalformation),
    intracerebralHemorrhageHistory: tri(h.intracerebralHemorrhageHistory),
    psychosisHistory: tri(h.psychosisHistory),
    maniaHistory: tri(h.maniaHistory),
    activeSubstanceUseDisorder: tri(h.activeSubstanceUseDisorder),
    dissociativeMisuseEver: tri(h.dissociativeMisuseEver),
    opioidUseDisorderHistory: tri(h.opioidUseDisorderHistory),
    substanceRemissionMonths: h.substanceUseInRemission === "yes" ? (h.substanceRemissionMonths ?? null) : null,
    pregnant: tri(h.pregnant),
    planningPregnancy: tri(h.planningPregnancy),
    breastfeeding: tri(h.breastfeeding),
    knownUncontrolledHypertension: tri(h.knownUncontrolledHypertension),
    bloodPressureReadings: [],
    unstableCardiovascularDisease: tri(h.unstableCardiovascularDisease),
    // "Unsure", or yes without a time, stays unknown: the window rule flags it as not answered, to confirm at evaluation.
    monthsSinceCardiovascularEvent: monthsSince(cvEvent, h.monthsSinceCardiovascularEvent),
    raisedIntracranialPressure: tri(h.raisedIntracranialPressure),
    raisedIntraocularPressureOrAngleClosure: tri(h.raisedIntraocularPressureOrAngleClosure),
    hepaticImpairment: h.hepaticImpairment === "unsure" ? null : h.hepaticImpairment,
    monthsSinceSuicideAttempt: monthsSince(attempt, h.monthsSinceSuicideAttempt),
    activeSuicidalIntentOrPlan: tri(h.activeSuicidalIntentOrPlan),
    lowerUrinaryTractSymptoms: tri(h.lowerUrinaryTractSymptoms),
    takesBenzodiazepines: tri(m.benzodiazepines),
    takesOpioids: tri(m.opioids),
    takesOtherCnsDepressants: tri(m.otherCnsDepressants),
    heavyAlcoholUse: tri(h.heavyAlcoholUse),
    takesMaoi: tri(m.maoi),
    takesPsychostimulants: tri(m.psychostimulants),
    adultSupportPersonForEverySession: both(a.contacts.supportPersonPresentEveryDose, a.contacts.supportPersonIsAdult),
    safeHomeAndNoDrivingUntilNextDay: both(a.home.safeQuietPlaceForDoses, a.home.noDrivingUntilNextDay),
    hasWorkingHomeBpCuff: tri(a.home.hasWorkingHomeBpCuff),
    canCommitToFollowUps: tri(a.home.canCommitToFollowUps),
    baselinePhq9: baseline.phq9,
    baselineGad7: baseline.gad7,
  };
}
