import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { recordAudit } from "../audit/record-audit";

/**
 * A clinician an alert was routed or escalated to joins the patient's care team as `on_call`
 * unless already on it (DOMAIN.md §7: "a crisis alert for a patient with no clinician yet still
 * reaches someone who can open the chart"); audited like any care-team change. Returns whether added.
 */
export async function ensureOnCallMember(tx: DbOrTx, actor: Actor, i: { clinicId: string; patientId: string; userId: string; alertId: string }) {
  const ct = schema.careTeamMember;
  const [member] = await tx
    .select({ id: ct.id })
    .from(ct)
    .where(and(eq(ct.clinicId, i.clinicId), eq(ct.patientId, i.patientId), eq(ct.userId, i.userId)))
    .limit(1);
  if (member) return false;
  const [added] = await tx
    .insert(schema.careTeamMember)
    .values({ clinicId: i.clinicId, patientId: i.patientId, userId: i.userId, role: "on_call" })
    .onConflictDoNothing()
    .returning({ id: schema.careTeamMember.id });
  if (!added) return false;
  await recordAudit(tx, actor, {
    action: "care_team.on_call",
    resourceType: "patient",
    resourceId: i.patientId,
    patientId: i.patientId,
    clinicId: i.clinicId,
    detail: { userId: i.userId, role: "on_call", alertId: i.alertId },
  });
  return true;
}
