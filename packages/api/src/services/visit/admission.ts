import { appointmentEventsFor, nextVisitStatus } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { IN_CALL, type VideoService, WAITING, identityFor } from "@clearwell/video";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { type VisitRow, advanceAppointment, lockVisitFor, providerLicensedIn } from "./visit-access";

type ProviderAction = "visit.admit" | "visit.send_back" | "visit.remove" | "visit.end";

/** Locks the provider's own visit; a visit that was never opened has nobody to admit or remove. */
async function ownVisit(tx: DbOrTx, db: Database, actor: Actor, clinicId: string, appointmentId: string, action: ProviderAction) {
  const ctx = await lockVisitFor(tx, actor, { providerUserId: actor.userId!, clinicId }, appointmentId, action);
  if (!ctx.visit) throw new DomainError("CONFLICT", "Nobody has joined this visit yet.");
  return { ...ctx, visit: ctx.visit };
}

const patientIdentity = (tx: DbOrTx, visit: VisitRow) =>
  tx
    .select({ identity: schema.visitParticipant.identity, present: schema.visitParticipant.present })
    .from(schema.visitParticipant)
    .where(and(eq(schema.visitParticipant.visitId, visit.id), eq(schema.visitParticipant.role, "patient")))
    .then((rows) => rows[0] ?? null);

async function logEvent(tx: DbOrTx, visit: VisitRow, kind: string, identity: string | null, at: Date, detail?: Record<string, unknown>) {
  await tx.insert(schema.visitEvent).values({ clinicId: visit.clinicId, visitId: visit.id, kind, identity, occurredAt: at, detail: detail ?? null });
}

/**
 * Admit: only the provider, only a patient connected to the room (the LiveKit server is asked, so
 * a click that beats the "joined" webhook still works), only while licensed in the state the
 * patient attested (DOMAIN.md §2). The server grants publish/subscribe first; the records change
 * only if it did, in the same transaction as the audit event.
 */
export async function admitPatient(db: Database, video: VideoService, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  let granted: { room: string; identity: string } | null = null;
  try {
    return await db.transaction(async (tx) => {
      const { appointment, visit, clinic } = await ownVisit(tx, db, actor, clinicId, appointmentId, "visit.admit");
      if (visit.status === "in_call") throw new DomainError("CONFLICT", "The patient is already in the visit.");
      if (visit.status !== "patient_waiting" && visit.status !== "waiting_room_open") throw new DomainError("CONFLICT", "The patient is not in the waiting room right now.");
      const licensed = !!visit.attestedState && (await providerLicensedIn(tx, appointment.providerUserId, visit.attestedState, clinic.timezone, now));
      if (!licensed) {
        throw denied(actor, { action: "visit.admit", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId, detail: { attestedState: visit.attestedState } }, "RULE_FAILED", `You are not licensed in ${visit.attestedState ?? "the state the patient is in"}, where the patient says they are.`);
      }
      const patient = await patientIdentity(tx, visit);
      if (!patient || !(await video.setPermission(visit.roomName, patient.identity, IN_CALL))) {
        throw new DomainError("CONFLICT", "The patient is not in the waiting room right now.");
      }
      granted = { room: visit.roomName, identity: patient.identity };
      const status = nextVisitStatus(visit.status, "admitted", { patientAdmitted: true, everStarted: true });
      const [updated] = await tx
        .update(schema.visit)
        .set({ status, patientAdmitted: true, firstAdmittedAt: visit.firstAdmittedAt ?? now, startedAt: visit.startedAt ?? now })
        .where(eq(schema.visit.id, visit.id))
        .returning();
      await tx.update(schema.visitParticipant).set({ admittedAt: now }).where(and(eq(schema.visitParticipant.visitId, visit.id), eq(schema.visitParticipant.identity, patient.identity)));
      await advanceAppointment(tx, actor, appointment, appointmentEventsFor("admitted", appointment.status), {
        now,
        noShowGraceMinutes: clinic.noShowGraceMinutes,
        providerLicensedInPatientState: true,
      });
      await logEvent(tx, visit, "admitted", patient.identity, now);
      await recordAudit(tx, actor, { action: "visit.admit", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId, detail: { attestedState: visit.attestedState } });
      return updated!;
    });
  } catch (error) {
    // The grant went out but the record did not commit: take the grant back, so the patient never
    // has media that the record (and its audit trail) does not show.
    const g = granted as { room: string; identity: string } | null;
    if (g) await video.setPermission(g.room, g.identity, WAITING).catch((e: unknown) => console.error("[video] could not revoke an uncommitted admission", e));
    throw error;
  }
}

