import { authorizesTreatment, type ClinicRole, type EligibilityOutcome, OUTCOME_PERMISSIVENESS } from "./outcome";
import type { EligibilityProposal } from "./proposal";
import type { Effect } from "./types";

/** Why a prescriber overrides an OV rule (DOMAIN.md §3 "structured justification"). */
export const OVERRIDE_REASON_CODES = [
  "condition_controlled",
  "specialist_clearance",
  "history_remote_in_remission",
  "risk_mitigation_plan",
  "benefit_outweighs_risk",
] as const;
export type OverrideReasonCode = (typeof OVERRIDE_REASON_CODES)[number];

export interface OverrideJustification {
  reasonCode: OverrideReasonCode;
  /** The prescriber's own words: the evidence and the mitigation. */
  text: string;
}

export interface DecisionCoSigner {
  userId: string;
  roles: readonly ClinicRole[];
  /**
   * Whether the co-signer may read this patient's chart (DOMAIN.md §1 "Read clinical chart: A"):
   * co-signing means reviewing the chart, so only one of the patient's clinicians can. `false`
   * is refused; left out when the caller has not looked (pure tests).
   */
  onCareTeam?: boolean;
}

export interface RuleOverride {
  ruleId: string;
  justification: OverrideJustification;
  /**
   * Required when the clinic turns on override co-signature (C). A named co-signer is checked
   * whatever the setting, and the decision is not in effect until they co-sign (co-sign.ts).
   */
  coSigner?: DecisionCoSigner | null;
}

export interface DecisionChoice {
  outcome: EligibilityOutcome;
  overrides: readonly RuleOverride[];
  /** W rule ids the decider acknowledged. */
  acknowledgedWarnings: readonly string[];
  decider: { userId: string; roles: readonly ClinicRole[] };
}

/** Clinic-configurable (C) parts of deciding. */
export interface DecisionPolicy {
  /** An OV override needs a second prescriber's co-signature. */
  overrideCoSignRequired: boolean;
  /** Minimum length of the free-text justification, after trimming. */
  justificationMinLength: number;
}

export const DEFAULT_DECISION_POLICY: DecisionPolicy = { overrideCoSignRequired: false, justificationMinLength: 30 };

export type DecisionRefusalCode =
  | "not_a_clinician"
  | "not_overridable"
  | "override_missing"
  | "override_needs_prescriber"
  | "justification_invalid"
  | "co_sign_missing"
  | "co_signer_not_on_care_team"
  | "override_not_applicable"
  | "duplicate_override"
  | "warning_not_acknowledged";

export interface DecisionRefusal {
  code: DecisionRefusalCode;
  ruleId?: string;
  message: string;
}

export type DecisionValidation = { ok: true } | { ok: false; refusals: DecisionRefusal[] };

const EFFECT_NAME: Record<Effect, string> = {
  not_eligible: "not eligible",
  in_office_only: "in-office only",
  override_required: "override required",
  deferred: "deferred until resolved",
  warning: "warning",
};

/** The effects that stand in the way of each outcome; the other outcomes authorize no treatment. */
const BLOCKED_BY: Record<EligibilityOutcome, readonly Effect[]> = {
  eligible_at_home: ["not_eligible", "in_office_only", "deferred", "override_required"],
  // In-office follows the proposal's precedence (IO outranks deferred), so only NE and a
  // deferral without IO keep a patient from in-office treatment.
  in_office_only: ["not_eligible", "deferred"],
  deferred: [],
  not_eligible: [],
};

/**
 * Server-side check of a clinician's eligibility decision against the proposal (issue 11 §3,
 * DOMAIN.md §1 "Decide eligibility" / "Override an OV rule", §3 effects).
 * - Only a provider or prescriber decides.
 * - An outcome no more permissive than the proposal is allowed (`deferred`, `not_eligible` always).
 * - A more permissive outcome is refused unless every rule blocking it is OV and overridden by a
 *   prescriber with a structured justification (and co-signed when the clinic requires it). NE,
 *   IO and deferred rules can never be overridden.
 * - W rules must be acknowledged when the outcome lets treatment start.
 */
