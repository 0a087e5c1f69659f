import { z } from "zod";

import { ZEligibilityOutcome, ZOverrideReasonCode } from "../decision";

/** Output schemas of the eligibility decision procedures (DOMAIN.md §1 "Decide eligibility", minimum necessary). */
export const ZRuleEffect = z.enum(["not_eligible", "in_office_only", "override_required", "deferred", "warning"]);

export const ZFiredRule = z.object({
  ruleId: z.string(),
  title: z.string(),
  effect: ZRuleEffect,
  source: z.string(),
  origin: z.enum(["intake", "evaluation"]),
  finding: z.string(),
  reason: z.string(),
  resolution: z.enum(["confirm", "refute", "needs_follow_up"]).nullable(),
  unanswered: z.boolean(),
});

/** The proposal from packages/clinical `proposeEligibility`, for the treating clinician. */
export const ZDecisionProposal = z.object({
  outcome: ZEligibilityOutcome,
  decisionDate: z.string(),
  rules: z.array(ZFiredRule),
  cleared: z.array(z.object({ ruleId: z.string(), finding: z.string(), by: z.enum(["refuted", "evaluation"]) })),
  overridable: z.array(z.string()),
  atHomeByOverride: z.boolean(),
  warnings: z.array(z.string()),
  signingBlocks: z.array(z.object({ ruleId: z.literal("E20"), reason: z.string() })),
  crisisPathway: z.boolean(),
});

export const ZDecisionProposeOutput = z.object({
  proposal: ZDecisionProposal,
  intake: z.object({ id: z.string(), version: z.number() }),
  noteId: z.string(),
  /** The clinic requires a second prescriber to co-sign overrides (C). */
  overrideCoSignRequired: z.boolean(),
});

export const ZDecisionStatusKind = z.enum(["current", "expired", "invalidated", "pending", "awaiting_co_sign", "co_sign_declined"]);
export const ZDecisionStatus = z.object({
  status: ZDecisionStatusKind,
  expiresAt: z.date(),
  /** Invalidated: each material change; pending, awaiting or declined co-signature: why it is not in effect. */
  reasons: z.array(z.object({ code: z.string(), ruleId: z.string(), message: z.string() })),
  reason: z.string().nullable(),
});

const ZPerson = z.object({ userId: z.string(), name: z.string() });

/** A co-signer the overrides name and what they did (issue 11 §3). */
export const ZDecisionCoSigner = z.object({
  userId: z.string(),
  name: z.string(),
  state: z.enum(["awaiting", "co_signed", "declined"]),
  at: z.date().nullable(),
  method: z.enum(["password", "totp"]).nullable(),
  /** The co-signer's words when they declined. */
  reason: z.string().nullable(),
  /** The evidence hash they co-signed (always the decision's). */
  evidenceSha256: z.string().nullable(),
});

/** A recorded decision in full, for the patient's clinicians only (DOMAIN.md §1 "A"). */
export const ZDecisionDetail = z.object({
  id: z.string(),
  patientId: z.string(),
  noteId: z.string(),
  outcome: ZEligibilityOutcome,
  proposedOutcome: ZEligibilityOutcome,
  rules: z.array(z.object({ ruleId: z.string(), effect: ZRuleEffect, source: z.string(), origin: z.string(), finding: z.string() })),
  overrides: z.array(
    z.object({
      ruleId: z.string(),
      justification: z.object({ reasonCode: ZOverrideReasonCode, text: z.string() }),
      coSigner: z.object({ userId: z.string(), roles: z.array(z.string()) }).nullable(),
    }),
  ),
  acknowledgedWarnings: z.array(z.string()),
  decider: ZPerson,
  decidedAt: z.date(),
  expiresAt: z.date(),
  intake: z.object({ id: z.string(), version: z.number() }),
  evidenceSha256: z.string(),
  supersedesId: z.string().nullable(),
  status: ZDecisionStatus,
  /** Named co-signers (none when no override names one). */
  coSigners: z.array(ZDecisionCoSigner),
});

export const ZDecisionCoSignOutput = ZDecisionDetail;

/** Decisions waiting for the signed-in prescriber's co-signature (dashboard; minimum necessary). */
export const ZDecisionAwaitingMineOutput = z.object({
  items: z.array(
    z.object({
      decisionId: z.string(),
      patientId: z.string(),
      patientName: z.string(),
      deciderName: z.string(),
      decidedAt: z.date(),
      expiresAt: z.date(),
      overriddenRuleIds: z.array(z.string()),
    }),
  ),
});

/** Prescribers who may co-sign an override for this patient: id and name only. */
export const ZDecisionCoSignersOutput = z.object({ coSigners: z.array(ZPerson) });

export const ZClinicEligibilityOutput = z.object({ overrideCoSignRequired: z.boolean(), eligibilityExpiryDays: z.number().int() });

export const ZDecisionRecordOutput = ZDecisionDetail;
export const ZDecisionCurrentOutput = z.object({ decision: ZDecisionDetail.nullable() });

/**
 * Admin and staff (DOMAIN.md §1 "Read clinical chart: N (demographics only)"; §9 minimum necessary):
 * that a decision exists, when it was made and until when it holds, and whether a clinician must
 * decide again (expired, invalidated or waiting on a recheck) to book that visit. Never the outcome,
 * rules, overrides, note or why it must be re-decided.
 */
export const ZDecisionExistenceOutput = z.object({
  exists: z.boolean(),
  decidedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  reDecisionDue: z.boolean().nullable(),
  /** Whether it is in effect now (a decision waiting for a co-signature is not). */
  inEffect: z.boolean().nullable(),
});

/** The patient's own summary in plain words (never the note, rule ids or findings). */
export const ZDecisionMineOutput = z.object({
  summary: z
    .object({
      /** Null while the decision is still being made (waiting for a co-signature): nothing is said about it. */
      outcome: ZEligibilityOutcome.nullable(),
      decidedAt: z.date(),
      /** `needs_review`: expired or changed since; the clinic decides again. `being_decided`: not final yet. */
      state: z.enum(["current", "needs_review", "being_decided"]),
      headline: z.string(),
      explanation: z.array(z.string()),
      nextSteps: z.array(z.string()),
      clinic: z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
    })
    .nullable(),
});
