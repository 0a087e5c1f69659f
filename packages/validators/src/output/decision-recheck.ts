import { z } from "zod";

import { ZEligibilityOutcome } from "../decision";
import { ZRuleEffect } from "./decision";

/**
 * DOMAIN.md §8 "A" continued eligibility: the §3 rules re-run now (latest submitted intake + latest
 * signed evaluation findings) beside the patient's current decision, with the changes (packages/clinical
 * `compareWithDecision`). The same shape is returned by `decision.recheck` and copied by the server
 * into a signed follow-up note's findings, so instants are ISO strings (plain JSON either way).
 */
export const ZRecheckChange = z.object({
  ruleId: z.string(),
  kind: z.enum(["new", "gone", "stricter", "milder"]),
  before: ZRuleEffect.nullable(),
  now: ZRuleEffect.nullable(),
  text: z.string(),
});

export const ZEligibilityRecheck = z.object({
  checkedAt: z.string(),
  decision: z
    .object({
      id: z.string(),
      outcome: ZEligibilityOutcome,
      decidedAt: z.string(),
      expiresAt: z.string(),
      evidenceSha256: z.string(),
      overriddenRuleIds: z.array(z.string()),
      status: z.enum(["current", "expired", "invalidated", "pending", "awaiting_co_sign", "co_sign_declined"]),
      /** Invalidated: each material change, in words with its rule id. */
      statusReasons: z.array(z.object({ ruleId: z.string(), message: z.string() })),
      statusReason: z.string().nullable(),
    })
    .nullable(),
  /** The re-run; null when it cannot run (see `unavailable`). */
  rerun: z
    .object({
      outcome: ZEligibilityOutcome,
      atHomeByOverride: z.boolean(),
      crisisPathway: z.boolean(),
      intakeVersion: z.number(),
      evaluationNoteId: z.string(),
      rules: z.array(z.object({ ruleId: z.string(), title: z.string(), effect: ZRuleEffect, finding: z.string() })),
    })
    .nullable(),
  /** Why the rules could not be re-run, in words (no intake yet, no signed evaluation...). */
  unavailable: z.string().nullable(),
  /** Null without a decision or a re-run. */
  comparison: z
    .object({
      effectiveOutcome: ZEligibilityOutcome,
      outcomeStricter: z.boolean(),
      reasonRuleIds: z.array(z.string()),
      changes: z.array(ZRecheckChange),
      unchanged: z.boolean(),
    })
    .nullable(),
});
export type TEligibilityRecheck = z.infer<typeof ZEligibilityRecheck>;

export const ZDecisionRecheckOutput = ZEligibilityRecheck;
