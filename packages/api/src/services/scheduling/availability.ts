import { validateWeeklyWindows, zonedInstant } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import type { TAvailabilityExceptionInput } from "@clearwell/validators/scheduling";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, gt } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";

/**
 * Weekly hours of a provider in this clinic, and the zone they are in. Providers set their own;
 * admins anyone's in their clinic. The zone is stored per clinic: a provider who also works for
 * another clinic keeps that clinic's zone, which this clinic's admin cannot touch.
 */
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
    await assertProviderInClinic(tx, clinicId, input.providerUserId);
    await tx.delete(schema.availabilityWindow).where(and(eq(schema.availabilityWindow.clinicId, clinicId), eq(schema.availabilityWindow.providerUserId, input.providerUserId)));
    if (input.windows.length) {
      await tx.insert(schema.availabilityWindow).values(input.windows.map((w) => ({ ...w, clinicId, providerUserId: input.providerUserId })));
    }
    await tx
      .insert(schema.providerSchedule)
      .values({ clinicId, providerUserId: input.providerUserId, timezone: input.timezone })
      .onConflictDoUpdate({ target: [schema.providerSchedule.clinicId, schema.providerSchedule.providerUserId], set: { timezone: input.timezone } });
    await recordAudit(tx, actor, { action: "availability.set_weekly", resourceType: "provider", resourceId: input.providerUserId, detail: { windows: input.windows.length } });
    return { windows: input.windows.length };
  });
}

/** The zone the provider keeps this clinic's hours in (null: none saved) and the one to use (else the clinic's). */
async function providerZone(tx: DbOrTx, clinicId: string, providerUserId: string) {
  const ps = schema.providerSchedule;
  const [row] = await tx
    .select({ own: ps.timezone, clinic: schema.clinic.timezone })
    .from(schema.clinic)
    .leftJoin(ps, and(eq(ps.clinicId, schema.clinic.id), eq(ps.providerUserId, providerUserId)))
    .where(eq(schema.clinic.id, clinicId));
  return { saved: row?.own ?? null, effective: row?.own ?? row?.clinic ?? "UTC" };
}

async function assertProviderInClinic(tx: DbOrTx, clinicId: string, providerUserId: string) {
  const member = await tx.query.clinicMembership.findFirst({
    where: and(eq(schema.clinicMembership.clinicId, clinicId), eq(schema.clinicMembership.userId, providerUserId), eq(schema.clinicMembership.role, "provider")),
  });
  if (!member) throw new DomainError("NOT_FOUND", "No such provider in this clinic.");
}

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Time off or extra hours, entered as wall-clock times in the provider's time zone (whatever the
 * browser's), so "Monday 09:00" means the provider's Monday morning across DST changes.
 */
export async function addAvailabilityException(db: Database, actor: Actor, clinicId: string, input: TAvailabilityExceptionInput) {
  if (input.providerUserId !== actor.userId && !actor.roles.includes("admin")) throw new DomainError("FORBIDDEN", "You can only change your own hours.");
  return db.transaction(async (tx) => {
    await assertProviderInClinic(tx, clinicId, input.providerUserId);
    const timezone = (await providerZone(tx, clinicId, input.providerUserId)).effective;
    const startsAt = zonedInstant(input.startDate, minuteOf(input.startTime), timezone);
    const endsAt = zonedInstant(input.endDate, minuteOf(input.endTime), timezone);
    // A spring-forward gap can fold a short range to nothing.
    if (endsAt <= startsAt) throw new DomainError("BAD_INPUT", "The end must be after the start.");
    const [row] = await tx
      .insert(schema.availabilityException)
      .values({ clinicId, providerUserId: input.providerUserId, kind: input.kind, startsAt, endsAt, note: input.note ?? null })
      .returning();
    await recordAudit(tx, actor, { action: "availability.add_exception", resourceType: "availability_exception", resourceId: row!.id, detail: { kind: input.kind, timezone } });
    return { ...row!, timezone };
  });
}

export async function removeAvailabilityException(db: Database, actor: Actor, clinicId: string, input: { providerUserId: string; exceptionId: string }) {
  if (input.providerUserId !== actor.userId && !actor.roles.includes("admin")) throw new DomainError("FORBIDDEN", "You can only change your own hours.");
  return db.transaction(async (tx) => {
    const e = schema.availabilityException;
    const [row] = await tx
      .delete(e)
      .where(and(eq(e.id, input.exceptionId), eq(e.clinicId, clinicId), eq(e.providerUserId, input.providerUserId)))
      .returning({ id: e.id, kind: e.kind });
    if (!row) throw new DomainError("NOT_FOUND", "No such exception.");
    await recordAudit(tx, actor, { action: "availability.remove_exception", resourceType: "availability_exception", resourceId: row.id, detail: { kind: row.kind } });
    return { ok: true };
  });
}

/**
 * A provider's saved weekly hours and upcoming exceptions in this clinic (their own, or, for admins,
 * any provider of the clinic: another clinic's provider is not found).
 */
export async function getAvailability(db: Database, actor: Actor, clinicId: string, providerUserId: string) {
  if (providerUserId !== actor.userId && !actor.roles.includes("admin")) throw new DomainError("FORBIDDEN", "You can only see your own hours.");
  if (providerUserId !== actor.userId) await assertProviderInClinic(db, clinicId, providerUserId);
  const [zone, windows, exceptions] = await Promise.all([
    providerZone(db, clinicId, providerUserId),
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
  // `timezone` is what was saved for this clinic; `displayTimezone` is what exceptions are shown and entered in.
  return { timezone: zone.saved, displayTimezone: zone.effective, windows, exceptions };
}
