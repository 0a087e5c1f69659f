import type { DemoVisitSource } from "@clearwell/api/services/demo/demo-visit";
import { localDate, zonedInstant } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, gt, gte, inArray, lt } from "drizzle-orm";

import { CLINICS, PATIENTS, STAFF } from "./demo-data";

const FIVE_MIN = 5 * 60_000;
/** Fixed-date US federal holidays (MM-DD): the demo clinic is closed. */
const CLOSED_DAYS = ["01-01", "06-19", "07-04", "11-11", "12-25"];
const LIVE = ["booked", "confirmed", "checked_in", "in_progress"] as const;

/** Who meets in the demo video visit: the first demo patient (CO) and the demo provider (licensed in CO). */
export const DEMO_VISIT = { patientEmail: PATIENTS[0]!.email, providerEmail: STAFF[1]!.email, timezone: CLINICS[0].timezone };
/** The demo follow-up: Dash, a month into treatment with a signed evaluation and follow-up note (demo-history.ts). */
export const DEMO_FOLLOW_UP = { patientEmail: PATIENTS[2]!.email, providerEmail: STAFF[1]!.email, timezone: CLINICS[0].timezone };
/**
 * Dash's next follow-up after today's demo one, about four weeks out with the demo prescriber: the visit
 * a prescription written today covers the sessions until (RX09, DOMAIN.md §4.2 sessions per fill).
 */
export const DEMO_NEXT_FOLLOW_UP = { patientEmail: PATIENTS[2]!.email, providerEmail: STAFF[2]!.email, timezone: CLINICS[0].timezone, afterDays: 28 };

async function people(db: DbOrTx, patientEmail: string, providerEmail: string) {
  const [patient] = await db
    .select({ id: schema.patient.id, clinicId: schema.patient.clinicId, userId: schema.patient.userId, state: schema.patient.stateOfResidence, timezone: schema.patient.timezone })
    .from(schema.patient)
    .where(eq(schema.patient.email, patientEmail));
  const [provider] = await db.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, providerEmail));
  return patient?.userId && provider ? { patient, provider } : null;
}

/**
 * An evaluation starting within minutes, so the demo patient and provider can go through the
 * waiting room right after `start`, then the demo follow-up right after it. Made again on a later
 * start once the last one is over. Returns the evaluation.
 */
export async function ensureDemoVisit(db: DbOrTx, now = new Date()) {
  return (await makeDemoVisit(db, now)).visit;
}

/**
 * ensureDemoVisit, saying whether the evaluation is new (`created`) or the one still open was kept.
 * Also what `./bin/clearwell demo-visit` and the admin's "Create a demo visit" run, inside the
 * caller's transaction when given one.
 */
export async function makeDemoVisit(db: DbOrTx, now = new Date()) {
  const made = await ensureEvaluation(db, now);
  await ensureDemoFollowUp(db, now);
  await ensureDemoNextFollowUp(db, now);
  return made;
}

/** The demo visit for the API (injected by the provider app: the API does not depend on the seed). */
export const demoVisitSource: DemoVisitSource = {
  clinicSlug: CLINICS[0].slug,
  patientEmail: DEMO_VISIT.patientEmail,
  providerEmail: DEMO_VISIT.providerEmail,
  timezone: DEMO_VISIT.timezone,
  make: makeDemoVisit,
};

/** The demo evaluation that is open now or starts within three hours, if any. */
export async function currentDemoVisit(db: DbOrTx, now = new Date()) {
  const p = await people(db, DEMO_VISIT.patientEmail, DEMO_VISIT.providerEmail);
  if (!p) return null;
  const a = schema.appointment;
  const [row] = await db
    .select()
    .from(a)
    .where(
      and(
        eq(a.clinicId, p.patient.clinicId),
        eq(a.patientId, p.patient.id),
        eq(a.providerUserId, p.provider.id),
        eq(a.kind, "evaluation"),
        inArray(a.status, [...LIVE]),
        gt(a.endsAt, now),
        lt(a.startsAt, new Date(now.getTime() + 3 * 3_600_000)),
      ),
    )
    .orderBy(a.startsAt)
    .limit(1);
  return row ?? null;
}

