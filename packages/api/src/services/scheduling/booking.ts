import { createHash } from "node:crypto";

import { evaluationBookingGate, followUpBookingGate, transitionAppointment } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, desc, eq, gte, isNotNull } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { isExclusionViolation } from "../db-errors";
import { ownPatient } from "../patient/own-patient";
import { DAY_MS, type VisitKind, clinicSettings, findSlots } from "./find-slots";

/** Why this patient may not book this kind of visit yet (DOMAIN.md §2 book guard), or null. */
async function bookingBlock(tx: DbOrTx, patient: typeof schema.patient.$inferSelect, kind: VisitKind): Promise<string | null> {
  if (kind === "follow_up") {
    const [done] = await tx
      .select({ id: schema.appointment.id })
      .from(schema.appointment)
      .where(and(eq(schema.appointment.patientId, patient.id), eq(schema.appointment.kind, "evaluation"), eq(schema.appointment.status, "completed")))
      .limit(1);
    const gate = followUpBookingGate(patient.status, !!done);
    return gate.ok ? null : gate.reason;
  }
  const clinic = await clinicSettings(tx, patient.clinicId);
  const [latest] = await tx
    .select({ mostRestrictive: schema.intake.mostRestrictiveEffect, crisisPathway: schema.intake.crisisPathway })
    .from(schema.intake)
    .where(and(eq(schema.intake.patientId, patient.id), isNotNull(schema.intake.submittedAt)))
    .orderBy(desc(schema.intake.version))
    .limit(1);
  const gate = evaluationBookingGate({ status: patient.status, clinicAllowsBookingBeforeReview: clinic.bookingBeforeIntakeReview, latestIntake: latest ?? null });
  return gate.ok ? null : gate.reason;
}

/** Open slots for the signed-in patient, in their state of residence. */
export async function listOwnSlots(db: Database, actor: Actor, patientId: string, input: { kind: VisitKind; from?: Date | undefined; days: number }, now = new Date()) {
  return db.transaction(async (tx) => {
    const patient = await ownPatient(tx, actor, patientId);
    const blocked = await bookingBlock(tx, patient, input.kind);
    await recordAudit(tx, actor, { action: "slots.read", resourceType: "patient", resourceId: patientId, patientId, detail: { kind: input.kind } });
    if (blocked) return { blocked, timezone: patient.timezone, state: patient.stateOfResidence, slots: [] };
    const from = input.from && input.from > now ? input.from : now;
    const { slots } = await findSlots(tx, now, { clinicId: patient.clinicId, state: patient.stateOfResidence, kind: input.kind, from, to: new Date(from.getTime() + input.days * DAY_MS) });
    return { blocked: null, timezone: patient.timezone, state: patient.stateOfResidence, slots };
  });
}

const requestHash = (v: unknown) => createHash("sha256").update(JSON.stringify(v)).digest("hex");

/**
 * Books a slot. The idempotency key makes a retried or double-clicked request book once; the
 * exclusion constraint makes concurrent bookings of one slot end with exactly one winner.
 */
