import { z } from "zod";

import { ZDateOfBirth, ZPersonName, ZPhone, ZState, ZUuid, text } from "./common";
import type { IntakeStep } from "./intake-steps";
import { ZTimeZone } from "./time-zones";

// The zone check lives with the zone list (time-zones.ts); re-exported for existing importers.
export { ZTimeZone } from "./time-zones";

/** "unsure" is kept distinct from "no": screening treats it as unanswered, never as a pass. */
export const ZYesNoUnsure = z.enum(["yes", "no", "unsure"], { message: "Choose an answer." });
const ZMonths = z.coerce.number().int("Whole months only.").min(0, "Cannot be negative.").max(1200, "Too large.");

export { INTAKE_STEPS, type IntakeStep } from "./intake-steps";

/** Sex as on the patient's ID; "unknown" also when they would rather not say (SCRIPT U). */
export const ZPatientSex = z.enum(["female", "male", "unknown"], { message: "Choose an answer." });

export const ZAboutStep = z.object({
  givenName: ZPersonName,
  familyName: ZPersonName,
  preferredName: text({ max: 100 }).optional(),
  dateOfBirth: ZDateOfBirth,
  // For the pharmacy's record (SCRIPT Gender); optional so drafts saved before it still submit.
  sex: ZPatientSex.optional(),
  phone: ZPhone,
  addressLine1: text({ min: 1, max: 200 }),
  addressLine2: text({ max: 200 }).optional(),
  city: text({ min: 1, max: 100 }),
  stateOfResidence: ZState,
  postalCode: text({ max: 10 }).regex(/^\d{5}(-\d{4})?$/, "Enter a ZIP code like 12345."),
  timezone: ZTimeZone,
});

const ZContactPerson = z.object({
  name: ZPersonName,
  relationship: text({ min: 1, max: 60 }),
  phone: ZPhone,
});

export const ZContactsStep = z.object({
  emergencyContact: ZContactPerson,
  supportPerson: ZContactPerson,
  // E15: an adult support person present for every session and the post-dose window.
  supportPersonPresentEveryDose: ZYesNoUnsure,
  supportPersonIsAdult: ZYesNoUnsure,
});