async function ensureEvaluation(db: DbOrTx, now: Date) {
  const p = await people(db, DEMO_VISIT.patientEmail, DEMO_VISIT.providerEmail);
  if (!p) return { visit: null, created: false };
  const { patient, provider } = p;
  const a = schema.appointment;
  const [open] = await db
    .select()
    .from(a)
    .where(and(eq(a.patientId, patient.id), eq(a.providerUserId, provider.id), gt(a.endsAt, new Date(now.getTime() + 10 * 60_000)), inArray(a.status, [...LIVE])))
    .limit(1);
  if (open) return { visit: open, created: false };
  const startsAt = new Date(Math.ceil(now.getTime() / FIVE_MIN) * FIVE_MIN);
  const endsAt = new Date(startsAt.getTime() + 60 * 60_000);
  const [row] = await db.transaction(async (tx) => {
    // The demo follow-up of an earlier start may hold this hour: it moves after the new evaluation.
    await freeDemoFollowUp(tx, provider.id, startsAt, endsAt);
    // A demo patient needs to be past intake to be on a provider's schedule.
    await tx.update(schema.patient).set({ status: "ready_to_schedule" }).where(and(eq(schema.patient.id, patient.id), eq(schema.patient.status, "registered")));
    return tx
      .insert(a)
      .values({
        clinicId: patient.clinicId,
        patientId: patient.id,
        providerUserId: provider.id,
        kind: "evaluation",
        status: "confirmed",
        startsAt,
        endsAt,
        patientState: patient.state,
        patientTimezone: patient.timezone,
        bookedByUserId: provider.id,
      })
      .onConflictDoNothing()
      .returning();
  });
  return { visit: row ?? null, created: Boolean(row) };
}

/**
 * Cancels a live demo follow-up in [from, to) so the demo evaluation can take that hour; one whose
 * note is signed was held, so it is completed instead. `ensureDemoFollowUp` books the next one.
 */
async function freeDemoFollowUp(tx: DbOrTx, providerUserId: string, from: Date, to: Date) {
  const a = schema.appointment;
  const [dash] = await tx.select({ id: schema.patient.id }).from(schema.patient).where(eq(schema.patient.email, DEMO_FOLLOW_UP.patientEmail));
  if (!dash) return;
  const inTheWay = await tx
    .select({ id: a.id })
    .from(a)
    .where(and(eq(a.patientId, dash.id), eq(a.providerUserId, providerUserId), eq(a.kind, "follow_up"), inArray(a.status, [...LIVE]), lt(a.startsAt, to), gt(a.endsAt, from)));
  for (const { id } of inTheWay) {
    const signed = await tx.query.clinicalNote.findFirst({ where: and(eq(schema.clinicalNote.appointmentId, id), eq(schema.clinicalNote.status, "signed")), columns: { id: true } });
    await tx
      .update(a)
      .set(signed ? { status: "completed" } : { status: "cancelled", cancelledAt: from, cancelledByUserId: providerUserId, cancelReason: "Demo visit moved after the demo evaluation." })
      .where(eq(a.id, id));
  }
}

/**
 * The demo follow-up visit today (issue 11 §6): Dash with the demo provider, right after the demo
 * evaluation (or within minutes when there is none), so a newcomer can open the follow-up note with
 * its interval data from the visit page. Kept while open and its note unsigned; otherwise booked again.
 */
