import { type AlertRuleHit, type AlertRuleId, NON_CLINICAL_RULES, ruleA1 } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";

import type { Actor } from "../../actor";
import { raiseRuleAlert } from "./raise";

export { acknowledgeAlert } from "./work";

interface AlertInput {
  clinicId: string;
  patientId: string;
  /** Rule id from DOMAIN.md §7. */
  type: string;
  severity: "critical" | "high" | "medium" | "low";
  summary: string;
  sourceType: string;
  sourceId: string;
  detail: Record<string, unknown>;
}

// What admin and staff may read of the non-clinical rules (DOMAIN.md §1 minimum necessary).
const NEUTRAL: Partial<Record<string, string>> = {
  A7: "A check-in is overdue",
  A8: "A follow-up visit was missed; rebook it",
  A9: "A prescription message needs attention",
};

/**
 * Raises a DOMAIN.md §7 alert written by an older caller (A8 on a no-show, A9 from transmission)
 * through the rule engine's `raiseRuleAlert`: owner, SLA, routing, dedupe per (patient, type) while
 * one is unresolved. Returns the new alert's id, or null when deduplicated.
 */
export async function raiseAlert(tx: DbOrTx, actor: Actor, a: AlertInput) {
  const clinical = !(NON_CLINICAL_RULES as readonly string[]).includes(a.type);
  const hit: AlertRuleHit = {
    ruleId: a.type as AlertRuleId,
    severity: a.severity,
    clinical,
    summary: a.summary,
    neutralSummary: NEUTRAL[a.type] ?? (a.severity === "critical" ? "An urgent item needs a clinician" : "An item needs follow-up"),
    detail: a.detail as AlertRuleHit["detail"],
  };
  const { alertId } = await raiseRuleAlert(tx, actor, { clinicId: a.clinicId, patientId: a.patientId, hit, sourceType: a.sourceType, sourceId: a.sourceId });
  return alertId;
}

/** A1: PHQ-9 item 9 >= 1 is CRITICAL; >= 2 also pages the backup (packages/clinical ruleA1). */
export async function raiseItem9Alert(tx: DbOrTx, actor: Actor, a: { clinicId: string; patientId: string; item9: number; sourceType: string; sourceId: string }) {
  const hit = ruleA1({ item9: a.item9 });
  if (!hit) return null;
  const { alertId } = await raiseRuleAlert(tx, actor, { clinicId: a.clinicId, patientId: a.patientId, hit, sourceType: a.sourceType, sourceId: a.sourceId });
  return alertId;
}
