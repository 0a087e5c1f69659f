import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";

import type { Actor } from "../../actor";
import { recordAudit } from "../audit/record-audit";

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

/**
 * Raises a DOMAIN.md §7 alert in the caller's transaction, deduplicated per (patient, type) while
 * one is not resolved (a unique index). Returns the new alert's id, or null when deduplicated.
 */
export async function raiseAlert(tx: DbOrTx, actor: Actor, a: AlertInput) {
  const [row] = await tx.insert(schema.safetyAlert).values(a).onConflictDoNothing().returning({ id: schema.safetyAlert.id });
  await recordAudit(tx, actor, {
    action: row ? "alert.raise" : "alert.deduplicated",
    resourceType: "safety_alert",
    resourceId: row?.id ?? null,
    patientId: a.patientId,
    detail: { type: a.type, ...a.detail },
  });
  return row?.id ?? null;
}

/** A1: PHQ-9 item 9 >= 1 is CRITICAL; >= 2 also pages the backup. */
export function raiseItem9Alert(tx: DbOrTx, actor: Actor, a: { clinicId: string; patientId: string; item9: number; sourceType: string; sourceId: string }) {
  return raiseAlert(tx, actor, {
    clinicId: a.clinicId,
    patientId: a.patientId,
    type: "A1",
    severity: "critical",
    summary: `PHQ-9 item 9 answered ${a.item9} (thoughts of self-harm)`,
    sourceType: a.sourceType,
    sourceId: a.sourceId,
    detail: { item9: a.item9, pageBackup: a.item9 >= 2 },
  });
}
