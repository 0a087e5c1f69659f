import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";

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

/**
 * Acknowledge an alert (DOMAIN.md §2 "Alert": open | escalated -> acknowledged; acknowledged is
 * not resolved). §1: the patient's clinicians acknowledge any alert; staff only non-critical ones.
 * Acknowledging twice is a no-op, so a double click or a retry changes nothing.
 */
export async function acknowledgeAlert(db: Database, actor: Actor, clinicId: string, alertId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [alert] = await tx
      .select()
      .from(schema.safetyAlert)
      .where(and(eq(schema.safetyAlert.clinicId, clinicId), eq(schema.safetyAlert.id, alertId)))
      .for("update");
    if (!alert) throw denied(actor, { action: "alert.acknowledge", resourceType: "safety_alert", resourceId: alertId }, "NOT_FOUND", "No such alert in this clinic.");
    const clinician = actor.roles.includes("provider") || actor.roles.includes("prescriber");
    if (clinician) await assignedPatient(tx, actor, clinicId, alert.patientId, "alert.acknowledge");
    else if (alert.severity === "critical") {
      throw denied(actor, { action: "alert.acknowledge", resourceType: "safety_alert", resourceId: alertId, patientId: alert.patientId }, "FORBIDDEN", "A critical alert is acknowledged by one of the patient's clinicians.");
    }
    if (alert.status === "resolved") throw new DomainError("INVALID_TRANSITION", "This alert is already resolved.");
    if (alert.status === "acknowledged") return alert;
    const [updated] = await tx
      .update(schema.safetyAlert)
      .set({ status: "acknowledged", acknowledgedAt: now, acknowledgedByUserId: actor.userId, updatedAt: now })
      .where(eq(schema.safetyAlert.id, alert.id))
      .returning();
    await recordAudit(tx, actor, { action: "alert.acknowledge", resourceType: "safety_alert", resourceId: alert.id, patientId: alert.patientId, detail: { type: alert.type, from: alert.status } });
    return updated!;
  });
}
