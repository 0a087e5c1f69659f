import type { EligibilityOutcome } from "./outcome";
import { EFFECT_ORDER, type Effect } from "./types";

/** DOMAIN.md §2: a decision expires after N days (C, [U] default 90). */
export const DEFAULT_DECISION_EXPIRY_DAYS = 90;

/** Alert rule ids that re-open eligibility (DOMAIN.md §7 A4: "regimen paused; eligibility re-decided"). */
export const DEFAULT_INVALIDATING_ALERTS: readonly string[] = ["A4"];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The screening of one intake version, as stored: rule ids and effects. */
export interface IntakeScreeningSnapshot {
  version: number;
  flags: readonly { ruleId: string; effect: Effect }[];
}

/** The parts of a recorded decision its status depends on. */
export interface RecordedDecision {
  outcome: EligibilityOutcome;
  decidedAt: Date;
  /** The intake screening the decision was based on. */
  intake: IntakeScreeningSnapshot;
  /** The rules that fired at the decision, after the evaluation (E06 tells a BP deferral). */
  rules: readonly { ruleId: string; effect: Effect }[];
  /** OV rule ids the prescriber overrode. */
  overriddenRuleIds: readonly string[];
  /**
   * Co-signature of the overrides (DOMAIN.md §3 OV "co-sign C"), from `coSignState`: named
   * co-signers who have not co-signed yet, and those who declined. Absent or empty: none needed.
   */
  coSign?: { awaiting: readonly string[]; declined: readonly string[] };
}

export interface DecisionAlert {
  /** DOMAIN.md §7 id, e.g. "A4". */
  ruleId: string;
  raisedAt: Date;
}

export interface DecisionStatusContext {
  now: Date;
  /** Clinic setting (C); default 90. */
  expiryDays?: number;
  /** Screening of the latest submitted intake version. */
  latestIntake: IntakeScreeningSnapshot | null;
  /** The patient's alerts (any status); only those raised after the decision count. */
  alerts: readonly DecisionAlert[];
  invalidatingAlerts?: readonly string[];
  /** A pregnancy reported after the decision from any source (dose log, message, visit). */
  pregnancyReportedAt?: Date | null;
  /** When the latest blood-pressure recheck was recorded (for a decision deferred on E06). */
  bloodPressureRecheckAt?: Date | null;
}

export type InvalidationCode = "new_contraindication" | "pregnancy" | "alert";

export interface Invalidation {
  code: InvalidationCode;
  ruleId: string;
  message: string;
}

export type DecisionStatus =
  | { status: "current"; expiresAt: Date }
  /** Overrides wait for a named prescriber's co-signature: recorded, not in effect. */
  | { status: "awaiting_co_sign"; expiresAt: Date; awaiting: string[] }
  /** A named co-signer declined: never in effect; the decider records a new decision. */
  | { status: "co_sign_declined"; expiresAt: Date; declinedBy: string[] }
  | { status: "expired"; expiresAt: Date }
  | { status: "invalidated"; expiresAt: Date; reasons: Invalidation[] }
  /** `deferred -> pending`: a BP recheck exists, so the deferral is ready to be re-evaluated. */
  | { status: "pending"; expiresAt: Date; reason: string };

/** What a new flag must be at least as bad as to block each outcome (NE alone blocks in-office). */
const BLOCKS: Record<EligibilityOutcome, readonly Effect[]> = {
  eligible_at_home: ["not_eligible", "in_office_only", "deferred", "override_required"],
  in_office_only: ["not_eligible"],
  // These authorize no treatment: a new contraindication changes nothing they allow.
  deferred: [],
  not_eligible: [],
};

/**
 * The status of a recorded eligibility decision (DOMAIN.md §2): expired once `expiryDays` x 24 h
 * have passed since it was decided; invalidated on material change: a newer intake version adding
 * a rule that blocks the decided outcome (a new NE/IO, an unanswered question, or an OV not
 * overridden), a pregnancy, or an invalidating alert (A4) raised after the decision. Invalidation
 * is reported before expiry since it says why. A decision deferred on blood pressure becomes
 * `pending` once a recheck was recorded after it.
 * Co-signature (issue 11 §3, DOMAIN.md §3 OV "co-sign C"): a declined decision is `co_sign_declined`
 * whatever else happened (it never took effect); one still waiting for a co-signer is
 * `awaiting_co_sign` unless invalidated or expired first. Only `current` is in effect.
 */
