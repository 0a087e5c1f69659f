import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, desc, eq, inArray, not, or, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { listReadAuditSql, recordListRead } from "../audit/record-audit";
import { assignedSql } from "../safety/access";

/** Clinicians see their own schedule; admins and staff manage the clinic's (DOMAIN.md §1). */
const seesClinic = (actor: Actor) => actor.roles.includes("admin") || actor.roles.includes("staff");

/** A range of at most a month that ends after it starts (a reversed range is no tstzrange). */
function checkRange(from: Date, to: Date) {
  if (!(to.getTime() > from.getTime())) throw new DomainError("BAD_INPUT", "The end must be after the start.");
  if (to.getTime() - from.getTime() > 31 * 86_400_000) throw new DomainError("BAD_INPUT", "Choose at most a month.");
}

export async function listSchedule(db: Database, actor: Actor, clinicId: string, input: { from: Date; to: Date; providerUserId?: string | undefined }) {
  checkRange(input.from, input.to);
  // One statement (issue 14): the rows, and one audit row naming the patients shown (minimum
  // necessary: names and times only) written by it, so the read and its record are one round trip.
  const rows = db.$with("rows").as(scheduleRows(db, actor, clinicId, input));
  const audit = db.$with("audit", { n: sql<number>`n` }).as(listReadAuditSql(actor, { action: "schedule.read" }, sql`(select array_agg(distinct patient_id) from rows)`));
  return db.with(rows, audit).select().from(rows).orderBy(asc(rows.startsAt));
}

function scheduleRows(tx: DbOrTx, actor: Actor, clinicId: string, input: { from: Date; to: Date; providerUserId?: string | undefined }) {
  const providerFilter = seesClinic(actor) ? input.providerUserId : actor.userId!;
  const a = schema.appointment;
  const p = schema.patient;
  // Each row's patient by its key within the clinic: a lookup per row shown, never a scan of patients.
  const pt = tx
    .select({ givenName: p.givenName, familyName: p.familyName, mrn: p.mrn })
    .from(p)
    .where(and(eq(p.clinicId, a.clinicId), eq(p.id, a.patientId)))
    .limit(1)
    .as("pt");
  // Only the appointments overlapping [from, to), bounded on both ends by appointment_*_during_idx (gist).
  const overlaps = sql`tstzrange(${a.startsAt}, ${a.endsAt}, '[)') && tstzrange(${input.from.toISOString()}::timestamptz, ${input.to.toISOString()}::timestamptz, '[)')`;
  return tx
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
}

/**
 * Today's appointments, intakes awaiting review and open urgent alerts: one transaction, the three
 * reads sent together, then the two audit rows (today's schedule and the panels).
 */
export async function getDashboard(db: Database, actor: Actor, clinicId: string, input: { dayStart: Date; dayEnd: Date }) {
  checkRange(input.dayStart, input.dayEnd);
  return db.transaction(async (tx) => {
    const p = schema.patient;
    const ct = schema.careTeamMember;
    const ap = schema.appointment;
    const me = actor.userId ?? "";
    // Per candidate patient (the clinic's submitted intakes, patient_clinic_status_idx), their care team
    // in one lookup by (clinic, patient): a lateral aggregate runs per row, so no other clinic's care
    // teams (nor this clinic's whole list) are read, as the correlated EXISTS did when hashed.
    const team = tx
      .select({
        hasClinician: sql<boolean>`coalesce(bool_or(${ct.role} <> 'care_coordinator'), false)`.as("has_clinician"),
        onTeam: sql<boolean>`coalesce(bool_or(${ct.userId} = ${me}), false)`.as("on_team"),
        // The first clinician to join (issue 15 shows who took the patient on); their name per row shown.
        clinicianId: sql<string | null>`(array_agg(${ct.userId} order by ${ct.createdAt}) filter (where ${ct.role} <> 'care_coordinator'))[1]`.as("clinician_id"),
      })
      .from(ct)
      .where(and(eq(ct.clinicId, p.clinicId), eq(ct.patientId, p.id)))
      .as("team");
    // A visit with this clinician that is not cancelled ("mine", as in chart access); LIMIT keeps it per row.
    const seen = tx
      .select({ seen: sql<boolean>`true`.as("seen") })
      .from(ap)
      .where(and(eq(ap.clinicId, p.clinicId), eq(ap.patientId, p.id), eq(ap.providerUserId, me), not(eq(ap.status, "cancelled"))))
      .limit(1)
      .as("seen");
    const mine = sql<boolean>`(${team.onTeam} or ${seen.seen} is not null)`;
    const alertAssigned = assignedSql(actor);
    const ap2 = tx
      .select({ givenName: p.givenName, familyName: p.familyName })
      .from(p)
      .where(and(eq(p.clinicId, schema.safetyAlert.clinicId), eq(p.id, schema.safetyAlert.patientId)))
      .limit(1)
      .as("alert_patient");
    const [today, awaitingReview, alerts] = await Promise.all([
      scheduleRows(tx, actor, clinicId, { from: input.dayStart, to: input.dayEnd }),
      // Clinicians see intakes they may take on (no clinician yet) or that are theirs; admins and staff see all.
      tx
        .select({
          id: p.id,
          givenName: p.givenName,
          familyName: p.familyName,
          mrn: p.mrn,
          updatedAt: p.updatedAt,
          // When the patient submitted the intake that waits (issue 15: the row showed updatedAt, a later day).
          submittedAt: sql<Date | null>`(select max(i.submitted_at) from ${schema.intake} i where i.clinic_id = patient.clinic_id and i.patient_id = patient.id)`.mapWith(
            schema.intake.submittedAt,
          ),
          mine: sql<boolean>`${mine}`.mapWith(Boolean),
          clinicianName: sql<string | null>`(select u.name from ${schema.user} u where u.id = ${team.clinicianId})`,
        })
        .from(p)
        .leftJoinLateral(team, sql`true`)
        .leftJoinLateral(seen, sql`true`)
        .where(and(eq(p.clinicId, clinicId), eq(p.status, "intake_submitted"), seesClinic(actor) ? undefined : sql`(not ${team.hasClinician} or ${mine})`))
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
          givenName: ap2.givenName,
          familyName: ap2.familyName,
        })
        .from(schema.safetyAlert)
        // The alert's patient by key within the clinic, per alert shown: no scan of patients.
        .innerJoinLateral(ap2, sql`true`)
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
    await recordListRead(tx, actor, { action: "schedule.read", patientIds: today.map((r) => r.patientId) });
    const shown = new Set([...awaitingReview.map((p) => p.id), ...alerts.map((a) => a.patientId)]);
    await recordListRead(tx, actor, { action: "dashboard.read", patientIds: shown });
    return { today, awaitingReview, alerts };
  });
}
