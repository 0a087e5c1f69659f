import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, desc, eq, inArray, not, or, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordListRead } from "../audit/record-audit";
import { assignedSql } from "../safety/access";

/** Clinicians see their own schedule; admins and staff manage the clinic's (DOMAIN.md §1). */
const seesClinic = (actor: Actor) => actor.roles.includes("admin") || actor.roles.includes("staff");

export async function listSchedule(db: Database, actor: Actor, clinicId: string, input: { from: Date; to: Date; providerUserId?: string | undefined }) {
  if (input.to.getTime() - input.from.getTime() > 31 * 86_400_000) throw new DomainError("BAD_INPUT", "Choose at most a month.");
  const providerFilter = seesClinic(actor) ? input.providerUserId : actor.userId!;
  const a = schema.appointment;
  const p = schema.patient;
  // Each row's patient by its key within the clinic: a lookup per row shown, never a scan of patients.
  const pt = db
    .select({ givenName: p.givenName, familyName: p.familyName, mrn: p.mrn })
    .from(p)
    .where(and(eq(p.clinicId, a.clinicId), eq(p.id, a.patientId)))
    .limit(1)
    .as("pt");
  // Only the appointments overlapping [from, to), bounded on both ends by appointment_*_during_idx (gist).
  const overlaps = sql`tstzrange(${a.startsAt}, ${a.endsAt}, '[)') && tstzrange(${input.from.toISOString()}::timestamptz, ${input.to.toISOString()}::timestamptz, '[)')`;
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
        patientName: pt.givenName,
        patientFamilyName: pt.familyName,
        mrn: pt.mrn,
        providerUserId: a.providerUserId,
        providerName: schema.user.name,
      })
      .from(a)
      .innerJoinLateral(pt, sql`true`)
      .innerJoin(schema.user, eq(schema.user.id, a.providerUserId))
      .where(and(eq(a.clinicId, clinicId), overlaps, providerFilter ? eq(a.providerUserId, providerFilter) : undefined))
      .orderBy(asc(a.startsAt));
    // One audit row per request naming the patients shown (minimum necessary: names and times only).
    await recordListRead(tx, actor, { action: "schedule.read", patientIds: rows.map((r) => r.patientId) });
    return rows;
  });
}

/** Today's appointments, intakes awaiting review and open urgent alerts. A fixed set of queries. */
export async function getDashboard(db: Database, actor: Actor, clinicId: string, input: { dayStart: Date; dayEnd: Date }) {
  const today = await listSchedule(db, actor, clinicId, { from: input.dayStart, to: input.dayEnd });
  return db.transaction(async (tx) => {
    const p = schema.patient;
    // Correlated on "patient.id" literally: drizzle leaves select-list columns unqualified.
    const clinicianOnTeam = sql`exists (select 1 from ${schema.careTeamMember} ct where ct.patient_id = patient.id and ct.role <> 'care_coordinator')`;
    // "Mine" = the chart is open to this clinician: care team or an appointment with them (as in chart access).
    const mine = sql<boolean>`(exists (select 1 from ${schema.careTeamMember} ct where ct.patient_id = patient.id and ct.user_id = ${actor.userId})
      or exists (select 1 from ${schema.appointment} ap where ap.patient_id = patient.id and ap.provider_user_id = ${actor.userId} and ap.status <> 'cancelled'))`;
    const alertAssigned = assignedSql(actor);
    const [awaitingReview, alerts] = await Promise.all([
      // Clinicians see intakes they may take on (no clinician yet) or that are theirs; admins and staff see all.
      tx
        .select({
          id: p.id,
          givenName: p.givenName,
          familyName: p.familyName,
          mrn: p.mrn,
          updatedAt: p.updatedAt,
          // When the patient submitted the intake that waits (issue 15: the row showed updatedAt, a later day).
          submittedAt: sql<Date | null>`(select max(i.submitted_at) from ${schema.intake} i where i.patient_id = patient.id)`.mapWith(schema.intake.submittedAt),
          mine,
          clinicianName: sql<string | null>`(select u.name from ${schema.careTeamMember} ct join ${schema.user} u on u.id = ct.user_id
            where ct.patient_id = patient.id and ct.role <> 'care_coordinator' order by ct.created_at limit 1)`,
        })
        .from(p)
        .where(and(eq(p.clinicId, clinicId), eq(p.status, "intake_submitted"), seesClinic(actor) ? undefined : or(not(clinicianOnTeam), mine)))
        .orderBy(asc(p.updatedAt))
        .limit(25),
      tx
        .select({
          id: schema.safetyAlert.id,
          type: schema.safetyAlert.type,
          severity: schema.safetyAlert.severity,
          status: schema.safetyAlert.status,
          // DOMAIN.md §1 minimum necessary: the clinical summary only for the patient's clinicians.
          summary: sql<string>`case when ${alertAssigned} then ${schema.safetyAlert.summary} else ${schema.safetyAlert.neutralSummary} end`,
          createdAt: schema.safetyAlert.createdAt,
          patientId: schema.safetyAlert.patientId,
          givenName: schema.patient.givenName,
          familyName: schema.patient.familyName,
        })
        .from(schema.safetyAlert)
        .innerJoin(schema.patient, eq(schema.patient.id, schema.safetyAlert.patientId))
        // Medium too: A8 (missed follow-up) is how staff learn whom to rebook (DOMAIN.md §7).
        .where(
          and(
            eq(schema.safetyAlert.clinicId, clinicId),
            not(eq(schema.safetyAlert.status, "resolved")),
            inArray(schema.safetyAlert.severity, ["critical", "high", "medium"]),
            // Clinicians: their patients' alerts; admin and staff: non-clinical ones (A7, A8, A9) only.
            seesClinic(actor) ? or(alertAssigned, not(schema.safetyAlert.clinical)) : alertAssigned,
          ),
        )
        .orderBy(sql`case ${schema.safetyAlert.severity} when 'critical' then 0 when 'high' then 1 else 2 end`, desc(schema.safetyAlert.createdAt))
        .limit(25),
    ]);
    const shown = new Set([...awaitingReview.map((p) => p.id), ...alerts.map((a) => a.patientId)]);
    await recordListRead(tx, actor, { action: "dashboard.read", patientIds: shown });
    return { today, awaitingReview, alerts };
  });
}