export function decisionStatus(decision: RecordedDecision, ctx: DecisionStatusContext): DecisionStatus {
  const expiresAt = new Date(decision.decidedAt.getTime() + (ctx.expiryDays ?? DEFAULT_DECISION_EXPIRY_DAYS) * DAY_MS);
  const declinedBy = [...(decision.coSign?.declined ?? [])];
  if (declinedBy.length) return { status: "co_sign_declined", expiresAt, declinedBy };
  const reasons = invalidations(decision, ctx);
  if (reasons.length) return { status: "invalidated", expiresAt, reasons };
  if (ctx.now.getTime() >= expiresAt.getTime()) return { status: "expired", expiresAt };
  const awaiting = [...(decision.coSign?.awaiting ?? [])];
  if (awaiting.length) return { status: "awaiting_co_sign", expiresAt, awaiting };
  const deferredOnBp = decision.outcome === "deferred" && decision.rules.some((r) => r.ruleId === "E06" && r.effect === "deferred");
  if (deferredOnBp && ctx.bloodPressureRecheckAt && ctx.bloodPressureRecheckAt > decision.decidedAt) {
    return { status: "pending", expiresAt, reason: "A blood pressure recheck was recorded: re-evaluate eligibility." };
  }
  return { status: "current", expiresAt };
}

/**
 * Whether a status puts the decision in effect: what gates (booking, prescribing) ask. Only
 * `current`; a decision awaiting co-signature, declined, expired, invalidated or pending is not.
 */
export function decisionInEffect(status: DecisionStatus): boolean {
  return status.status === "current";
}

/** The material changes since a decision (empty when none). */
export function invalidations(decision: RecordedDecision, ctx: DecisionStatusContext): Invalidation[] {
  const out: Invalidation[] = [];
  const treats = decision.outcome === "eligible_at_home" || decision.outcome === "in_office_only";
  if (!treats) return out;

  const latest = ctx.latestIntake;
  if (latest && latest.version > decision.intake.version) {
    for (const added of addedContraindications(decision, latest)) {
      out.push({ code: "new_contraindication", ruleId: added.ruleId, message: `Intake version ${latest.version} adds ${added.ruleId} (${added.effect.replace(/_/g, " ")}).` });
    }
  }
  if (ctx.pregnancyReportedAt && ctx.pregnancyReportedAt > decision.decidedAt && !out.some((r) => r.ruleId === "E05")) {
    out.push({ code: "pregnancy", ruleId: "E05", message: "A pregnancy was reported after the decision." });
  }
  const invalidating = new Set(ctx.invalidatingAlerts ?? DEFAULT_INVALIDATING_ALERTS);
  for (const a of ctx.alerts) {
    if (invalidating.has(a.ruleId) && a.raisedAt > decision.decidedAt && !out.some((r) => r.code === "alert" && r.ruleId === a.ruleId)) {
      out.push({ code: "alert", ruleId: a.ruleId, message: `Alert ${a.ruleId} was raised after the decision: eligibility must be decided again.` });
    }
  }
  return out;
}

/**
 * Flags of the newer intake that the decided intake did not have (or had with a milder effect)
 * and that block the decided outcome. An OV rule the prescriber overrode stays overridden.
 */
function addedContraindications(decision: RecordedDecision, latest: IntakeScreeningSnapshot) {
  const rank = (e: Effect) => EFFECT_ORDER.indexOf(e);
  const before = new Map<string, number>();
  for (const f of decision.intake.flags) before.set(f.ruleId, Math.min(before.get(f.ruleId) ?? Infinity, rank(f.effect)));
  const blocks = BLOCKS[decision.outcome];
  const seen = new Set<string>();
  return latest.flags.filter((f) => {
    if (!blocks.includes(f.effect) || seen.has(f.ruleId)) return false;
    const worse = rank(f.effect) < (before.get(f.ruleId) ?? Infinity);
    if (!worse) return false;
    if (f.effect === "override_required" && decision.overriddenRuleIds.includes(f.ruleId)) return false;
    seen.add(f.ruleId);
    return true;
  });
}
