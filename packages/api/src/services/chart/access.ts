import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type SQL, sql } from "drizzle-orm";

import type { Actor } from "../../actor";

/**
 * SQL: whether `userId` is one of the patient's clinicians, the rule that opens the chart
 * (DOMAIN.md §1 "A"): on the care team, or the clinician of a visit with them that is not
 * cancelled. `patientId` is the patient's id column (qualified) or a value.
 */
export function assignedToSql(userId: string | null, patientId: SQL): SQL<boolean> {
  if (!userId) return sql<boolean>`false`;
  return sql<boolean>`(exists (select 1 from ${schema.careTeamMember} ct where ct.patient_id = ${patientId} and ct.user_id = ${userId})
    or exists (select 1 from ${schema.appointment} ap where ap.patient_id = ${patientId} and ap.provider_user_id = ${userId} and ap.status <> 'cancelled'))`;
}

/**
 * Whether chart.get would open this patient's chart for the actor: a clinician (the router's
 * roles) who is assigned. Pages offer "Open chart" only then (issue 15); reading it is not an access.
 */
export async function canOpenChart(tx: DbOrTx, actor: Actor, patientId: string): Promise<boolean> {
  if (!actor.roles.includes("provider") && !actor.roles.includes("prescriber")) return false;
  const [row] = await tx.execute<{ assigned: boolean }>(sql`select ${assignedToSql(actor.userId, sql`${patientId}::uuid`)} as assigned`);
  return Boolean(row?.assigned);
}
