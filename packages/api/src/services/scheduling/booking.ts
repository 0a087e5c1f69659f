import { transitionAppointment } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, gte, lt } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { ownPatient } from "../patient/own-patient";
import { bookingBlock } from "./booking-gate";
import { DAY_MS, type VisitKind, clinicSettings, findSlots, withoutPatientBusy } from "./find-slots";
import { type BookingRequest, placeBooking } from "./place-booking";

/** Open slots for the signed-in patient, in their state of residence. */
export async function listOwnSlots(db: Database, actor: Actor, patientId: string, input: { kind: VisitKind; from?: Date | undefined; days: number }, now = new Date()) {
  return db.transaction(async (tx) => {
    const patient = await ownPatient(tx, actor, patientId);
    const blocked = await bookingBlock(tx, patient, input.kind);
    await recordAudit(tx, actor, { action: "slots.read", resourceType: "patient", resourceId: patientId, patientId, detail: { kind: input.kind } });
    if (blocked) return { blocked: blocked.patientReason, timezone: patient.timezone, state: patient.stateOfResidence, slots: [] };
    const from = input.from && input.from > now ? input.from : now;
    const { slots } = await findSlots(tx, now, { clinicId: patient.clinicId, state: patient.stateOfResidence, kind: input.kind, from, to: new Date(from.getTime() + input.days * DAY_MS) });
    return { blocked: null, timezone: patient.timezone, state: patient.stateOfResidence, slots: await withoutPatientBusy(tx, patient.id, slots) };
  });
}

/** The patient books (or moves) their own visit; with no provider named, any available one. */
export async function bookOwnAppointment(db: Database, actor: Actor, patientId: string, input: BookingRequest, now = new Date()) {
  return placeBooking(db, actor, { patient: (tx) => ownPatient(tx, actor, patientId), blocked: (b) => b.patientReason, onBehalf: false }, input, now);
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

/** The patient's appointments from a year back; bookings never reach past the clinic's horizon (at most a year). */
export async function listOwnAppointments(db: Database, actor: Actor, patientId: string, now = new Date()) {
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
      .where(
        and(
          eq(schema.appointment.patientId, patientId),
          gte(schema.appointment.endsAt, new Date(now.getTime() - 365 * DAY_MS)),
          lt(schema.appointment.startsAt, new Date(now.getTime() + 400 * DAY_MS)),
        ),
      )
      .orderBy(asc(schema.appointment.startsAt));
    await recordAudit(tx, actor, { action: "appointment.list", resourceType: "patient", resourceId: patientId, patientId });
    return rows;
  });
}
