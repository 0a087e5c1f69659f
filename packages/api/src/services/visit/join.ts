import { appointmentEventsFor } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { IN_CALL, type MediaPermission, type VideoService, WAITING, identityFor, roomNameFor } from "@clearwell/video";
import { eq, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { logger } from "../../logger";
import { recordAudit } from "../audit/record-audit";
import { ownPatient } from "../patient/own-patient";
import { type AppointmentRow, advanceAppointment, assertJoinable, lockVisitFor, providerLicensedIn } from "./visit-access";

/** The visit row for an appointment, created on first join (one room per appointment). */
async function upsertVisit(tx: DbOrTx, appointment: AppointmentRow, attested: { state: string; at: Date } | null) {
  const [row] = await tx
    .insert(schema.visit)
    .values({
      clinicId: appointment.clinicId,
      appointmentId: appointment.id,
      patientId: appointment.patientId,
      providerUserId: appointment.providerUserId,
      roomName: roomNameFor(appointment.id),
      attestedState: attested?.state ?? null,
      attestedAt: attested?.at ?? null,
    })
    .onConflictDoUpdate({
      target: schema.visit.appointmentId,
      set: attested ? { attestedState: attested.state, attestedAt: attested.at } : { updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

async function upsertParticipant(tx: DbOrTx, visit: { id: string; clinicId: string }, role: "patient" | "provider", userId: string) {
  await tx
    .insert(schema.visitParticipant)
    .values({ clinicId: visit.clinicId, visitId: visit.id, userId, role, identity: identityFor(role, userId) })
    .onConflictDoNothing();
}

async function tokenFor(video: VideoService, input: { room: string; identity: string; name: string; permission: MediaPermission; role: "patient" | "provider" }) {
  try {
    await video.ensureRoom(input.room);
    return await video.mintToken({ room: input.room, identity: input.identity, name: input.name, permission: input.permission, attributes: { role: input.role } });
  } catch (error) {
    logger.error({ err: error }, "[video] could not open the room");
    throw new DomainError("CONFLICT", "The video service is not reachable right now. Please try again in a moment.");
  }
}

/**
 * The patient enters the waiting room: re-attests the state they are in (DOMAIN.md §2 check-in
 * guard), checks in, and gets a token that can neither publish nor subscribe until admitted.
 * A patient already admitted (reconnecting after a drop) rejoins the call directly.
 */
export async function patientJoin(db: Database, video: VideoService, actor: Actor, patientId: string, input: { appointmentId: string; currentState: string }, now = new Date()) {
  const prepared = await db.transaction(async (tx) => {
    const patient = await ownPatient(tx, actor, patientId);
    const ctx = await lockVisitFor(tx, actor, { patientId }, input.appointmentId, "visit.join");
    assertJoinable(now, ctx);
    const { appointment, clinic } = ctx;
    if (!(await providerLicensedIn(tx, appointment, input.currentState, clinic.timezone, now))) {
      throw denied(actor, { action: "visit.join", resourceType: "appointment", resourceId: appointment.id, patientId, detail: { currentState: input.currentState } }, "RULE_FAILED", "Your provider can only see you by video while you are in a state where they are licensed. Please call the clinic to rebook or to talk about where you are.");
    }
    const visit = await upsertVisit(tx, appointment, { state: input.currentState, at: now });
    await upsertParticipant(tx, visit, "patient", actor.userId!);
    await advanceAppointment(tx, actor, appointment, appointmentEventsFor("patient_checked_in", appointment.status), {
      now,
      noShowGraceMinutes: clinic.noShowGraceMinutes,
      patientAttestedLocation: true,
    });
    // Being handed a token is not being in the room: presence comes from the server's webhooks.
    await tx.insert(schema.visitEvent).values({ clinicId: visit.clinicId, visitId: visit.id, kind: "patient_checked_in", identity: identityFor("patient", actor.userId!), occurredAt: now, detail: { currentState: input.currentState } });
    const permission = visit.patientAdmitted ? IN_CALL : WAITING;
    await recordAudit(tx, actor, {
      action: "visit.token",
      resourceType: "visit",
      resourceId: visit.id,
      patientId,
      detail: { role: "patient", admitted: visit.patientAdmitted, currentState: input.currentState },
    });
    return { visit, permission, name: patient.preferredName ?? patient.givenName, window: ctx.window };
  });
  const identity = identityFor("patient", actor.userId!);
  const { token, expiresAt } = await tokenFor(video, { room: prepared.visit.roomName, identity, name: prepared.name, permission: prepared.permission, role: "patient" });
  return {
    url: video.url,
    token,
    expiresAt,
    identity,
    roomName: prepared.visit.roomName,
    visitId: prepared.visit.id,
    admitted: prepared.visit.patientAdmitted,
    closesAt: prepared.window.closesAt,
  };
}

/** The appointment's own provider joins with full media grants (never room admin: the server admits). */
export async function providerJoin(db: Database, video: VideoService, actor: Actor, clinicId: string, input: { appointmentId: string }, now = new Date()) {
  const prepared = await db.transaction(async (tx) => {
    const ctx = await lockVisitFor(tx, actor, { providerUserId: actor.userId!, clinicId }, input.appointmentId, "visit.join");
    assertJoinable(now, ctx);
    const visit = await upsertVisit(tx, ctx.appointment, null);
    await upsertParticipant(tx, visit, "provider", actor.userId!);
    const [me] = await tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, actor.userId!));
    await recordAudit(tx, actor, { action: "visit.token", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId, detail: { role: "provider" } });
    return { visit, name: me?.name ?? "Provider", window: ctx.window };
  });
  const identity = identityFor("provider", actor.userId!);
  const { token, expiresAt } = await tokenFor(video, { room: prepared.visit.roomName, identity, name: prepared.name, permission: IN_CALL, role: "provider" });
  return { url: video.url, token, expiresAt, identity, roomName: prepared.visit.roomName, visitId: prepared.visit.id, closesAt: prepared.window.closesAt };
}

