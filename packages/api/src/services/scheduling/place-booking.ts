import { createHash } from "node:crypto";

import { transitionAppointment } from "@clearwell/clinical";
import type { Database, Transaction } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { isDeadlock, isExclusionViolation } from "../db-errors";
import { type BookingBlock, bookingBlock } from "./booking-gate";
import { DAY_MS, LIVE_STATUSES, type VisitKind, clinicSettings, findSlots } from "./find-slots";
import { mailAppointmentChange } from "./notify-patient";

type PatientRow = typeof schema.patient.$inferSelect;
type AppointmentRow = typeof schema.appointment.$inferSelect;

export interface BookingRequest {
  /** Absent on a reschedule: the visit keeps its type. */
  kind?: VisitKind | undefined;
  /** Absent: any available provider. */
  providerUserId?: string | undefined;
  startsAt: Date;
  idempotencyKey: string;
  rescheduleOf?: string | undefined;
}

export interface BookingParty {
  /** Loads the patient inside the transaction, in the caller's scope (their own record, or the clinic's). */
  patient: (tx: Transaction) => Promise<PatientRow>;
  /** The refusal to give when the booking gate says no (the patient's words, or the front desk's). */
  blocked: (block: BookingBlock, patient: PatientRow) => string;
  /**
   * Someone other than the patient books (clinic staff, or a clinician on their own schedule): the
   * clinic may move a visit up to its start, the audit row says for whom, and the patient is mailed.
   */
  onBehalf: boolean;
  /** Part of the request hash, so one key can never book for two patients. */
  hashExtra?: Record<string, unknown>;
}

/** Candidates tried for "any available provider": all of a clinic's providers at one time, bounded. */
const MAX_CANDIDATES = 20;
const PROVIDER_OVERLAP = "appointment_provider_no_overlap";
const PATIENT_OVERLAP = "appointment_patient_no_overlap";

const requestHash = (v: unknown) => createHash("sha256").update(JSON.stringify(v)).digest("hex");

/**
 * Providers free at one time, least booked that day first (so "any provider" spreads the load),
 * then by name. One grouped query over the candidates' live appointments within a day either side.
 */
