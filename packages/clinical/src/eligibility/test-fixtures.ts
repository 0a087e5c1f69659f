// Test-only fixtures (not exported from the package index).
import type { EvaluationFindings } from "./proposal";
import type { ScreeningInput } from "./types";

/** An intake that raises no flag at all. */
export const CLEAR_INTAKE: ScreeningInput = {
  dateOfBirth: "1985-06-01",
  ketamineHypersensitivity: false,
  priorSevereKetamineReaction: false,
  aneurysmalVascularDisease: false,
  arteriovenousMalformation: false,
  intracerebralHemorrhageHistory: false,
  psychosisHistory: false,
  maniaHistory: false,
  activeSubstanceUseDisorder: false,
  dissociativeMisuseEver: false,
  opioidUseDisorderHistory: false,
  substanceRemissionMonths: null,
  pregnant: false,
  planningPregnancy: false,
  breastfeeding: false,
  knownUncontrolledHypertension: false,
  bloodPressureReadings: [],
  unstableCardiovascularDisease: false,
  monthsSinceCardiovascularEvent: null,
  raisedIntracranialPressure: false,
  raisedIntraocularPressureOrAngleClosure: false,
  hepaticImpairment: "none",
  monthsSinceSuicideAttempt: null,
  activeSuicidalIntentOrPlan: false,
  lowerUrinaryTractSymptoms: false,
  takesBenzodiazepines: false,
  takesOpioids: false,
  takesOtherCnsDepressants: false,
  heavyAlcoholUse: false,
  takesMaoi: false,
  takesPsychostimulants: false,
  adultSupportPersonForEverySession: true,
  safeHomeAndNoDrivingUntilNextDay: true,
  hasWorkingHomeBpCuff: true,
  canCommitToFollowUps: true,
  baselinePhq9: 16,
  baselineGad7: 12,
};

/** An evaluation that confirms everything and measures a normal blood pressure twice. */
export const CLEAR_FINDINGS: EvaluationFindings = {
  bloodPressureReadings: [
    { systolic: 122, diastolic: 78 },
    { systolic: 118, diastolic: 76 },
  ],
  flagResolutions: [],
  pregnant: false,
  supportPersonConfirmed: true,
  homeBpCuffConfirmed: true,
  phq9: null,
  gad7: null,
  prescriberLicensedInPatientState: true,
  previouslyDeferredForBloodPressure: false,
};