export async function bookOwnAppointment(
  db: Database,
  actor: Actor,
  patientId: string,
  input: { kind: VisitKind; providerUserId: string; startsAt: Date; idempotencyKey: string; rescheduleOf?: string | undefined },
  now = new Date(),
) {
  const scope = input.rescheduleOf ? "appointment.reschedule" : "appointment.book";
  const hash = requestHash({ ...input, idempotencyKey: undefined });
  try {
    return await db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(schema.idempotencyKey)
        .values({ userId: actor.userId!, scope, key: input.idempotencyKey, requestHash: hash })
        .onConflictDoNothing()
        .returning();
      if (!claimed) {
        const [prior] = await tx
          .select()
          .from(schema.idempotencyKey)
          .where(and(eq(schema.idempotencyKey.userId, actor.userId!), eq(schema.idempotencyKey.scope, scope), eq(schema.idempotencyKey.key, input.idempotencyKey)));
        if (prior?.requestHash !== hash) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This request key was already used for a different booking.");
        const appointmentId = (prior.response as { appointmentId: string }).appointmentId;
        const existing = await tx.query.appointment.findFirst({ where: eq(schema.appointment.id, appointmentId) });
        return existing!;
      }
      const patient = await ownPatient(tx, actor, patientId);
      let previous: typeof schema.appointment.$inferSelect | undefined;
      if (input.rescheduleOf) {
        previous = await tx.query.appointment.findFirst({ where: and(eq(schema.appointment.id, input.rescheduleOf), eq(schema.appointment.patientId, patientId)) });
        if (!previous) throw new DomainError("NOT_FOUND", "This appointment could not be found.");
        const clinic = await clinicSettings(tx, patient.clinicId);
        const t = transitionAppointment(previous.status, "reschedule", { now, startsAt: previous.startsAt, cancelCutoffMinutes: clinic.cancelCutoffMinutes, noShowGraceMinutes: clinic.noShowGraceMinutes });
        if (!t.ok) throw new DomainError("INVALID_TRANSITION", t.reason);
        if (previous.kind !== input.kind) throw new DomainError("BAD_INPUT", "A reschedule keeps the visit type.");
      } else {
        const blocked = await bookingBlock(tx, patient, input.kind);
        if (blocked) throw new DomainError("RULE_FAILED", blocked);
      }
      const { slots, duration } = await findSlots(tx, now, {
        clinicId: patient.clinicId,
        state: patient.stateOfResidence,
        kind: input.kind,
        providerUserId: input.providerUserId,
        from: input.startsAt,
        to: new Date(input.startsAt.getTime() + 4 * 60 * 60_000),
        ignoreAppointmentId: previous?.id,
      });
      const offered = slots.some((s) => s.start.getTime() === input.startsAt.getTime());
      if (!offered) throw new DomainError("CONFLICT", "That time is no longer available. Please choose another.");
      if (previous) {
        await tx
          .update(schema.appointment)
          .set({ status: "cancelled", cancelledAt: now, cancelledByUserId: actor.userId, cancelReason: "Rescheduled" })
          .where(eq(schema.appointment.id, previous.id));
      }
      const [row] = await tx
        .insert(schema.appointment)
        .values({
          clinicId: patient.clinicId,
          patientId,
          providerUserId: input.providerUserId,
          kind: input.kind,
          startsAt: input.startsAt,
          endsAt: new Date(input.startsAt.getTime() + duration * 60_000),
          patientState: patient.stateOfResidence,
          patientTimezone: patient.timezone,
          rescheduledFromId: previous?.id ?? null,
          bookedByUserId: actor.userId!,
        })
        .returning();
      await tx
        .update(schema.idempotencyKey)
        .set({ response: { appointmentId: row!.id } })
        .where(and(eq(schema.idempotencyKey.userId, actor.userId!), eq(schema.idempotencyKey.scope, scope), eq(schema.idempotencyKey.key, input.idempotencyKey)));
      await recordAudit(tx, actor, {
        action: previous ? "appointment.reschedule" : "appointment.book",
        resourceType: "appointment",
        resourceId: row!.id,
        patientId,
        detail: { kind: input.kind, startsAt: input.startsAt.toISOString(), providerUserId: input.providerUserId, rescheduledFromId: previous?.id ?? null },
      });
      return row!;
    });
  } catch (error) {
    if (isExclusionViolation(error)) throw new DomainError("CONFLICT", "That time was just taken. Please choose another.");
    throw error;
  }
}

export async function cancelOwnAppointment(db: Database, actor: Actor, patientId: string, input: { appointmentId: string; reason: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(schema.appointment)
      .where(and(eq(schema.appointment.id, input.appointmentId), eq(schema.appointment.patientId, patientId)))
      .for("update");
    if (!row) throw new DomainError("NOT_FOUND", "This appointment could not be found.");
    const clinic = await clinicSettings(tx, row.clinicId);
    const t = transitionAppointment(row.status, "cancel", { now, startsAt: row.startsAt, cancelCutoffMinutes: clinic.cancelCutoffMinutes, noShowGraceMinutes: clinic.noShowGraceMinutes });
    if (!t.ok) throw new DomainError("INVALID_TRANSITION", t.reason);
    const [updated] = await tx
      .update(schema.appointment)
      .set({ status: "cancelled", cancelledAt: now, cancelledByUserId: actor.userId, cancelReason: input.reason })
      .where(eq(schema.appointment.id, row.id))
      .returning();
    await recordAudit(tx, actor, { action: "appointment.cancel", resourceType: "appointment", resourceId: row.id, patientId });
    return updated!;
  });
}

export async function listOwnAppointments(db: Database, actor: Actor, patientId: string) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const rows = await tx
      .select({
        id: schema.appointment.id,
        kind: schema.appointment.kind,
        status: schema.appointment.status,
        startsAt: schema.appointment.startsAt,
        endsAt: schema.appointment.endsAt,
        providerUserId: schema.appointment.providerUserId,
        providerName: schema.user.name,
      })
      .from(schema.appointment)
      .innerJoin(schema.user, eq(schema.user.id, schema.appointment.providerUserId))
      .where(and(eq(schema.appointment.patientId, patientId), gte(schema.appointment.endsAt, new Date(Date.now() - 365 * DAY_MS))))
      .orderBy(asc(schema.appointment.startsAt));
    await recordAudit(tx, actor, { action: "appointment.list", resourceType: "patient", resourceId: patientId, patientId });
    return rows;
  });
}

