import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, desc, eq, gte, inArray, lt, not } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";

/** Clinicians see their own schedule; admins and staff manage the clinic's (DOMAIN.md §1). */
const seesClinic = (actor: Actor) => actor.roles.includes("admin") || actor.roles.includes("staff");

export async function listSchedule(db: Database, actor: Actor, clinicId: string, input: { from: Date; to: Date; providerUserId?: string | undefined }) {
  if (input.to.getTime() - input.from.getTime() > 31 * 86_400_000) throw new DomainError("BAD_INPUT", "Choose at most a month.");
  const providerFilter = seesClinic(actor) ? input.providerUserId : actor.userId!;
  const a = schema.appointment;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: a.id,
        kind: a.kind,
        status: a.status,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        patientState: a.patientState,
        patientId: a.patientId,
        patientName: schema.patient.givenName,
        patientFamilyName: schema.patient.familyName,
        mrn: schema.patient.mrn,
        providerUserId: a.providerUserId,
        providerName: schema.user.name,
      })
      .from(a)
      .innerJoin(schema.patient, eq(schema.patient.id, a.patientId))
      .innerJoin(schema.user, eq(schema.user.id, a.providerUserId))
      .where(and(eq(a.clinicId, clinicId), gte(a.endsAt, input.from), lt(a.startsAt, input.to), providerFilter ? eq(a.providerUserId, providerFilter) : undefined))
      .orderBy(asc(a.startsAt));
    // One audit row per patient shown (minimum necessary: names and times only).
    await recordAudit(
      tx,
      actor,
      [...new Set(rows.map((r) => r.patientId))].map((patientId) => ({ action: "schedule.read", resourceType: "patient", resourceId: patientId, patientId })),
    );
    return rows;
  });
}

/** Today's appointments, intakes awaiting review and open urgent alerts. A fixed set of queries. */
export async function getDashboard(db: Database, actor: Actor, clinicId: string, input: { dayStart: Date; dayEnd: Date }) {
  const today = await listSchedule(db, actor, clinicId, { from: input.dayStart, to: input.dayEnd });
  return db.transaction(async (tx) => {
    const [awaitingReview, alerts] = await Promise.all([
      tx
        .select({ id: schema.patient.id, givenName: schema.patient.givenName, familyName: schema.patient.familyName, mrn: schema.patient.mrn, updatedAt: schema.patient.updatedAt })
        .from(schema.patient)
        .where(and(eq(schema.patient.clinicId, clinicId), eq(schema.patient.status, "intake_submitted")))
        .orderBy(asc(schema.patient.updatedAt))
        .limit(25),
      tx
        .select({
          id: schema.safetyAlert.id,
          type: schema.safetyAlert.type,
          severity: schema.safetyAlert.severity,
          status: schema.safetyAlert.status,
          summary: schema.safetyAlert.summary,
          createdAt: schema.safetyAlert.createdAt,
          patientId: schema.safetyAlert.patientId,
          givenName: schema.patient.givenName,
          familyName: schema.patient.familyName,
        })
        .from(schema.safetyAlert)
        .innerJoin(schema.patient, eq(schema.patient.id, schema.safetyAlert.patientId))
        .where(and(eq(schema.safetyAlert.clinicId, clinicId), not(eq(schema.safetyAlert.status, "resolved")), inArray(schema.safetyAlert.severity, ["critical", "high"])))
        .orderBy(desc(schema.safetyAlert.createdAt))
        .limit(25),
    ]);
    const shown = new Set([...awaitingReview.map((p) => p.id), ...alerts.map((a) => a.patientId)]);
    await recordAudit(
      tx,
      actor,
      [...shown].map((patientId) => ({ action: "dashboard.read", resourceType: "patient", resourceId: patientId, patientId })),
    );
    return { today, awaitingReview, alerts };
  });
}
