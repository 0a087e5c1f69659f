import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type SQL, and, eq, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { type DomainError, denied } from "../../errors";

export type AlertRow = typeof schema.safetyAlert.$inferSelect;

/**
 * How much of an alert a person may see (DOMAIN.md §1 "minimum necessary", 164.502(b)):
 * - `clinical`: the patient's clinicians (care team incl. on_call, or a booked visit: whoever may
 *   open the chart) see everything;
 * - `neutral`: admin and staff see non-clinical alerts (A7, A8, A9) with the neutral summary;
 * - `escalation`: admin and staff see that a clinical alert was escalated, as one neutral line
 *   (no rule id, severity, summary or detail), until it is resolved.
 */
export type AlertView = "clinical" | "neutral" | "escalation";

export const isClinician = (actor: Actor) => actor.roles.includes("provider") || actor.roles.includes("prescriber");
export const isClinicOps = (actor: Actor) => actor.roles.includes("admin") || actor.roles.includes("staff");

export function viewOf(actor: Actor, a: Pick<AlertRow, "clinical" | "status" | "escalatedAt">, assigned: boolean): AlertView | null {
  if (assigned && isClinician(actor)) return "clinical";
  if (!isClinicOps(actor)) return null;
  if (!a.clinical) return "neutral";
  if (a.escalatedAt && a.status !== "resolved") return "escalation";
  return null;
}

// Qualified by hand: drizzle leaves select-list columns unqualified, and inside the subqueries below
// a bare "patient_id" would name the subquery's own column (always true).
const ALERT_PATIENT = sql.raw(`"safety_alert"."patient_id"`);

/**
 * SQL: whether the actor may open the patient's chart of the `safety_alert` row in the query
 * (services/chart assignedPatient): on the care team in any role (incl. on_call), or a clinician
 * of a visit with them that is not cancelled.
 */
export function assignedSql(actor: Actor): SQL<boolean> {
  if (!isClinician(actor) || !actor.userId) return sql<boolean>`false`;
  return sql<boolean>`(exists (select 1 from ${schema.careTeamMember} ct where ct.patient_id = ${ALERT_PATIENT} and ct.user_id = ${actor.userId})
    or exists (select 1 from ${schema.appointment} ap where ap.patient_id = ${ALERT_PATIENT} and ap.provider_user_id = ${actor.userId} and ap.status <> 'cancelled'))`;
}

/** SQL: the alerts the actor may see at all (the same rule as `viewOf`). */
export function visibleSql(actor: Actor): SQL<boolean> {
  const a = schema.safetyAlert;
  const assigned = assignedSql(actor);
  if (!isClinicOps(actor)) return assigned;
  return sql<boolean>`(${assigned} or not ${a.clinical} or (${a.escalatedAt} is not null and ${a.status} <> 'resolved'))`;
}

/** The clinic's alert, locked for a write, with whether the actor is one of its patient's clinicians. */
export async function lockedAlert(tx: DbOrTx, actor: Actor, clinicId: string, alertId: string, action: string) {
  const a = schema.safetyAlert;
  const [row] = await tx
    .select({ alert: a, assigned: assignedSql(actor) })
    .from(a)
    .where(and(eq(a.clinicId, clinicId), eq(a.id, alertId)))
    .for("update", { of: a });
  if (!row) throw denied(actor, { action, resourceType: "safety_alert", resourceId: alertId }, "NOT_FOUND", "No such alert in this clinic.");
  return { alert: row.alert, assigned: !!row.assigned, view: viewOf(actor, row.alert, !!row.assigned) };
}

/** The refusal for someone who may not act on this alert: an unassigned clinician is told nothing exists. */
export function refuse(actor: Actor, alert: AlertRow, action: string, message: string): DomainError {
  const event = { action, resourceType: "safety_alert", resourceId: alert.id, patientId: alert.patientId };
  if (!isClinicOps(actor)) return denied(actor, event, "NOT_FOUND", "No such alert among your patients.");
  return denied(actor, event, "FORBIDDEN", message);
}
