import { createHash } from "node:crypto";

import { type Interval, openSlots, transitionAppointment, validateWeeklyWindows } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, gt, gte, inArray, lt, ne, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { canBookBeforeReview } from "../intake/intake";

export type VisitKind = "evaluation" | "follow_up";
const LIVE = ["booked", "confirmed", "checked_in", "in_progress"] as const;
const DAY = 86_400_000;

/** Postgres exclusion_violation (23P01): the provider's or patient's time is already taken. */
function isExclusionViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    if ((e as { code?: string }).code === "23P01") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

async function clinicSettings(tx: DbOrTx, clinicId: string) {
  const c = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId) });
  if (!c) throw new DomainError("NOT_FOUND", "Clinic not found.");
  return c;
}

const durationOf = (c: typeof schema.clinic.$inferSelect, kind: VisitKind) => (kind === "evaluation" ? c.evaluationMinutes : c.followUpMinutes);

/** Weekly hours of a provider in this clinic. Providers set their own; admins set anyone's. */
export async function setWeeklyHours(
  db: Database,
  actor: Actor,
  clinicId: string,
  input: { providerUserId: string; timezone: string; windows: { weekday: number; startMinute: number; endMinute: number }[] },
) {
  if (input.providerUserId !== actor.userId && !actor.roles.includes("admin")) {
    throw new DomainError("FORBIDDEN", "You can only change your own hours.");
  }
  const valid = validateWeeklyWindows(input.windows);
  if (!valid.ok) throw new DomainError("BAD_INPUT", valid.reason);
  return db.transaction(async (tx) => {
    const member = await tx.query.clinicMembership.findFirst({
      where: and(eq(schema.clinicMembership.clinicId, clinicId), eq(schema.clinicMembership.userId, input.providerUserId), eq(schema.clinicMembership.role, "provider")),
    });
    if (!member) throw new DomainError("NOT_FOUND", "No such provider in this clinic.");
    await tx.delete(schema.availabilityWindow).where(and(eq(schema.availabilityWindow.clinicId, clinicId), eq(schema.availabilityWindow.providerUserId, input.providerUserId)));
    if (input.windows.length) {
      await tx.insert(schema.availabilityWindow).values(input.windows.map((w) => ({ ...w, clinicId, providerUserId: input.providerUserId })));
    }
    await tx
      .insert(schema.providerProfile)
      .values({ userId: input.providerUserId, credentials: "", timezone: input.timezone })
      .onConflictDoUpdate({ target: schema.providerProfile.userId, set: { timezone: input.timezone } });
    await recordAudit(tx, actor, { action: "availability.set_weekly", resourceType: "provider", resourceId: input.providerUserId, detail: { windows: input.windows.length } });
    return { windows: input.windows.length };
  });
}

export async function addAvailabilityException(
  db: Database,
  actor: Actor,
  clinicId: string,
  input: { providerUserId: string; kind: "time_off" | "extra_hours"; startsAt: Date; endsAt: Date; note?: string | undefined },
) {
  if (input.providerUserId !== actor.userId && !actor.roles.includes("admin")) throw new DomainError("FORBIDDEN", "You can only change your own hours.");
  if (input.endsAt <= input.startsAt) throw new DomainError("BAD_INPUT", "The end must be after the start.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.availabilityException)
      .values({ clinicId, providerUserId: input.providerUserId, kind: input.kind, startsAt: input.startsAt, endsAt: input.endsAt, note: input.note ?? null })
      .returning();
    await recordAudit(tx, actor, { action: "availability.add_exception", resourceType: "availability_exception", resourceId: row!.id, detail: { kind: input.kind } });
    return row!;
  });
}

interface SlotSearch {
  clinicId: string;
  state: string;
  kind: VisitKind;
  from: Date;
  to: Date;
  providerUserId?: string;
  /** An appointment being rescheduled does not block its own time. */
  ignoreAppointmentId?: string;
}

/**
 * Open slots of every provider in the clinic who holds a licence in the patient's state that is
 * valid on the slot's date. A fixed number of queries whatever the number of providers.
 */
