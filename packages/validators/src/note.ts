import { z } from "zod";

import { ZInstant, ZUuid, text } from "./common";
import { ZGad7Step, ZPhq9Step } from "./intake";

// Not trimmed: the editor owns the exact text, including leading indentation.
const section = text({ max: 20_000, trim: false, multiline: true, maxMessage: "Too long for one section." });
const shortText = text({ max: 500, multiline: true });
const comment = text({ max: 2000, multiline: true });

/** DOMAIN.md §8 SOAP sections while drafting. */
export const ZNoteSections = z.object({ subjective: section, objective: section, assessment: section, plan: section });
export type TNoteSections = z.infer<typeof ZNoteSections>;

export const NOTE_KINDS = ["evaluation", "follow_up", "addendum"] as const;
export const ZNoteKind = z.enum(NOTE_KINDS);

/** How the evaluating clinician resolved one intake screening flag (DOMAIN.md §3 "Confirm at evaluation"). */
export const ZFlagResolution = z.enum(["confirm", "refute", "needs_follow_up"]);
export const ZFlagReview = z.object({
  ruleId: z.string().regex(/^E\d{2}$/, "Not a screening rule id."),
  resolution: ZFlagResolution,
  comment: comment.optional(),
});

/** Mental status examination, one short finding per domain. */
export const MENTAL_STATUS_FIELDS = [
  "appearance",
  "behaviour",
  "speech",
  "mood",
  "affect",
  "thoughtProcess",
  "thoughtContent",
  "perception",
  "cognition",
  "insight",
  "judgement",
] as const;
export const ZMentalStatus = z.object(Object.fromEntries(MENTAL_STATUS_FIELDS.map((f) => [f, shortText.optional()])) as Record<(typeof MENTAL_STATUS_FIELDS)[number], z.ZodOptional<typeof shortText>>);

/** One blood pressure reading; E06 needs repeat readings at evaluation (DOMAIN.md §3). */
export const ZBpReading = z
  .object({
    systolic: z.number().int().min(50, "Systolic looks too low.").max(300, "Systolic looks too high."),
    diastolic: z.number().int().min(20, "Diastolic looks too low.").max(200, "Diastolic looks too high."),
    takenAt: ZInstant,
    position: z.enum(["sitting", "standing", "lying"]),
    /** Minutes at rest before the reading. */
    restMinutes: z.number().int().min(0).max(120).optional(),
  })
  .refine((r) => r.diastolic < r.systolic, { message: "Diastolic must be lower than systolic.", path: ["diastolic"] });
export type TBpReading = z.infer<typeof ZBpReading>;

export const ZVitals = z.object({
  bpReadings: z.array(ZBpReading).max(12),
  /** Why fewer than two readings were taken (e.g. no cuff at hand on a video visit). */
  bpNotTakenReason: comment.optional(),
  heartRate: z.number().int().min(20).max(250).optional(),
  respiratoryRate: z.number().int().min(4).max(80).optional(),
  temperatureC: z.number().min(30).max(45).optional(),
  oxygenSaturation: z.number().int().min(50).max(100).optional(),
  weightKg: z.number().min(20).max(400).optional(),
  heightCm: z.number().min(100).max(250).optional(),
});

export const RISK_LEVELS = ["low", "moderate", "high"] as const;
/** Suicide and misuse risk (DOMAIN.md §3 E04, E11; §8 "A"). Fields are optional while drafting. */
export const ZNoteRiskAssessment = z.object({
  suicideRisk: z.enum(RISK_LEVELS).optional(),
  /** The patient reports a plan or intent (E11). */
  suicidePlanReported: z.boolean().optional(),
  /** Safety plan and follow-up; required at signing unless the risk is low. */
  safetyPlan: comment.optional(),
  misuseRisk: z.enum(RISK_LEVELS).optional(),
  misuseComment: comment.optional(),
});

/** The support person for dosing sessions (DOMAIN.md §3 E15). */
export const ZSupportPersonCheck = z.object({ confirmed: z.boolean(), name: text({ max: 100 }).optional() });

/**
 * The structured part of an evaluation note (DOMAIN.md issue 11 §1). Every part is optional
 * while drafting; signing checks completeness and names what is missing. The attested
 * location is never taken from the client: the server copies it from the visit at signing.
 */
export const ZEvaluationFindings = z.object({
  flagReview: z.array(ZFlagReview).max(40).optional(),
  mentalStatus: ZMentalStatus.optional(),
  vitals: ZVitals.optional(),
  /** PHQ-9 / GAD-7 answers given during the visit (DOMAIN.md §6 items). */
  questionnaires: z.object({ phq9: ZPhq9Step.optional(), gad7: ZGad7Step.optional() }).optional(),
  riskAssessment: ZNoteRiskAssessment.optional(),
  supportPerson: ZSupportPersonCheck.optional(),
});
export type TEvaluationFindings = z.infer<typeof ZEvaluationFindings>;

/** The attested location as the visit recorded it (DOMAIN.md §2 "Visit": patient re-attests at check-in). */
export const ZAttestedLocation = z.object({ state: z.string().nullable(), attestedAt: z.string().nullable() });
/** Findings as stored: a signed evaluation also carries the location copied from the visit. */
export const ZStoredFindings = ZEvaluationFindings.extend({ attestedLocation: ZAttestedLocation.optional() });

export const ZNoteOpenInput = z.object({ appointmentId: ZUuid });
/**
 * `baseUpdatedAt`: the version the editor started from, so two tabs cannot overwrite each other.
 * `findings` is optional so a SOAP-only editor keeps working: left out, the stored findings stay.
 */
export const ZNoteSaveInput = z.object({ noteId: ZUuid, sections: ZNoteSections, findings: ZEvaluationFindings.optional(), baseUpdatedAt: ZInstant });
export type TNoteSaveInput = z.input<typeof ZNoteSaveInput>;

/**
 * Re-authentication before signing (DOMAIN.md §9 164.312(a)(2)(iii) "re-auth before signing"):
 * the account password or a current TOTP code. Optional in the schema so that a missing one is
 * refused by the server and audited, like a wrong one.
 */
export const ZReauth = z.union([z.object({ password: text({ trim: false, min: 1, max: 128 }) }), z.object({ totp: z.string().regex(/^\d{6}$/, "Enter the 6-digit code.") })]);
export type TReauth = z.infer<typeof ZReauth>;

/** `expectedVersion`: the draft's updatedAt as the signer saw it; a newer save refuses the signature. */
export const ZNoteSignInput = z.object({ noteId: ZUuid, reauth: ZReauth.optional(), expectedVersion: ZInstant });
export const ZNoteDiscardInput = z.object({ noteId: ZUuid, expectedVersion: ZInstant });
export const ZNoteAddendumInput = z.object({
  parentNoteId: ZUuid,
  text: text({ min: 1, max: 20_000, multiline: true, maxMessage: "Too long for one addendum." }),
  reauth: ZReauth.optional(),
});
export const ZNoteListInput = z.object({ patientId: ZUuid });
export const ZNoteGetInput = z.object({ noteId: ZUuid });
