import { validateWeeklyWindows } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, gt } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";

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