export function validateDecision(proposal: EligibilityProposal, chosen: DecisionChoice, policy: DecisionPolicy = DEFAULT_DECISION_POLICY): DecisionValidation {
  const refusals: DecisionRefusal[] = [];
  const roles = chosen.decider.roles;
  if (!roles.includes("provider") && !roles.includes("prescriber")) {
    refusals.push({ code: "not_a_clinician", message: "Only a provider or prescriber can decide eligibility." });
  }

  const permissive = OUTCOME_PERMISSIVENESS[chosen.outcome] > OUTCOME_PERMISSIVENESS[proposal.outcome];
  // Which rules block the chosen outcome; only these may be overridden, and only when needed.
  const blockers = permissive ? proposal.rules.filter((r) => BLOCKED_BY[chosen.outcome].includes(r.effect)) : [];
  const neededOverrides = new Set(blockers.filter((r) => r.effect === "override_required").map((r) => r.ruleId));

  for (const rule of dedupe(blockers.filter((r) => r.effect !== "override_required"))) {
    refusals.push({
      code: "not_overridable",
      ruleId: rule.ruleId,
      message: `${rule.ruleId} (${EFFECT_NAME[rule.effect]}) cannot be overridden: ${rule.finding}.`,
    });
  }

  const seen = new Set<string>();
  for (const o of chosen.overrides) {
    if (seen.has(o.ruleId)) {
      refusals.push({ code: "duplicate_override", ruleId: o.ruleId, message: `${o.ruleId} is overridden more than once.` });
      continue;
    }
    seen.add(o.ruleId);
    if (!neededOverrides.has(o.ruleId)) {
      refusals.push({
        code: "override_not_applicable",
        ruleId: o.ruleId,
        message: `${o.ruleId} is not an OV rule standing in the way of this outcome; only those are overridden.`,
      });
      continue;
    }
    refusals.push(...checkOverride(o, chosen.decider, policy));
  }
  for (const ruleId of neededOverrides) {
    if (!seen.has(ruleId)) {
      refusals.push({ code: "override_missing", ruleId, message: `${ruleId} needs a prescriber override with a justification for at-home treatment.` });
    }
  }

  if (authorizesTreatment(chosen.outcome)) {
    const acked = new Set(chosen.acknowledgedWarnings);
    for (const ruleId of proposal.warnings) {
      if (!acked.has(ruleId)) refusals.push({ code: "warning_not_acknowledged", ruleId, message: `Acknowledge warning ${ruleId} before deciding.` });
    }
  }
  return refusals.length ? { ok: false, refusals } : { ok: true };
}

function checkOverride(o: RuleOverride, decider: DecisionChoice["decider"], policy: DecisionPolicy): DecisionRefusal[] {
  const out: DecisionRefusal[] = [];
  // DOMAIN.md §1: "Override an OV rule": prescriber only.
  if (!decider.roles.includes("prescriber")) {
    out.push({ code: "override_needs_prescriber", ruleId: o.ruleId, message: `Only a prescriber can override ${o.ruleId}.` });
  }
  const problem = justificationProblem(o.justification, policy);
  if (problem) out.push({ code: "justification_invalid", ruleId: o.ruleId, message: `${o.ruleId}: ${problem}` });
  // DOMAIN.md §3 OV "co-sign C": a second prescriber, never the decider, who is on the care team.
  const c = o.coSigner;
  if (!c) {
    if (policy.overrideCoSignRequired) {
      out.push({ code: "co_sign_missing", ruleId: o.ruleId, message: `${o.ruleId}: this clinic requires a second prescriber to co-sign overrides. Choose who co-signs.` });
    }
  } else if (c.userId === decider.userId) {
    out.push({ code: "co_sign_missing", ruleId: o.ruleId, message: `${o.ruleId}: you cannot co-sign your own override. Choose another prescriber.` });
  } else if (!c.roles.includes("prescriber")) {
    out.push({ code: "co_sign_missing", ruleId: o.ruleId, message: `${o.ruleId}: the co-signer must be a prescriber of this clinic.` });
  } else if (c.onCareTeam === false) {
    out.push({ code: "co_signer_not_on_care_team", ruleId: o.ruleId, message: `${o.ruleId}: the co-signer must be on this patient's care team. Choose a prescriber who is, or ask an admin to add one.` });
  }
  return out;
}

/** Why a justification is not acceptable, or null when it is. */
export function justificationProblem(j: OverrideJustification | null | undefined, policy: DecisionPolicy = DEFAULT_DECISION_POLICY): string | null {
  if (!j) return "a justification is required.";
  if (!(OVERRIDE_REASON_CODES as readonly string[]).includes(j.reasonCode)) return "choose a reason for the override.";
  if (j.text.trim().length < policy.justificationMinLength) return `explain the override in at least ${policy.justificationMinLength} characters.`;
  return null;
}

function dedupe<T extends { ruleId: string; effect: Effect }>(rules: T[]): T[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const k = `${r.ruleId}|${r.effect}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
