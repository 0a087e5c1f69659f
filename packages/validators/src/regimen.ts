import { z } from "zod";

import { ZEmail, ZInstant, ZIsoDate, ZOptionalPhone, ZPersonName, ZToken, ZUuid, text } from "./common";
import { ZIdempotencyKey } from "./prescription";

/**
 * Inputs of the at-home regimen procedures (issue 13; DOMAIN.md §2 "Regimen", "Dose session",
 * "Check-in"; §7 A1-A6): regimen, dose, supportPerson, checkIn. Facts (the regimen's numbers, the
 * clinic's thresholds, what was dispensed) are read by the server, never taken from the client.
 */

export { ZIdempotencyKey };

// ---- regimen ---------------------------------------------------------------------------------

export const ZRegimenRef = z.object({ regimenId: ZUuid });

/** regimen.confirmReceipt: the patient has the medicine in hand (activates a planned regimen). */
export const ZRegimenConfirmReceiptInput = z.object({ regimenId: ZUuid, idempotencyKey: ZIdempotencyKey });
export type TRegimenConfirmReceiptInput = z.input<typeof ZRegimenConfirmReceiptInput>;

/** Units in the regimen's unit (troches, tablets, mL); mL may have two decimals. */
const ZUnits = z
  .number({ error: "Enter how many units." })
  .positive("Enter a number of units above 0.")
  .max(1000, "Enter at most 1000 units.")
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, "Enter the units with at most two decimals.");

/** regimen.reportLostOrStolen (DOMAIN.md §7 A6). */
export const ZRegimenReportLostInput = z.object({
  regimenId: ZUuid,
  units: ZUnits,
  description: text({ min: 1, max: 1000, multiline: true, minMessage: "Say briefly what happened." }),
  idempotencyKey: ZIdempotencyKey,
});
export type TRegimenReportLostInput = z.input<typeof ZRegimenReportLostInput>;

/** regimen.requestRenewal (DOMAIN.md §7 A6 "early refill/renewal request"). */
export const ZRegimenRequestRenewalInput = z.object({
  regimenId: ZUuid,
  note: text({ max: 500, multiline: true }).optional(),
  idempotencyKey: ZIdempotencyKey,
});
export type TRegimenRequestRenewalInput = z.input<typeof ZRegimenRequestRenewalInput>;

/** regimen.forPatient (provider app). */
export const ZRegimenForPatientInput = z.object({ patientId: ZUuid });

/** regimen.pause / resume / stop (provider app): the clinician's reason is kept on the regimen's history. */
export const ZRegimenActionInput = z.object({
  regimenId: ZUuid,
  reason: text({ min: 3, max: 500, multiline: true, minMessage: "Give a short reason (at least 3 characters)." }),
});
export type TRegimenActionInput = z.input<typeof ZRegimenActionInput>;

// ---- dose ------------------------------------------------------------------------------------

export const ZDoseSessionRef = z.object({ sessionId: ZUuid });
export const ZDoseListInput = z.object({ regimenId: ZUuid });

/** A home cuff reading: whole numbers in the ranges a cuff shows. */
export const ZBloodPressure = z.object({
  systolic: z.number({ error: "Enter the top number." }).int("Enter a whole number.").min(50, "The top number looks too low: measure again.").max(300, "The top number looks too high: measure again."),
  diastolic: z.number({ error: "Enter the bottom number." }).int("Enter a whole number.").min(20, "The bottom number looks too low: measure again.").max(200, "The bottom number looks too high: measure again."),
});

export const PRECHECK_FEELINGS = ["calm", "anxious", "unwell", "in_crisis"] as const;
export const ZPrecheckFeeling = z.enum(PRECHECK_FEELINGS, { message: "Choose how you feel right now." });

/** The pre-dose questions (DOMAIN.md §2 "Pre-check"). */
export const ZPrecheckAnswers = z.object({
  supportPresent: z.boolean({ error: "Say whether your support person is with you." }),
  alcoholOrSedativesToday: z.boolean({ error: "Say whether you had alcohol or sedatives today." }),
  drivingPlan: z.boolean({ error: "Say whether you plan to drive today." }),
  feeling: ZPrecheckFeeling,
  fastingFollowed: z.boolean({ error: "Say whether you followed the fasting rule." }),
  calmPlace: z.boolean({ error: "Say whether you are in a calm, safe place." }),
});
export type TPrecheckAnswers = z.infer<typeof ZPrecheckAnswers>;

/** The 6-digit code the support person's phone shows. */
export const ZSupportCode = z.string({ error: "Enter the 6-digit code." }).regex(/^\d{6}$/, "Enter the 6 digits your support person reads to you.");

