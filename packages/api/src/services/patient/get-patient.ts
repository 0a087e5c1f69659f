import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { canOpenChart } from "../chart/access";

/**
 * A patient's demographics and care team for clinic staff. Another clinic's patient
 * is NOT_FOUND (never "forbidden", which would confirm it exists) and the attempt is audited.
 */
export async function getPatientForStaff(db: Database, actor: Actor, clinicId: string, patientId: string) {
  return db.transaction(async (tx) => {
    const row = await tx.query.patient.findFirst({
      where: and(eq(schema.patient.clinicId, clinicId), eq(schema.patient.id, patientId)),
    });
    if (!row) {
      throw denied(actor, { action: "patient.read", resourceType: "patient", resourceId: patientId }, "NOT_FOUND", "No such patient in this clinic.");
    }
    const careTeam = await careTeamOf(tx, clinicId, patientId);
    // Whether "Open chart" would open it (issue 15: it was offered where access is denied).
    const chartAccess = await canOpenChart(tx, actor, row.id);
    await recordAudit(tx, actor, { action: "patient.read", resourceType: "patient", resourceId: row.id, patientId: row.id });
    return { ...row, careTeam, chartAccess };
  });
}

export async function careTeamOf(db: DbOrTx, clinicId: string, patientId: string) {
  const ct = schema.careTeamMember;
  return db
    .select({
      userId: ct.userId,
      role: ct.role,
      name: schema.user.name,
      email: schema.user.email,
      credentials: schema.providerProfile.credentials,
    })
    .from(ct)
    .innerJoin(schema.user, eq(schema.user.id, ct.userId))
    .leftJoin(schema.providerProfile, eq(schema.providerProfile.userId, ct.userId))
    .where(and(eq(ct.clinicId, clinicId), eq(ct.patientId, patientId)))
    .orderBy(asc(ct.role), asc(schema.user.name));
}