/** Back to the waiting room: the patient stays connected but loses camera, microphone and the provider's media. */
export async function sendBackToWaiting(db: Database, video: VideoService, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const { visit } = await ownVisit(tx, db, actor, clinicId, appointmentId, "visit.send_back");
    if (visit.status !== "in_call") throw new DomainError("CONFLICT", "The patient is not in the visit right now.");
    const patient = await patientIdentity(tx, visit);
    if (!patient || !(await video.setPermission(visit.roomName, patient.identity, WAITING))) throw new DomainError("CONFLICT", "The patient is not connected right now.");
    const status = nextVisitStatus(visit.status, "sent_back", { patientAdmitted: false, everStarted: true });
    const [updated] = await tx.update(schema.visit).set({ status, patientAdmitted: false }).where(eq(schema.visit.id, visit.id)).returning();
    await logEvent(tx, visit, "sent_back", patient.identity, now);
    await recordAudit(tx, actor, { action: "visit.send_back", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId });
    return updated!;
  });
}

/**
 * Removes the patient from the room. They may come back inside the window, but to the waiting
 * room: admission is not kept across a removal.
 */
export async function removePatient(db: Database, video: VideoService, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const { visit } = await ownVisit(tx, db, actor, clinicId, appointmentId, "visit.remove");
    const patient = await patientIdentity(tx, visit);
    if (!patient || !(await video.removeParticipant(visit.roomName, patient.identity))) throw new DomainError("CONFLICT", "The patient is not connected right now.");
    const status = nextVisitStatus(visit.status, "patient_left", { patientAdmitted: false, everStarted: !!visit.startedAt });
    const [updated] = await tx
      .update(schema.visit)
      .set({ status: status === "reconnecting" ? "waiting_room_open" : status, patientAdmitted: false })
      .where(eq(schema.visit.id, visit.id))
      .returning();
    await tx.update(schema.visitParticipant).set({ present: false, leftAt: now }).where(and(eq(schema.visitParticipant.visitId, visit.id), eq(schema.visitParticipant.identity, patient.identity)));
    await logEvent(tx, visit, "removed", patient.identity, now);
    await recordAudit(tx, actor, { action: "visit.remove", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId });
    return updated!;
  });
}

/** Ends the visit for everyone: the room closes and a started visit completes the appointment. */
export async function endVisit(db: Database, video: VideoService, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const { visit, appointment, clinic } = await ownVisit(tx, db, actor, clinicId, appointmentId, "visit.end");
    if (visit.status === "ended" || visit.status === "abandoned") return visit;
    await video.closeRoom(visit.roomName);
    const status = nextVisitStatus(visit.status, "ended_by_provider", { patientAdmitted: false, everStarted: !!visit.startedAt });
    const [updated] = await tx
      .update(schema.visit)
      .set({ status, patientAdmitted: false, endedAt: now, endedByUserId: actor.userId })
      .where(eq(schema.visit.id, visit.id))
      .returning();
    await tx.update(schema.visitParticipant).set({ present: false, leftAt: now }).where(and(eq(schema.visitParticipant.visitId, visit.id), eq(schema.visitParticipant.present, true)));
    await advanceAppointment(tx, actor, appointment, appointmentEventsFor("visit_over", appointment.status), { now, noShowGraceMinutes: clinic.noShowGraceMinutes });
    await logEvent(tx, visit, "ended", identityFor("provider", actor.userId!), now);
    await recordAudit(tx, actor, { action: "visit.end", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId, detail: { status } });
    return updated!;
  });
}