async function findSlots(tx: DbOrTx, now: Date, s: SlotSearch) {
  const clinic = await clinicSettings(tx, s.clinicId);
  const duration = durationOf(clinic, s.kind);
  const earliestStart = new Date(Math.max(s.from.getTime(), now.getTime() + clinic.minBookingNoticeMinutes * 60_000));
  const to = new Date(Math.min(s.to.getTime(), now.getTime() + clinic.bookingHorizonDays * DAY));
  if (to <= earliestStart) return { slots: [], duration };

  const m = schema.clinicMembership;
  const providers = await tx
    .select({ userId: m.userId, name: schema.user.name, credentials: schema.providerProfile.credentials, timezone: schema.providerProfile.timezone, licenceExpires: schema.stateLicense.expiresOn })
    .from(m)
    .innerJoin(schema.user, eq(schema.user.id, m.userId))
    .innerJoin(schema.stateLicense, and(eq(schema.stateLicense.userId, m.userId), eq(schema.stateLicense.state, s.state)))
    .leftJoin(schema.providerProfile, eq(schema.providerProfile.userId, m.userId))
    .where(and(eq(m.clinicId, s.clinicId), eq(m.role, "provider"), s.providerUserId ? eq(m.userId, s.providerUserId) : undefined));
  if (!providers.length) return { slots: [], duration };
  const ids = providers.map((p) => p.userId);
  const [windows, exceptions, busy] = await Promise.all([
    tx.select().from(schema.availabilityWindow).where(and(eq(schema.availabilityWindow.clinicId, s.clinicId), inArray(schema.availabilityWindow.providerUserId, ids))),
    tx
      .select()
      .from(schema.availabilityException)
      .where(and(eq(schema.availabilityException.clinicId, s.clinicId), inArray(schema.availabilityException.providerUserId, ids), gt(schema.availabilityException.endsAt, earliestStart), lt(schema.availabilityException.startsAt, to))),
    // Busy across every clinic: a provider is one person.
    tx
      .select({ providerUserId: schema.appointment.providerUserId, start: schema.appointment.startsAt, end: schema.appointment.endsAt })
      .from(schema.appointment)
      .where(
        and(
          inArray(schema.appointment.providerUserId, ids),
          inArray(schema.appointment.status, [...LIVE]),
          gt(schema.appointment.endsAt, earliestStart),
          lt(schema.appointment.startsAt, to),
          s.ignoreAppointmentId ? ne(schema.appointment.id, s.ignoreAppointmentId) : undefined,
        ),
      ),
  ]);
  const slots = providers.flatMap((p) => {
    const licenceEnd = new Date(`${p.licenceExpires}T23:59:59Z`);
    return openSlots({
      timezone: p.timezone ?? clinic.timezone,
      weekly: windows.filter((w) => w.providerUserId === p.userId),
      exceptions: exceptions.filter((e) => e.providerUserId === p.userId).map((e) => ({ kind: e.kind, start: e.startsAt, end: e.endsAt })),
      busy: busy.filter((b) => b.providerUserId === p.userId) as Interval[],
      durationMinutes: duration,
      from: earliestStart,
      to: new Date(Math.min(to.getTime(), licenceEnd.getTime())),
      earliestStart,
    }).map((slot) => ({ ...slot, providerUserId: p.userId, providerName: p.name, credentials: p.credentials ?? null }));
  });
  slots.sort((a, b) => a.start.getTime() - b.start.getTime() || a.providerName.localeCompare(b.providerName));
  return { slots, duration };
}

async function ownPatient(tx: DbOrTx, actor: Actor, patientId: string) {
  const row = await tx.query.patient.findFirst({ where: and(eq(schema.patient.id, patientId), eq(schema.patient.userId, actor.userId ?? "")) });
  if (!row) throw new DomainError("NOT_FOUND", "Your record could not be found.");
  return row;
}

