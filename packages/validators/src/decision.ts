import { z } from "zod";

import { ZUuid, ZUserId, text } from "./common";
import { ZReauth } from "./note";
import { ELIGIBILITY_EXPIRY_DAYS } from "./choices/decision";

export { ELIGIBILITY_EXPIRY_DAYS } from "./choices/decision";

/** DOMAIN.md §2 "Eligibility decision" outcomes. */
export const ELIGIBILITY_OUTCOMES = ["eligible_at_home", "in_office_only", "not_eligible", "deferred"] as const;
export const ZEligibilityOutcome = z.enum(ELIGIBILITY_OUTCOMES);

/** Why a prescriber overrides an OV rule (mirrors packages/clinical OVERRIDE_REASON_CODES; the api checks they match). */
export const OVERRIDE_REASON_CODES = ["condition_controlled", "specialist_clearance", "history_remote_in_remission", "risk_mitigation_plan", "benefit_outweighs_risk"] as const;
export const ZOverrideReasonCode = z.enum(OVERRIDE_REASON_CODES);

const ZRuleId = z.string().regex(/^E\d{2}$/, "Not a screening rule id.");

/**
 * Attestations made at the decision (DOMAIN.md §3 "At-home requirements (attested at eligibility)")
 * that the evaluation note does not carry. `homeBpCuffConfirmed`: E17, a working home BP cuff;
 * left out, the E17 flag review of the note decides, else the decision waits for it.
 */
export const ZDecisionAttestations = z.object({ homeBpCuffConfirmed: z.boolean().optional() });

export const ZDecisionProposeInput = z.object({ patientId: ZUuid, noteId: ZUuid, attestations: ZDecisionAttestations.optional() });
export type TDecisionProposeInput = z.input<typeof ZDecisionProposeInput>;

/** An OV rule overridden by a prescriber with a structured justification (DOMAIN.md §1, §3). */
export const ZDecisionOverride = z.object({
  ruleId: ZRuleId,
  reasonCode: ZOverrideReasonCode,
  text: text({ min: 1, max: 2000, multiline: true }),
  /** A second prescriber of the clinic, when the clinic requires override co-signature (C). */
  coSignerUserId: ZUserId.optional(),
});

export const ZDecisionRecordInput = z.object({
  patientId: ZUuid,
  noteId: ZUuid,
  outcome: ZEligibilityOutcome,
  overrides: z.array(ZDecisionOverride).max(22).default([]),
  acknowledgedWarnings: z.array(ZRuleId).max(22).default([]),
  attestations: ZDecisionAttestations.optional(),
  /** A retried or double-clicked request records one decision (returned again). */
  idempotencyKey: text({ min: 8, max: 100 }),
});
export type TDecisionRecordInput = z.input<typeof ZDecisionRecordInput>;

export const ZDecisionPatientInput = z.object({ patientId: ZUuid });

/**
 * The named prescriber co-signs a decision's overrides (issue 11 §3; DOMAIN.md §3 OV "co-sign C"),
 * behind re-authentication like signing a note (DOMAIN.md §9). A retry returns the same co-signature.
 */
export const ZDecisionCoSignInput = z.object({ decisionId: ZUuid, reauth: ZReauth.optional() });
export type TDecisionCoSignInput = z.input<typeof ZDecisionCoSignInput>;

/** The named prescriber declines to co-sign, saying why; the decider then records a new decision. */
export const ZDecisionDeclineInput = z.object({
  decisionId: ZUuid,
  reason: text({ min: 10, max: 2000, multiline: true, minMessage: "Say why you decline, in at least 10 characters, so the decider knows what to change." }),
  reauth: ZReauth.optional(),
});
export type TDecisionDeclineInput = z.input<typeof ZDecisionDeclineInput>;

const { min: MIN_DAYS, max: MAX_DAYS } = ELIGIBILITY_EXPIRY_DAYS;
const EXPIRY_MESSAGE = `Enter how many days a decision lasts as a whole number from ${MIN_DAYS} to ${MAX_DAYS}.`;

/**
 * Clinic-configurable (C) eligibility settings an admin changes (DOMAIN.md §2 expiry N days; §3 OV
 * "co-sign C"). Each field on its own: the switch and the days field save separately, and a retry
 * sets the same value again.
 */
export const ZClinicEligibilityInput = z
  .object({
    overrideCoSignRequired: z.boolean().optional(),
    eligibilityExpiryDays: z
      .number({ error: EXPIRY_MESSAGE })
      .int(EXPIRY_MESSAGE)
      .min(MIN_DAYS, `Decisions must last at least ${MIN_DAYS} days (one week). Enter ${MIN_DAYS} to ${MAX_DAYS}.`)
      .max(MAX_DAYS, `Decisions can last at most ${MAX_DAYS} days (one year). Enter ${MIN_DAYS} to ${MAX_DAYS}.`)
      .optional(),
  })
  // Nothing to change would be an empty UPDATE: say so instead.
  .refine((v) => v.overrideCoSignRequired !== undefined || v.eligibilityExpiryDays !== undefined, { message: "Choose a setting to change." });
export type TClinicEligibilityInput = z.input<typeof ZClinicEligibilityInput>;