export async function ensureDemoFollowUp(db: DbOrTx, now = new Date()) {
  const p = await people(db, DEMO_FOLLOW_UP.patientEmail, DEMO_FOLLOW_UP.providerEmail);
  if (!p) return null;
  const { patient, provider } = p;
  const a = schema.appointment;
  const soon = new Date(now.getTime() + 3 * 3_600_000);
  const candidates = await db
    .select()
    .from(a)
    .where(and(eq(a.patientId, patient.id), eq(a.providerUserId, provider.id), eq(a.kind, "follow_up"), inArray(a.status, [...LIVE]), gt(a.endsAt, new Date(now.getTime() + 10 * 60_000)), lt(a.startsAt, soon)));
  for (const c of candidates) {
    const signed = await db.query.clinicalNote.findFirst({ where: and(eq(schema.clinicalNote.appointmentId, c.id), eq(schema.clinicalNote.status, "signed")), columns: { id: true } });
    if (!signed) return c;
  }
  // After the provider's live appointments that are about to start (the demo evaluation).
  const busy = await db
    .select({ endsAt: a.endsAt })
    .from(a)
    .where(and(eq(a.providerUserId, provider.id), inArray(a.status, [...LIVE]), gt(a.endsAt, now), lt(a.startsAt, soon)));
  let startsAt = new Date(Math.ceil(now.getTime() / FIVE_MIN) * FIVE_MIN);
  for (const b of busy.sort((x, y) => x.endsAt.getTime() - y.endsAt.getTime())) if (b.endsAt > startsAt) startsAt = b.endsAt;
  const [row] = await db
    .insert(a)
    .values({
      clinicId: patient.clinicId,
      patientId: patient.id,
      providerUserId: provider.id,
      kind: "follow_up",
      status: "confirmed",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      patientState: patient.state,
      patientTimezone: patient.timezone,
      bookedByUserId: provider.id,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/**
 * Dash's next follow-up, booked as a clinic would at today's visit: with the demo prescriber, four
 * weeks on (a weekday), in clinic hours. Kept while any live follow-up of his is booked from two
 * days ahead (so a later start books none while the last one is still to come); otherwise booked again.
 */
export async function ensureDemoNextFollowUp(db: DbOrTx, now = new Date()) {
  const p = await people(db, DEMO_NEXT_FOLLOW_UP.patientEmail, DEMO_NEXT_FOLLOW_UP.providerEmail);
  if (!p) return null;
  const { patient, provider } = p;
  const a = schema.appointment;
  const DAY = 86_400_000;
  const [ahead] = await db
    .select()
    .from(a)
    .where(and(eq(a.clinicId, patient.clinicId), eq(a.patientId, patient.id), eq(a.kind, "follow_up"), inArray(a.status, [...LIVE]), gte(a.startsAt, new Date(now.getTime() + 2 * DAY)), lt(a.startsAt, new Date(now.getTime() + 366 * DAY))))
    .limit(1);
  if (ahead) return ahead;
  const tz = DEMO_NEXT_FOLLOW_UP.timezone;
  // Four weeks on, or the working day before when that is a weekend or a fixed-date US federal
  // holiday (the prescriber's clinic hours are weekdays 08:00-17:00): four weekly sessions from today
  // fall before it, never a fifth.
  let day = localDate(new Date(now.getTime() + DEMO_NEXT_FOLLOW_UP.afterDays * DAY), tz);
  const closed = (d: string) => [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()) || CLOSED_DAYS.includes(d.slice(5));
  const dayBefore = (d: string) => new Date(new Date(`${d}T12:00:00Z`).getTime() - DAY).toISOString().slice(0, 10);
  while (closed(day)) day = dayBefore(day);
  // 10:00 local, or the next free half hour that day (no double booking: the database refuses overlaps).
  for (let minute = 10 * 60; minute + 30 <= 17 * 60; minute += 30) {
    const startsAt = zonedInstant(day, minute, tz);
    const [row] = await db
      .insert(a)
      .values({
        clinicId: patient.clinicId,
        patientId: patient.id,
        providerUserId: provider.id,
        kind: "follow_up",
        status: "confirmed",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        patientState: patient.state,
        patientTimezone: patient.timezone,
        bookedByUserId: provider.id,
      })
      .onConflictDoNothing()
      .returning();
    if (row) return row;
  }
  return null;
}
