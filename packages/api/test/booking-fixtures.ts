import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { and, eq, inArray, isNull } from "drizzle-orm";

import { makeStaff, patientSession, testDb } from "./harness";

export const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 }));

/**
 * Licences of `userId` in `states` in the clinic's credential record (prescriber_licence, what the
 * Prescribers page writes and booking, admission and signing read), recorded by the person themself
 * and unverified (verification counts only for EPCS and signing). A state already recorded is skipped.
 */
export async function licenceIn(clinicId: string, userId: string, states: string[], opts: { expiresOn?: string | undefined } = {}) {
  const db = testDb();
  const l = schema.prescriberLicence;
  const held = await db.select({ state: l.state }).from(l).where(and(eq(l.clinicId, clinicId), eq(l.userId, userId), isNull(l.removedAt), inArray(l.state, states.length ? states : [""])));
  const missing = states.filter((s) => !held.some((h) => h.state === s));
  if (!missing.length) return [];
  return db
    .insert(l)
    .values(missing.map((state) => ({ clinicId, userId, state, number: `L-${state}-${randomUUID().slice(0, 6)}`, expiresOn: opts.expiresOn ?? "2030-12-31", createdByUserId: userId })))
    .returning();
}

/** A provider of the clinic licensed in `states`, working 09:00-17:00 Denver time every day. */
export async function providerIn(clinicId: string, states: string[], opts: { name?: string } = {}) {
  const db = testDb();
  const user = await makeStaff(clinicId, ["provider"]);
  if (opts.name) await db.update(schema.user).set({ name: opts.name }).where(eq(schema.user.id, user.id));
  await db.insert(schema.providerProfile).values({ userId: user.id, credentials: "MD", timezone: "America/Denver" });
  await licenceIn(clinicId, user.id, states);
  await db.insert(schema.availabilityWindow).values(ALL_WEEK.map((w) => ({ ...w, clinicId, providerUserId: user.id })));
  return user;
}

/** A signed-in patient whose intake is done: evaluations may be booked. */
export async function readyPatient(clinicId: string, state = "CO") {
  const p = await patientSession(clinicId);
  await testDb().update(schema.patient).set({ status: "ready_to_schedule", stateOfResidence: state, timezone: "America/Denver" }).where(eq(schema.patient.id, p.patient.id));
  return p;
}

/** The first offered start (at least `afterMs` ahead) at which every one of `providerIds` is free. */
export function commonStart(slots: { start: Date; providerUserId: string }[], providerIds: string[], afterMs = 0): Date {
  const by = new Map<number, Set<string>>();
  for (const s of slots) by.set(s.start.getTime(), (by.get(s.start.getTime()) ?? new Set()).add(s.providerUserId));
  const hit = [...by.entries()].filter(([t, ids]) => t >= Date.now() + afterMs && providerIds.every((id) => ids.has(id))).sort((a, b) => a[0] - b[0])[0];
  if (!hit) throw new Error("no start shared by every provider");
  return new Date(hit[0]);
}

export const auditOf = (resourceId: string) => testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.resourceId, resourceId));
