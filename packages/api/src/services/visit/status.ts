import { joinWindow } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit, recordListRead } from "../audit/record-audit";

const LIVE = ["patient_waiting", "in_call", "reconnecting"] as const;

/** Decides whether a read is audited: always for a request; once per window for a pushed stream (feed.ts). */
export type AuditGate = (key: string) => boolean;
const always: AuditGate = () => true;

/**
 * What the waiting patient sees: whether they are admitted, their place in this provider's
 * queue, and whether the provider is in the room, busy with someone else, or not yet online.
 */
export async function patientVisitStatus(db: Database, actor: Actor, patientId: string, appointmentId: string, audit: AuditGate = always) {
  return db.transaction(async (tx) => {
    const a = schema.appointment;
    const [row] = await tx
      .select({ appointment: a, providerName: schema.user.name, joinWindowMinutes: schema.clinic.joinWindowMinutes })
      .from(a)
      .innerJoin(schema.user, eq(schema.user.id, a.providerUserId))
      .innerJoin(schema.clinic, eq(schema.clinic.id, a.clinicId))
      .where(and(eq(a.id, appointmentId), eq(a.patientId, patientId)));
    if (!row) throw new DomainError("NOT_FOUND", "No such visit for you.");
    const window = joinWindow(row.appointment.startsAt, row.appointment.endsAt, row.joinWindowMinutes);
    const [visit] = await tx.select().from(schema.visit).where(eq(schema.visit.appointmentId, appointmentId));
    let position: number | null = null;
    let provider: "in_room" | "with_another_patient" | "not_joined" = "not_joined";
    if (visit) {
      const v = schema.visit;
      const vp = schema.visitParticipant;
      const since = (visit.attestedAt ?? new Date()).toISOString();
      const [counts] = await tx
        .select({
          ahead: sql<number>`count(*) filter (where ${v.status} = 'patient_waiting' and ${v.id} <> ${visit.id} and ${v.attestedAt} < ${since}::timestamptz)`.mapWith(Number),
          busy: sql<number>`count(*) filter (where ${v.status} in ('in_call', 'reconnecting') and ${v.id} <> ${visit.id})`.mapWith(Number),
        })
        .from(v)
        .where(and(eq(v.providerUserId, visit.providerUserId), inArray(v.status, [...LIVE])));
      const [host] = await tx
        .select({ present: vp.present })
        .from(vp)
        .where(and(eq(vp.visitId, visit.id), eq(vp.role, "provider"), eq(vp.present, true)))
        .limit(1);
      const queue = { ahead: counts?.ahead ?? 0, busy: counts?.busy ?? 0, inRoom: !!host };
      position = visit.status === "patient_waiting" ? queue.ahead + 1 : null;
      provider = queue.inRoom ? "in_room" : queue.busy > 0 ? "with_another_patient" : "not_joined";
    }
    if (audit(`visit.status:${appointmentId}`)) await recordAudit(tx, actor, { action: "visit.status", resourceType: "appointment", resourceId: appointmentId, patientId });
    return {
      appointment: { id: row.appointment.id, kind: row.appointment.kind, status: row.appointment.status, startsAt: row.appointment.startsAt, endsAt: row.appointment.endsAt },
      providerName: row.providerName,
      opensAt: window.opensAt,
      closesAt: window.closesAt,
      visitStatus: visit?.status ?? null,
      admitted: visit?.patientAdmitted ?? false,
      position,
      provider,
    };
  });
}

/**
 * Visits with someone in them now: the provider's own, or the clinic's for admins and staff.
 * Polled by the schedule and dashboard so "waiting" shows without a reload.
 */
