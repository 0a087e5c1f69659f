import { z } from "zod";

import { ZInstant, ZIsoDate, ZUuid, text } from "./common";
import { ZGad7Step, ZPhq9Step } from "./intake";
import { MENTAL_STATUS_FIELDS } from "./choices/note";

export { MENTAL_STATUS_FIELDS } from "./choices/note";

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

/**
 * The follow-up note's plan (DOMAIN.md §8 "P"), mirroring packages/clinical `FollowUpPlan`: the
 * shape is checked here, the rules (titrate needs a direction, refer a target, the next follow-up
 * after today in the clinic's zone...) by `validateFollowUpPlan` on the server.
 */
export const FOLLOW_UP_PLAN_ACTIONS = ["continue", "titrate", "pause", "stop", "switch_to_in_office", "refer"] as const;
/** DOMAIN.md §6 check-in cadence (C). */
export const CHECK_IN_CADENCES = ["weekly", "every_2_weeks", "monthly", "none"] as const;
export const ZFollowUpPlan = z.object({
  action: z.enum(FOLLOW_UP_PLAN_ACTIONS, { error: "Choose a plan." }),
  titrationDirection: z.enum(["increase", "decrease"], { error: "Say whether to increase or decrease the dose." }).nullable().optional(),
  referralTo: text({ max: 200 }).nullable().optional(),
  nextFollowUpOn: ZIsoDate.nullable(),
  checkInCadence: z.enum(CHECK_IN_CADENCES, { error: "Choose a check-in cadence." }),
  rationale: comment.nullable().optional(),
});
export type TFollowUpPlan = z.infer<typeof ZFollowUpPlan>;

/** DOMAIN.md §8 "S": patient report, session experience, functional item (§6: ordinal 0-3, never scored). */
export const ZFollowUpSubjective = z.object({
  patientReport: comment.optional(),
  sessionExperience: comment.optional(),
  functionalDifficulty: z.number().int().min(0).max(3).optional(),
});
/** DOMAIN.md §8 "O": observed mental status, vitals, home BP summary. */
export const ZFollowUpObjective = z.object({ mentalStatus: ZMentalStatus.optional(), vitals: ZVitals.optional(), homeBpSummary: comment.optional() });

export const TREATMENT_RESPONSES = ["remission", "response", "partial_response", "no_response", "worsening"] as const;
export const TOLERABILITY = ["well_tolerated", "tolerated_with_side_effects", "poorly_tolerated"] as const;
/** Whether the DOMAIN.md §3 screening still holds; `changed` says what changed in the comment. */
export const CONTINUED_ELIGIBILITY = ["unchanged", "changed", "needs_new_decision"] as const;
/** DOMAIN.md §8 "A": response, tolerability, suicide/misuse risk, continued eligibility. */
export const ZFollowUpAssessment = z.object({
  response: z.enum(TREATMENT_RESPONSES).optional(),
  tolerability: z.enum(TOLERABILITY).optional(),
  tolerabilityComment: comment.optional(),
  riskAssessment: ZNoteRiskAssessment.optional(),
  continuedEligibility: z.enum(CONTINUED_ELIGIBILITY).optional(),
  eligibilityComment: comment.optional(),
});

/** The structured part of a follow-up note the clinician writes. Every part is optional while drafting. */
export const ZFollowUpFindings = z.object({
  subjective: ZFollowUpSubjective.optional(),
  objective: ZFollowUpObjective.optional(),
  assessment: ZFollowUpAssessment.optional(),
  plan: ZFollowUpPlan.optional(),
});
export type TFollowUpFindings = z.infer<typeof ZFollowUpFindings>;

/**
 * What the client may send for a follow-up note. The interval snapshot is written by the server
 * only (DOMAIN.md §8 "system-generated, read-only"), so a client-supplied one is refused, as is
 * any other unknown part.
 */
export const ZFollowUpFindingsInput = z.strictObject({
  ...ZFollowUpFindings.shape,
  snapshot: z.never({ error: "The interval data is generated by the server and cannot be sent." }).optional(),
});

export const ZNoteOpenInput = z.object({ appointmentId: ZUuid });
/**
 * `baseUpdatedAt`: the version the editor started from, so two tabs cannot overwrite each other.
 * `findings` is optional so a SOAP-only editor keeps working: left out, the stored findings stay.
 */
export const ZNoteSaveInput = z.object({
  noteId: ZUuid,
  sections: ZNoteSections,
  findings: ZEvaluationFindings.optional(),
  /** A follow-up note's S/O/A parts and plan; left out, the stored ones stay. */
  followUp: ZFollowUpFindingsInput.optional(),
  baseUpdatedAt: ZInstant,
});
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