/** Why this patient may not book this kind of visit yet, or null. */
async function bookingBlock(tx: DbOrTx, patient: typeof schema.patient.$inferSelect, kind: VisitKind): Promise<string | null> {
  if (patient.status === "withdrawn") return "Your care with this clinic has ended. Please contact the clinic.";
  if (kind === "follow_up") {
    const [done] = await tx
      .select({ id: schema.appointment.id })
      .from(schema.appointment)
      .where(and(eq(schema.appointment.patientId, patient.id), eq(schema.appointment.kind, "evaluation"), eq(schema.appointment.status, "completed")))
      .limit(1);
    return done ? null : "A follow-up can be booked after your evaluation visit.";
  }
  // DOMAIN.md §2: an evaluation requires ready_to_schedule; the clinic may let a patient book before review.
  if (patient.status === "ready_to_schedule") return null;
  if (patient.status !== "intake_submitted" && patient.status !== "intake_reviewed") return "Please complete your intake first.";
  const clinic = await clinicSettings(tx, patient.clinicId);
  const [latest] = await tx
    .select({ effect: schema.intake.mostRestrictiveEffect, crisis: schema.intake.crisisPathway })
    .from(schema.intake)
    .where(and(eq(schema.intake.patientId, patient.id), sql`${schema.intake.submittedAt} is not null`))
    .orderBy(sql`${schema.intake.version} desc`)
    .limit(1);
  if (!latest || !canBookBeforeReview(clinic.bookingBeforeIntakeReview, latest.effect, latest.crisis)) {
    return "The clinic will review your intake and contact you to book your evaluation.";
  }
  return null;
}

/** Open slots for the signed-in patient, in their state of residence. */
export async function listOwnSlots(db: Database, actor: Actor, patientId: string, input: { kind: VisitKind; from?: Date | undefined; days: number }, now = new Date()) {
  return db.transaction(async (tx) => {
    const patient = await ownPatient(tx, actor, patientId);
    const blocked = await bookingBlock(tx, patient, input.kind);
    await recordAudit(tx, actor, { action: "slots.read", resourceType: "patient", resourceId: patientId, patientId, detail: { kind: input.kind } });
    if (blocked) return { blocked, timezone: patient.timezone, state: patient.stateOfResidence, slots: [] };
    const from = input.from && input.from > now ? input.from : now;
    const { slots } = await findSlots(tx, now, { clinicId: patient.clinicId, state: patient.stateOfResidence, kind: input.kind, from, to: new Date(from.getTime() + input.days * DAY) });
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
      .where(and(eq(schema.appointment.patientId, patientId), gte(schema.appointment.endsAt, new Date(Date.now() - 365 * DAY))))
      .orderBy(asc(schema.appointment.startsAt));
    await recordAudit(tx, actor, { action: "appointment.list", resourceType: "patient", resourceId: patientId, patientId });
    return rows;
  });
}

/** A provider's saved weekly hours and upcoming exceptions (their own, or any provider for admins). */
export async function getAvailability(db: Database, actor: Actor, clinicId: string, providerUserId: string) {
  if (providerUserId !== actor.userId && !actor.roles.includes("admin")) throw new DomainError("FORBIDDEN", "You can only see your own hours.");
  const [profile, windows, exceptions] = await Promise.all([
    db.query.providerProfile.findFirst({ where: eq(schema.providerProfile.userId, providerUserId), columns: { timezone: true } }),
    db
      .select({ weekday: schema.availabilityWindow.weekday, startMinute: schema.availabilityWindow.startMinute, endMinute: schema.availabilityWindow.endMinute })
      .from(schema.availabilityWindow)
      .where(and(eq(schema.availabilityWindow.clinicId, clinicId), eq(schema.availabilityWindow.providerUserId, providerUserId)))
      .orderBy(asc(schema.availabilityWindow.weekday), asc(schema.availabilityWindow.startMinute)),
    db
      .select()
      .from(schema.availabilityException)
      .where(and(eq(schema.availabilityException.clinicId, clinicId), eq(schema.availabilityException.providerUserId, providerUserId), gt(schema.availabilityException.endsAt, new Date())))
      .orderBy(asc(schema.availabilityException.startsAt)),
  ]);
  return { timezone: profile?.timezone ?? null, windows, exceptions };
}
