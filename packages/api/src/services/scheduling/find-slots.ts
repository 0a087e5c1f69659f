import { type Interval, endOfLocalDay, openSlots } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, gt, inArray, lt, ne } from "drizzle-orm";

import { DomainError } from "../../errors";
import { credentialDay, licensedThrough } from "../credentials/in-force";

export type VisitKind = "evaluation" | "follow_up";
/** Statuses that hold a provider's time (the exclusion constraints use the same set). */
export const LIVE_STATUSES = ["booked", "confirmed", "checked_in", "in_progress"] as const;
export const DAY_MS = 86_400_000;

export async function clinicSettings(tx: DbOrTx, clinicId: string) {
  const c = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId) });
  if (!c) throw new DomainError("NOT_FOUND", "Clinic not found.");
  return c;
}

export const durationOf = (c: typeof schema.clinic.$inferSelect, kind: VisitKind) => (kind === "evaluation" ? c.evaluationMinutes : c.followUpMinutes);

export interface SlotSearch {
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
 * Open slots of every provider in the clinic who holds a licence in the patient's state, recorded in
 * this clinic's credentials (the Prescribers page), not removed and valid on the slot's date (a
 * calendar day in the clinic's zone; the rule of credentials/in-force.ts). A fixed number of queries
 * whatever the number of providers.
 */
export async function findSlots(tx: DbOrTx, now: Date, s: SlotSearch) {
  const clinic = await clinicSettings(tx, s.clinicId);
  const duration = durationOf(clinic, s.kind);
  const earliestStart = new Date(Math.max(s.from.getTime(), now.getTime() + clinic.minBookingNoticeMinutes * 60_000));
  const to = new Date(Math.min(s.to.getTime(), now.getTime() + clinic.bookingHorizonDays * DAY_MS));
  if (to <= earliestStart) return { slots: [], duration };

  const m = schema.clinicMembership;
  const members = await tx
    .select({ userId: m.userId, name: schema.user.name, credentials: schema.providerProfile.credentials, timezone: schema.providerSchedule.timezone })
    .from(m)
    .innerJoin(schema.user, eq(schema.user.id, m.userId))
    .leftJoin(schema.providerProfile, eq(schema.providerProfile.userId, m.userId))
    // The zone this clinic's hours are kept in (per clinic: a provider may work for several).
    .leftJoin(schema.providerSchedule, and(eq(schema.providerSchedule.clinicId, m.clinicId), eq(schema.providerSchedule.providerUserId, m.userId)))
    .where(and(eq(m.clinicId, s.clinicId), eq(m.role, "provider"), s.providerUserId ? eq(m.userId, s.providerUserId) : undefined));
  // Unlicensed in the patient's state (or only through a removed or expired licence): not bookable.
  const licensed = await licensedThrough(
    tx,
    s.clinicId,
    members.map((p) => p.userId),
    s.state,
    credentialDay(clinic.timezone, now),
  );
  const providers = members.flatMap((p) => {
    const through = licensed.get(p.userId);
    return through ? [{ ...p, licenceEnd: endOfLocalDay(through, clinic.timezone) }] : [];
  });
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
          inArray(schema.appointment.status, [...LIVE_STATUSES]),
          gt(schema.appointment.endsAt, earliestStart),
          lt(schema.appointment.startsAt, to),
          s.ignoreAppointmentId ? ne(schema.appointment.id, s.ignoreAppointmentId) : undefined,
        ),
      ),
  ]);
  const slots = providers.flatMap((p) =>
    openSlots({
      timezone: p.timezone ?? clinic.timezone,
      weekly: windows.filter((w) => w.providerUserId === p.userId),
      exceptions: exceptions.filter((e) => e.providerUserId === p.userId).map((e) => ({ kind: e.kind, start: e.startsAt, end: e.endsAt })),
      busy: busy.filter((b) => b.providerUserId === p.userId) as Interval[],
      durationMinutes: duration,
      from: earliestStart,
      // Bookable through the last day of the licence, in the clinic's zone.
      to: new Date(Math.min(to.getTime(), p.licenceEnd.getTime())),
      earliestStart,
    }).map((slot) => ({ ...slot, providerUserId: p.userId, providerName: p.name, credentials: p.credentials ?? null })),
  );
  slots.sort((a, b) => a.start.getTime() - b.start.getTime() || a.providerName.localeCompare(b.providerName));
  return { slots, duration };
}

/**
 * Drops slots that overlap the patient's own live visits (the patient exclusion constraint would
 * refuse them anyway): a patient is not offered a time they are already booked at. One query,
 * bounded by the slots' range.
 */
export async function withoutPatientBusy<S extends { start: Date; end: Date }>(tx: DbOrTx, patientId: string, slots: S[]): Promise<S[]> {
  if (!slots.length) return slots;
  const from = new Date(Math.min(...slots.map((s) => s.start.getTime())));
  const to = new Date(Math.max(...slots.map((s) => s.end.getTime())));
  const a = schema.appointment;
  const busy = await tx
    .select({ start: a.startsAt, end: a.endsAt })
    .from(a)
    .where(and(eq(a.patientId, patientId), inArray(a.status, [...LIVE_STATUSES]), gt(a.endsAt, from), lt(a.startsAt, to)));
  if (!busy.length) return slots;
  return slots.filter((s) => !busy.some((b) => b.start < s.end && b.end > s.start));
}