/**
 * dose.precheck. The first call carries the answers and the first reading (and the support
 * person's code); after `needs_recheck`, the second call carries only the second reading (the code
 * may come then if it did not before).
 */
export const ZDosePrecheckInput = z.object({
  sessionId: ZUuid,
  bp: ZBloodPressure,
  answers: ZPrecheckAnswers.optional(),
  supportCode: ZSupportCode.optional(),
  idempotencyKey: ZIdempotencyKey,
});
export type TDosePrecheckInput = z.input<typeof ZDosePrecheckInput>;

export const SIDE_EFFECT_SEVERITY_VALUES = ["mild", "moderate", "severe"] as const;
/** A side effect by catalogue code (packages/clinical SIDE_EFFECTS; the server refuses unknown codes). */
export const ZSideEffectInput = z.object({
  code: z.string().regex(/^[a-z_]{2,40}$/, "Choose a side effect from the list."),
  severity: z.enum(SIDE_EFFECT_SEVERITY_VALUES, { message: "Choose mild, moderate or severe." }),
});
const ZSideEffects = z.array(ZSideEffectInput).max(20, "At most 20 side effects.");

/** dose.log: what was taken, when, what happened, and who was there (DOMAIN.md §7 A4-A6). */
export const ZDoseLogInput = z.object({
  sessionId: ZUuid,
  takenAt: ZInstant,
  unitsTaken: ZUnits,
  dissociationMinutes: z.number({ error: "Enter the minutes (0 if none)." }).int("Enter whole minutes.").min(0, "Minutes cannot be negative.").max(1440, "At most 1440 minutes (24 hours)."),
  sideEffects: ZSideEffects,
  supportSignoffName: ZPersonName,
  idempotencyKey: ZIdempotencyKey,
});
export type TDoseLogInput = z.infer<typeof ZDoseLogInput>;

export const POSTCHECK_FEELINGS = ["well", "tired", "unwell", "in_crisis"] as const;

/** dose.postcheck: a few hours after the dose. */
export const ZDosePostcheckInput = z.object({
  sessionId: ZUuid,
  feeling: z.enum(POSTCHECK_FEELINGS, { message: "Choose how you feel now." }),
  sideEffects: ZSideEffects,
  dissociationResolved: z.boolean({ error: "Say whether the detached feeling has passed." }),
  notes: text({ max: 1000, multiline: true }).optional(),
  idempotencyKey: ZIdempotencyKey,
});
export type TDosePostcheckInput = z.input<typeof ZDosePostcheckInput>;

/** dose.reschedule: a later (or earlier, not before the earliest allowed) day for a scheduled session. */
export const ZDoseRescheduleInput = z.object({ sessionId: ZUuid, scheduledDate: ZIsoDate });
export type TDoseRescheduleInput = z.input<typeof ZDoseRescheduleInput>;

// ---- supportPerson ---------------------------------------------------------------------------

export const ZSupportPersonInviteInput = z.object({
  name: ZPersonName,
  relationship: text({ min: 1, max: 60, minMessage: "Say how you know them (for example: partner, friend)." }),
  email: ZEmail,
  phone: ZOptionalPhone,
});
export type TSupportPersonInviteInput = z.input<typeof ZSupportPersonInviteInput>;

/** The link token (public procedures): never logged. */
export const ZSupportTokenInput = z.object({ token: ZToken });
export const ZSupportConsentInput = z.object({
  token: ZToken,
  acknowledged: z.literal(true, { error: "Confirm you have read the briefing." }),
  briefingVersion: text({ min: 1, max: 20 }),
});
export const ZSupportConfirmPresenceInput = z.object({ token: ZToken, sessionId: ZUuid });

// ---- checkIn ---------------------------------------------------------------------------------

const ZAnswer = z.number({ message: "Choose an answer for every question." }).int("Each answer is 0, 1, 2 or 3.").min(0, "Each answer is 0, 1, 2 or 3.").max(3, "Each answer is 0, 1, 2 or 3.");
const ZFunctional = z.number().int().min(0, "Choose one of the four answers.").max(3, "Choose one of the four answers.").optional();

/** checkIn.submit: PHQ-9 and GAD-7 together (DOMAIN.md §6: all items required, item 9 mandatory). */
export const ZCheckInSubmitInput = z.object({
  checkInId: ZUuid,
  phq9: z.object({ answers: z.array(ZAnswer).length(9, "PHQ-9 has 9 questions: answer all 9."), functionalDifficulty: ZFunctional }),
  gad7: z.object({ answers: z.array(ZAnswer).length(7, "GAD-7 has 7 questions: answer all 7."), functionalDifficulty: ZFunctional }),
  idempotencyKey: ZIdempotencyKey,
});
export type TCheckInSubmitInput = z.input<typeof ZCheckInSubmitInput>;