async function byLoad<T extends { providerUserId: string; providerName: string }>(tx: Transaction, candidates: T[], startsAt: Date): Promise<T[]> {
  if (candidates.length < 2) return candidates;
  const a = schema.appointment;
  const rows = await tx
    .select({ providerUserId: a.providerUserId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(a)
    .where(
      and(
        inArray(
          a.providerUserId,
          candidates.map((c) => c.providerUserId),
        ),
        inArray(a.status, [...LIVE_STATUSES]),
        gte(a.startsAt, new Date(startsAt.getTime() - DAY_MS / 2)),
        lt(a.startsAt, new Date(startsAt.getTime() + DAY_MS / 2)),
      ),
    )
    .groupBy(a.providerUserId);
  const load = new Map(rows.map((r) => [r.providerUserId, r.n]));
  return [...candidates].sort((x, y) => (load.get(x.providerUserId) ?? 0) - (load.get(y.providerUserId) ?? 0) || x.providerName.localeCompare(y.providerName));
}

/**
 * Books (or reschedules) one visit in one transaction. The idempotency key makes a retried or
 * double-clicked request book once; the exclusion constraints make concurrent bookings of one
 * provider's time end with exactly one winner. With no provider named, the server offers the time
 * of every licensed provider free then and inserts for each in turn inside a savepoint: a provider
 * taken meanwhile by a concurrent booking is skipped, and the request fails only when none is left.
 */
export async function placeBooking(db: Database, actor: Actor, party: BookingParty, request: BookingRequest, now = new Date()): Promise<AppointmentRow> {
  const scope = request.rescheduleOf ? "appointment.reschedule" : "appointment.book";
  const hash = requestHash({ ...request, idempotencyKey: undefined, ...party.hashExtra });
  try {
    return await db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(schema.idempotencyKey)
        .values({ userId: actor.userId!, scope, key: request.idempotencyKey, requestHash: hash })
        .onConflictDoNothing()
        .returning();
      if (!claimed) {
        const [prior] = await tx
          .select()
          .from(schema.idempotencyKey)
          .where(and(eq(schema.idempotencyKey.userId, actor.userId!), eq(schema.idempotencyKey.scope, scope), eq(schema.idempotencyKey.key, request.idempotencyKey)));
        if (prior?.requestHash !== hash) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This request key was already used for a different booking.");
        const appointmentId = (prior.response as { appointmentId: string }).appointmentId;
        const existing = await tx.query.appointment.findFirst({ where: eq(schema.appointment.id, appointmentId) });
        return existing!;
      }
      const patient = await party.patient(tx);
      let previous: AppointmentRow | undefined;
      if (request.rescheduleOf) {
        // Locked, so two concurrent reschedules of one visit cannot both move it.
        [previous] = await tx
          .select()
          .from(schema.appointment)
          .where(and(eq(schema.appointment.id, request.rescheduleOf), eq(schema.appointment.patientId, patient.id), eq(schema.appointment.clinicId, patient.clinicId)))
          .for("update");
        if (!previous) throw new DomainError("NOT_FOUND", "This appointment could not be found.");
        const clinic = await clinicSettings(tx, patient.clinicId);
        // The cutoff binds patients; the clinic itself may move a visit up to its start.
        const cutoff = party.onBehalf ? 0 : clinic.cancelCutoffMinutes;
        const t = transitionAppointment(previous.status, "reschedule", { now, startsAt: previous.startsAt, cancelCutoffMinutes: cutoff, noShowGraceMinutes: clinic.noShowGraceMinutes });
        if (!t.ok) throw new DomainError("INVALID_TRANSITION", t.reason);
        if (request.kind && previous.kind !== request.kind) throw new DomainError("BAD_INPUT", "A reschedule keeps the visit type.");
      } else {
        if (!request.kind) throw new DomainError("BAD_INPUT", "Choose the type of visit.");
        const block = await bookingBlock(tx, patient, request.kind);
        if (block) throw new DomainError("RULE_FAILED", party.blocked(block, patient));
      }
      const kind: VisitKind = previous?.kind ?? request.kind!;
      const { slots, duration } = await findSlots(tx, now, {
        clinicId: patient.clinicId,
        state: patient.stateOfResidence,
        kind,
        ...(request.providerUserId ? { providerUserId: request.providerUserId } : {}),
        from: request.startsAt,
        to: new Date(request.startsAt.getTime() + 4 * 60 * 60_000),
        ...(previous ? { ignoreAppointmentId: previous.id } : {}),
      });
      const offered = slots.filter((s) => s.start.getTime() === request.startsAt.getTime());
      if (!offered.length) throw new DomainError("CONFLICT", "That time is no longer available. Please choose another.");
      if (previous) {
        await tx
          .update(schema.appointment)
          .set({ status: "cancelled", cancelledAt: now, cancelledByUserId: actor.userId, cancelReason: "Rescheduled" })
          .where(eq(schema.appointment.id, previous.id));
      }
      const values = (providerUserId: string) => ({
        clinicId: patient.clinicId,
        patientId: patient.id,
        providerUserId,
        kind,
        startsAt: request.startsAt,
        endsAt: new Date(request.startsAt.getTime() + duration * 60_000),
        patientState: patient.stateOfResidence,
        patientTimezone: patient.timezone,
        rescheduledFromId: previous?.id ?? null,
        bookedByUserId: actor.userId!,
      });
      let row: AppointmentRow | undefined;
      if (request.providerUserId) {
        try {
          [row] = await tx.insert(schema.appointment).values(values(request.providerUserId)).returning();
        } catch (error) {
          // Concurrent bookings of this time deadlocked on the exclusion check: another one is taking it.
          if (isDeadlock(error)) throw new DomainError("CONFLICT", "That time was just taken. Please choose another.");
          throw error;
        }
      } else {
        const candidates = (await byLoad(tx, offered, request.startsAt)).slice(0, MAX_CANDIDATES);
        for (const c of candidates) {
          try {
            // A savepoint: a refused insert rolls back alone and the transaction goes on.
            row = await tx.transaction(async (sp) => (await sp.insert(schema.appointment).values(values(c.providerUserId)).returning())[0]);
            break;
          } catch (error) {
            // Taken meanwhile, or concurrent bookings of this provider's time deadlocked on the exclusion
            // check and this one was aborted (seen in CI: four patients, two providers): try the next.
            if (!isExclusionViolation(error, PROVIDER_OVERLAP) && !isDeadlock(error)) throw error;
          }
        }
        if (!row) throw new DomainError("CONFLICT", "That time was just taken. Please choose another.");
      }
      await tx
        .update(schema.idempotencyKey)
        .set({ response: { appointmentId: row!.id } })
        .where(and(eq(schema.idempotencyKey.userId, actor.userId!), eq(schema.idempotencyKey.scope, scope), eq(schema.idempotencyKey.key, request.idempotencyKey)));
      await recordAudit(tx, actor, {
        action: previous ? "appointment.reschedule" : "appointment.book",
        resourceType: "appointment",
        resourceId: row!.id,
        patientId: patient.id,
        detail: {
          kind,
          startsAt: request.startsAt.toISOString(),
          providerUserId: row!.providerUserId,
          anyProvider: !request.providerUserId,
          rescheduledFromId: previous?.id ?? null,
          // Who acted for whom: the actor columns name the staff member, this the patient.
          ...(party.onBehalf ? { onBehalfOfPatientId: patient.id } : {}),
        },
      });
      if (party.onBehalf) await mailAppointmentChange(tx, patient, previous ? "moved" : "booked", row!.startsAt);
      return row!;
    });
  } catch (error) {
    if (isExclusionViolation(error, PATIENT_OVERLAP)) throw new DomainError("CONFLICT", "A visit is already booked at that time. Please choose another time.");
    if (isExclusionViolation(error)) throw new DomainError("CONFLICT", "That time was just taken. Please choose another.");
    throw error;
  }
}