export const ZHistoryStep = z
  .object({
    ketamineHypersensitivity: ZYesNoUnsure,
    priorSevereKetamineReaction: ZYesNoUnsure,
    aneurysmalVascularDisease: ZYesNoUnsure,
    arteriovenousMalformation: ZYesNoUnsure,
    intracerebralHemorrhageHistory: ZYesNoUnsure,
    psychosisHistory: ZYesNoUnsure,
    maniaHistory: ZYesNoUnsure,
    activeSubstanceUseDisorder: ZYesNoUnsure,
    dissociativeMisuseEver: ZYesNoUnsure,
    opioidUseDisorderHistory: ZYesNoUnsure,
    substanceUseInRemission: ZYesNoUnsure.optional(),
    substanceRemissionMonths: ZMonths.optional(),
    pregnant: ZYesNoUnsure,
    planningPregnancy: ZYesNoUnsure,
    breastfeeding: ZYesNoUnsure,
    knownUncontrolledHypertension: ZYesNoUnsure,
    unstableCardiovascularDisease: ZYesNoUnsure,
    cardiovascularEvent: ZYesNoUnsure,
    monthsSinceCardiovascularEvent: ZMonths.optional(),
    raisedIntracranialPressure: ZYesNoUnsure,
    raisedIntraocularPressureOrAngleClosure: ZYesNoUnsure,
    hepaticImpairment: z.enum(["none", "mild", "moderate", "severe", "unsure"], { message: "Choose an answer." }),
    suicideAttemptEver: ZYesNoUnsure,
    monthsSinceSuicideAttempt: ZMonths.optional(),
    activeSuicidalIntentOrPlan: ZYesNoUnsure,
    lowerUrinaryTractSymptoms: ZYesNoUnsure,
    heavyAlcoholUse: ZYesNoUnsure,
    allergies: text({ max: 1000, multiline: true }).optional(),
    otherConditions: text({ max: 2000, multiline: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.cardiovascularEvent === "yes" && v.monthsSinceCardiovascularEvent === undefined) {
      ctx.addIssue({ code: "custom", path: ["monthsSinceCardiovascularEvent"], message: "How many months ago was the most recent one?" });
    }
    if (v.suicideAttemptEver === "yes" && v.monthsSinceSuicideAttempt === undefined) {
      ctx.addIssue({ code: "custom", path: ["monthsSinceSuicideAttempt"], message: "How many months ago was the most recent attempt?" });
    }
    const sudHistory = v.activeSubstanceUseDisorder === "yes" || v.opioidUseDisorderHistory === "yes" || v.dissociativeMisuseEver === "yes";
    if (sudHistory && v.substanceUseInRemission === undefined) {
      ctx.addIssue({ code: "custom", path: ["substanceUseInRemission"], message: "Choose an answer." });
    }
    if (v.substanceUseInRemission === "yes" && v.substanceRemissionMonths === undefined) {
      ctx.addIssue({ code: "custom", path: ["substanceRemissionMonths"], message: "For how many months?" });
    }
  });

export const ZMedicationsStep = z.object({
  currentMedications: text({ max: 4000, multiline: true }),
  // DOMAIN.md §3 E13/E14 interacting classes.
  benzodiazepines: ZYesNoUnsure,
  opioids: ZYesNoUnsure,
  otherCnsDepressants: ZYesNoUnsure,
  maoi: ZYesNoUnsure,
  psychostimulants: ZYesNoUnsure,
});

export const ZHomeStep = z.object({
  safeQuietPlaceForDoses: ZYesNoUnsure,
  noDrivingUntilNextDay: ZYesNoUnsure,
  transportForInPersonCare: ZYesNoUnsure,
  hasWorkingHomeBpCuff: ZYesNoUnsure,
  canCommitToFollowUps: ZYesNoUnsure,
  preferredPharmacy: text({ max: 300 }).optional(),
});

const ZItem = z.number({ message: "Choose an answer." }).int().min(0).max(3);
const ZFunctional = z.number().int().min(0).max(3).optional();
// DOMAIN.md §6: all items required; item 9 mandatory.
export const ZPhq9Step = z.object({ items: z.array(ZItem).length(9, "Answer all 9 questions."), functional: ZFunctional });
export const ZGad7Step = z.object({ items: z.array(ZItem).length(7, "Answer all 7 questions."), functional: ZFunctional });

export const ZConsentsStep = z.object({
  telehealthVersion: text({ min: 1, max: 60 }),
  telehealthAccepted: z.literal(true, { message: "You need to accept the telehealth consent to continue." }),
  controlledSubstanceVersion: text({ min: 1, max: 60 }),
  controlledSubstanceAccepted: z.literal(true, { message: "You need to accept the controlled-substance agreement to continue." }),
  signedName: ZPersonName,
});

export const INTAKE_STEP_SCHEMAS = {
  about: ZAboutStep,
  contacts: ZContactsStep,
  history: ZHistoryStep,
  medications: ZMedicationsStep,
  home: ZHomeStep,
  phq9: ZPhq9Step,
  gad7: ZGad7Step,
  consents: ZConsentsStep,
} as const satisfies Record<IntakeStep, z.ZodType>;

export type IntakeAnswers = { [K in IntakeStep]: z.output<(typeof INTAKE_STEP_SCHEMAS)[K]> };

export const ZIntakeSaveStepInput = z.discriminatedUnion("step", [
  z.object({ intakeId: ZUuid, step: z.literal("about"), data: ZAboutStep }),
  z.object({ intakeId: ZUuid, step: z.literal("contacts"), data: ZContactsStep }),
  z.object({ intakeId: ZUuid, step: z.literal("history"), data: ZHistoryStep }),
  z.object({ intakeId: ZUuid, step: z.literal("medications"), data: ZMedicationsStep }),
  z.object({ intakeId: ZUuid, step: z.literal("home"), data: ZHomeStep }),
  z.object({ intakeId: ZUuid, step: z.literal("phq9"), data: ZPhq9Step }),
  z.object({ intakeId: ZUuid, step: z.literal("gad7"), data: ZGad7Step }),
  z.object({ intakeId: ZUuid, step: z.literal("consents"), data: ZConsentsStep }),
]);
export type TIntakeSaveStepInput = z.input<typeof ZIntakeSaveStepInput>;

export const ZIntakeSubmitInput = z.object({ intakeId: ZUuid });
export const ZIntakeIdInput = z.object({ intakeId: ZUuid });
/** A clinician's suicide-risk assessment at intake review (DOMAIN.md §3 E11, §7 A1: the crisis pathway). */
export const ZRiskAssessment = z.object({
  suicideRisk: z.enum(["low", "moderate", "high"], "Choose the suicide risk level."),
  summary: text({ min: 10, max: 4000, multiline: true }),
});
export type TRiskAssessment = z.infer<typeof ZRiskAssessment>;

export const ZIntakeReviewInput = z.object({
  patientId: ZUuid,
  intakeId: ZUuid,
  note: text({ max: 4000, multiline: true }).optional(),
  releaseForScheduling: z.boolean(),
  /** Required to release a patient on the crisis pathway. */
  riskAssessment: ZRiskAssessment.optional(),
});

