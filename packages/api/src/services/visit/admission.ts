import { appointmentEventsFor, nextVisitStatus } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { IN_CALL, type VideoService, WAITING, identityFor } from "@clearwell/video";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { logger } from "../../logger";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { type VisitRow, advanceAppointment, lockVisitFor, providerLicensedIn } from "./visit-access";

type ProviderAction = "visit.admit" | "visit.send_back" | "visit.remove" | "visit.end";

/** Locks the provider's own visit; a visit that was never opened has nobody to admit or remove. */
async function ownVisit(tx: DbOrTx, actor: Actor, clinicId: string, appointmentId: string, action: ProviderAction) {
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

/** Whether the patient is connected to the room right now (asked of the server, never under a lock). */
async function patientConnected(video: VideoService, room: string, identity: string | undefined) {
  if (!identity) return false;
  return (await video.participants(room)).some((p) => p.identity === identity);
}

/**
 * Admit: only the provider, only a patient connected to the room, only while licensed in the state
 * the patient attested (DOMAIN.md §2). Decided and recorded in one transaction; the server grants
 * publish/subscribe after commit (never a network call under row locks). A grant that cannot be
 * delivered undoes the admission as a send-back, and webhook joins re-apply whatever is recorded.
 *
 * Usually the "joined" webhook has recorded the patient present long before anyone clicks Admit:
 * then the first transaction decides at once and the grant itself is the connection check (LiveKit
 * refuses a grant for someone not in the room, and the undo follows). Only a click that beats the
 * webhook asks the LiveKit server who is connected first, then decides in a second transaction.
 */
export async function admitPatient(db: Database, video: VideoService, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  const first = await db.transaction(async (tx) => {
    const ctx = await ownVisit(tx, actor, clinicId, appointmentId, "visit.admit");
    // Round trips (issue 16): who is waiting and the licence check go out together.
    const [patient, licensed] = await Promise.all([patientIdentity(tx, ctx.visit), licensedForVisit(tx, ctx, now)]);
    if (patient?.present) return { admitted: await recordAdmission(tx, actor, ctx, patient.identity, licensed, now), identity: patient.identity };
    return { admitted: null, roomName: ctx.visit.roomName, identity: patient?.identity };
  });

  let admitted = first.admitted;
  if (!admitted) {
    if (!first.identity || !(await patientConnected(video, first.roomName!, first.identity))) throw new DomainError("CONFLICT", NOT_WAITING);
    admitted = await db.transaction(async (tx) => {
      const ctx = await ownVisit(tx, actor, clinicId, appointmentId, "visit.admit");
      const [patient, licensed] = await Promise.all([patientIdentity(tx, ctx.visit), licensedForVisit(tx, ctx, now)]);
      if (!patient || patient.identity !== first.identity) throw new DomainError("CONFLICT", NOT_WAITING);
      return recordAdmission(tx, actor, ctx, patient.identity, licensed, now);
    });
  }

  const identity = first.identity!;
  const delivered = await video.setPermission(admitted.roomName, identity, IN_CALL).catch((e: unknown) => {
    logger.error({ visitId: admitted.id, err: e }, "video: could not deliver an admission");
    return false;
  });
  if (delivered) return admitted;
  await undoAdmission(db, actor, admitted, identity);
  throw new DomainError("CONFLICT", "The patient is not connected right now. They are back in the waiting room.");
}

const NOT_WAITING = "The patient is not in the waiting room right now.";

/** Whether the provider is licensed today in the state the patient attested (false when none is attested). */
function licensedForVisit(tx: DbOrTx, ctx: Awaited<ReturnType<typeof ownVisit>>, now: Date): Promise<boolean> {
  const state = ctx.visit.attestedState;
  return state ? providerLicensedIn(tx, ctx.appointment, state, ctx.clinic.timezone, now) : Promise.resolve(false);
}

/**
 * The admission's decision and record, inside the caller's transaction (visit rows locked by ownVisit).
 * The decision is made first; the writes it implies are independent, so they go out together.
 */
async function recordAdmission(tx: DbOrTx, actor: Actor, ctx: Awaited<ReturnType<typeof ownVisit>>, identity: string, licensed: boolean, now: Date) {
  const { appointment, visit, clinic } = ctx;
  if (visit.status === "in_call") throw new DomainError("CONFLICT", "The patient is already in the visit.");
  if (visit.status !== "patient_waiting" && visit.status !== "waiting_room_open") throw new DomainError("CONFLICT", NOT_WAITING);
  if (!licensed) {
    throw denied(actor, { action: "visit.admit", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId, detail: { attestedState: visit.attestedState } }, "RULE_FAILED", `You are not licensed in ${visit.attestedState ?? "the state the patient is in"}, where the patient says they are.`);
  }
  const status = nextVisitStatus(visit.status, "admitted", { patientAdmitted: true, everStarted: true });
  const [[updated]] = await Promise.all([
    tx
      .update(schema.visit)
      .set({ status, patientAdmitted: true, firstAdmittedAt: visit.firstAdmittedAt ?? now, startedAt: visit.startedAt ?? now })
      .where(eq(schema.visit.id, visit.id))
      .returning(),
    tx.update(schema.visitParticipant).set({ admittedAt: now }).where(and(eq(schema.visitParticipant.visitId, visit.id), eq(schema.visitParticipant.identity, identity))),
    advanceAppointment(tx, actor, appointment, appointmentEventsFor("admitted", appointment.status), {
      now,
      noShowGraceMinutes: clinic.noShowGraceMinutes,
      providerLicensedInPatientState: true,
    }),
    logEvent(tx, visit, "admitted", identity, now),
    recordAudit(tx, actor, { action: "visit.admit", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId, detail: { attestedState: visit.attestedState } }),
  ]);
  return updated!;
}

/** The patient left between the check and the grant: the record goes back to waiting, audited. */
async function undoAdmission(db: Database, actor: Actor, admitted: VisitRow, identity: string, now = new Date()) {
  await db.transaction(async (tx) => {
    const [visit] = await tx.select().from(schema.visit).where(eq(schema.visit.id, admitted.id)).for("update");
    // Someone may have acted since (sent back, ended): only our own admission is undone.
    if (!visit || visit.status !== "in_call" || !visit.patientAdmitted) return;
    const status = nextVisitStatus(visit.status, "sent_back", { patientAdmitted: false, everStarted: true });
    await tx.update(schema.visit).set({ status, patientAdmitted: false }).where(eq(schema.visit.id, visit.id));
    await logEvent(tx, visit, "admission_undelivered", identity, now);
    await recordAudit(tx, actor, { action: "visit.admit", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId, outcome: "error", detail: { reason: "grant_not_delivered" } });
  });
}

/**
 * Back to the waiting room: the patient stays connected but loses camera, microphone and the
 * provider's media. Recorded first; the server follows after commit, and a reconnect gets the
 * recorded (waiting) grants from the webhook.
 */
export async function sendBackToWaiting(db: Database, video: VideoService, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  const { updated, identity } = await db.transaction(async (tx) => {
    const { visit } = await ownVisit(tx, actor, clinicId, appointmentId, "visit.send_back");
    if (visit.status !== "in_call") throw new DomainError("CONFLICT", "The patient is not in the visit right now.");
    const patient = await patientIdentity(tx, visit);
    if (!patient) throw new DomainError("CONFLICT", "The patient is not connected right now.");
    const status = nextVisitStatus(visit.status, "sent_back", { patientAdmitted: false, everStarted: true });
    const [updated] = await tx.update(schema.visit).set({ status, patientAdmitted: false }).where(eq(schema.visit.id, visit.id)).returning();
    await logEvent(tx, visit, "sent_back", patient.identity, now);
    await recordAudit(tx, actor, { action: "visit.send_back", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId });
    return { updated: updated!, identity: patient.identity };
  });
  await enforceWaiting(video, updated.roomName, identity);
  return updated;
}

/**
 * Takes media away from a connected patient the record says is not admitted. If the server will
 * not change the permission, the patient is disconnected rather than left with media.
 */
async function enforceWaiting(video: VideoService, room: string, identity: string) {
  try {
    await video.setPermission(room, identity, WAITING);
  } catch {
    await video.removeParticipant(room, identity).catch((e: unknown) => {
      logger.error({ room, err: e }, "video: could not take media from a patient sent back");
    });
  }
}

/**
 * Removes the patient from the room. They may come back inside the window, but to the waiting
 * room: admission is not kept across a removal.
 */
export async function removePatient(db: Database, video: VideoService, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  const { updated, identity } = await db.transaction(async (tx) => {
    const { visit } = await ownVisit(tx, actor, clinicId, appointmentId, "visit.remove");
    const patient = await patientIdentity(tx, visit);
    if (!patient) throw new DomainError("CONFLICT", "The patient is not connected right now.");
    const status = nextVisitStatus(visit.status, "patient_left", { patientAdmitted: false, everStarted: !!visit.startedAt });
    const [updated] = await tx
      .update(schema.visit)
      .set({ status: status === "reconnecting" ? "waiting_room_open" : status, patientAdmitted: false })
      .where(eq(schema.visit.id, visit.id))
      .returning();
    await tx.update(schema.visitParticipant).set({ present: false, leftAt: now }).where(and(eq(schema.visitParticipant.visitId, visit.id), eq(schema.visitParticipant.identity, patient.identity)));
    await logEvent(tx, visit, "removed", patient.identity, now);
    await recordAudit(tx, actor, { action: "visit.remove", resourceType: "visit", resourceId: visit.id, patientId: visit.patientId });
    return { updated: updated!, identity: patient.identity };
  });
  // After commit. Not there any more is fine: a later join meets the recorded state (webhook).
  await video.removeParticipant(updated.roomName, identity).catch(async () => enforceWaiting(video, updated.roomName, identity));
  return updated;
}

/** Ends the visit for everyone: the room closes and a started visit completes the appointment. */
export async function endVisit(db: Database, video: VideoService, actor: Actor, clinicId: string, appointmentId: string, now = new Date()) {
  const visit = await db.transaction(async (tx) => {
    const { visit, appointment, clinic } = await ownVisit(tx, actor, clinicId, appointmentId, "visit.end");
    if (visit.status === "ended" || visit.status === "abandoned") return visit;
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
  // After commit (a retried End closes it again, harmlessly). Should the server refuse now, the
  // webhook still removes anyone who joins an ended visit.
  await video.closeRoom(visit.roomName).catch((e: unknown) => logger.error({ room: visit.roomName, err: e }, "video: could not close a room"));
  return visit;
}