export async function liveVisits(db: Database, actor: Actor, clinicId: string, now = new Date(), audit: AuditGate = always) {
  const seesClinic = actor.roles.includes("admin") || actor.roles.includes("staff");
  const v = schema.visit;
  const a = schema.appointment;
  const vp = schema.visitParticipant;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        appointmentId: v.appointmentId,
        visitId: v.id,
        status: v.status,
        patientId: v.patientId,
        givenName: schema.patient.givenName,
        familyName: schema.patient.familyName,
        providerUserId: v.providerUserId,
        providerName: schema.user.name,
        kind: a.kind,
        startsAt: a.startsAt,
        attestedState: v.attestedState,
        waitingSince: sql<Date | null>`(select max(${vp.lastJoinedAt}) from ${vp} where ${vp.visitId} = ${v.id} and ${vp.role} = 'patient')`.mapWith(vp.lastJoinedAt),
      })
      .from(v)
      .innerJoin(a, eq(a.id, v.appointmentId))
      .innerJoin(schema.patient, eq(schema.patient.id, v.patientId))
      .innerJoin(schema.user, eq(schema.user.id, v.providerUserId))
      .where(
        and(
          eq(v.clinicId, clinicId),
          inArray(v.status, [...LIVE]),
          gte(a.endsAt, new Date(now.getTime() - 60 * 60_000)),
          lt(a.startsAt, new Date(now.getTime() + 24 * 60 * 60_000)),
          seesClinic ? undefined : eq(v.providerUserId, actor.userId!),
        ),
      )
      .orderBy(asc(a.startsAt));
    const audited = rows.filter((r) => audit(`visit.live:${r.patientId}`));
    // One row per poll that shows someone new (the gate drops repeats), naming those patients.
    if (audited.length) await recordListRead(tx, actor, { action: "visit.live", patientIds: audited.map((r) => r.patientId) });
    return rows;
  });
}

/** The provider's view of one visit: appointment, patient, status and who is connected. */
export async function providerVisit(db: Database, actor: Actor, clinicId: string, appointmentId: string, audit: AuditGate = always) {
  return db.transaction(async (tx) => {
    const a = schema.appointment;
    const [row] = await tx
      .select({ appointment: a, patient: schema.patient, joinWindowMinutes: schema.clinic.joinWindowMinutes })
      .from(a)
      .innerJoin(schema.patient, eq(schema.patient.id, a.patientId))
      .innerJoin(schema.clinic, eq(schema.clinic.id, a.clinicId))
      .where(and(eq(a.id, appointmentId), eq(a.clinicId, clinicId), eq(a.providerUserId, actor.userId!)));
    if (!row) {
      throw denied(actor, { action: "visit.read", resourceType: "appointment", resourceId: appointmentId }, "NOT_FOUND", "No such visit on your schedule.");
    }
    const [visit] = await tx.select().from(schema.visit).where(eq(schema.visit.appointmentId, appointmentId));
    const participants = visit
      ? await tx
          .select({ role: schema.visitParticipant.role, present: schema.visitParticipant.present, firstJoinedAt: schema.visitParticipant.firstJoinedAt, lastJoinedAt: schema.visitParticipant.lastJoinedAt, admittedAt: schema.visitParticipant.admittedAt, leftAt: schema.visitParticipant.leftAt })
          .from(schema.visitParticipant)
          .where(and(eq(schema.visitParticipant.visitId, visit.id), ne(schema.visitParticipant.role, "provider")))
      : [];
    if (audit(`visit.read:${appointmentId}`)) await recordAudit(tx, actor, { action: "visit.read", resourceType: "appointment", resourceId: appointmentId, patientId: row.patient.id });
    const w = joinWindow(row.appointment.startsAt, row.appointment.endsAt, row.joinWindowMinutes);
    const p = row.patient;
    return {
      appointment: { id: row.appointment.id, kind: row.appointment.kind, status: row.appointment.status, startsAt: row.appointment.startsAt, endsAt: row.appointment.endsAt, patientState: row.appointment.patientState },
      patient: { id: p.id, name: `${p.preferredName ?? p.givenName} ${p.familyName}`, mrn: p.mrn },
      opensAt: w.opensAt,
      closesAt: w.closesAt,
      visit: visit
        ? { id: visit.id, status: visit.status, admitted: visit.patientAdmitted, attestedState: visit.attestedState, startedAt: visit.startedAt, endedAt: visit.endedAt }
        : null,
      patientPresence: participants[0] ?? null,
    };
  });
}

/** The provider of the patient's own appointment (whose queue the patient waits in), or null. */
export async function visitProviderFor(db: Database, patientId: string, appointmentId: string) {
  const [row] = await db
    .select({ providerUserId: schema.appointment.providerUserId })
    .from(schema.appointment)
    .where(and(eq(schema.appointment.id, appointmentId), eq(schema.appointment.patientId, patientId)));
  return row?.providerUserId ?? null;
}
