// Issue 13 demo: Ottilie (patient5, CO) a few weeks into treatment at home, written through the
// services the apps use, each step at its time in the story (so audit, events and alerts are real):
// intake, evaluation by the demo prescriber (signed note, eligible at home), a prescription signed
// with her password and authenticator code, sent and acknowledged through the transmission services
// (an in-process stand-in for the pharmacy network, SCRIPT messages signed like the simulator's),
// the pharmacy's fill (units on hand), her support person, dose sessions through the gate and the
// jobs, weekly check-ins, and the alerts they raise. Synthetic data only.

import { randomUUID } from "node:crypto";
import { submitCheckIn } from "@clearwell/api/services/check-in/check-in";
import { logDose, postcheck } from "@clearwell/api/services/dose/log";
import { precheck } from "@clearwell/api/services/dose/precheck";
import { rescheduleSession } from "@clearwell/api/services/dose/read";
import { sweepHome } from "@clearwell/api/services/safety/jobs/home-sweep";
import { scheduleCheckIns } from "@clearwell/api/services/safety/jobs/checkin-schedule";
import { acknowledgeAlert, resolveAlert } from "@clearwell/api/services/safety/work";
import { BRIEFING_VERSION } from "@clearwell/api/services/support-person/briefing";
import { confirmPresence, supportConsent } from "@clearwell/api/services/support-person/support-person";
import { hashToken } from "@clearwell/api/services/tokens";
import type { Auth } from "@clearwell/auth";
import { addCalendarDays, localDate, zonedInstant } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { type Story, meta, FILL_DAY, FIRST_SESSION_DAY, DEMO_REGIMEN, demoSupportToken, ensureHistoryAndPrescription } from "./demo-regimen-prescription";

export { DEMO_REGIMEN, demoSupportToken } from "./demo-regimen-prescription";

export async function ensureDemoRegimen(db: Database, auth: Auth, now = new Date()) {
  const story = await storyOf(db, auth, now);
  if (!story) return null;
  const rx = await ensureHistoryAndPrescription(story);
  await ensureSupportPerson(story);
  const regimen = await ensureHomeHistory(story, now);
  return { prescriptionId: rx.id, regimenId: regimen.id };
}

async function storyOf(db: Database, auth: Auth, now: Date): Promise<Story | null> {
  const [patient] = await db.select().from(schema.patient).where(eq(schema.patient.email, DEMO_REGIMEN.patientEmail));
  const [prescriber] = await db.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, DEMO_REGIMEN.clinicianEmail));
  if (!patient?.userId || !prescriber) return null;
  const clinic = (await db.query.clinic.findFirst({ where: eq(schema.clinic.id, patient.clinicId), columns: { timezone: true } }))!;
  const timezone = clinic.timezone;
  const today = localDate(now, timezone);
  const at = (days: number, hhmm: string) => {
    const [h, m] = hhmm.split(":").map(Number) as [number, number];
    return zonedInstant(addCalendarDays(today, days), h * 60 + m, timezone);
  };
  return {
    db,
    auth,
    clinicId: patient.clinicId,
    patientId: patient.id,
    patientUserId: patient.userId,
    prescriberId: prescriber.id,
    timezone,
    today,
    at,
    patientActor: { userId: patient.userId, kind: "patient", roles: ["patient"], clinicId: patient.clinicId, meta },
    prescriberActor: { userId: prescriber.id, kind: "staff", roles: ["provider", "prescriber"], clinicId: patient.clinicId, meta },
    supportActor: { userId: null, kind: "anonymous", roles: [], clinicId: null, meta: { requestId: "demo-seed", ipAddress: null, userAgent: "demo-support-phone" } },
    supportToken: demoSupportToken(auth.clearwell.secret),
  };
}

/**
 * June, her roommate, invited the evening the medicine came (the row written as supportPerson.invite
 * writes it, with the link token from demoSupportToken instead of a random one, so `start` can print the
 * link; no invitation mail is queued for this past invite), agreeing to the briefing through the
 * public consent service from her link.
 */
async function ensureSupportPerson(s: Story) {
  const sp = schema.supportPerson;
  const [current] = await s.db.select().from(sp).where(and(eq(sp.clinicId, s.clinicId), eq(sp.patientId, s.patientId)));
  if (current) return current;
  const invitedAt = s.at(FILL_DAY, "18:00");
  const p = DEMO_REGIMEN.supportPerson;
  await s.db.insert(sp).values({
    clinicId: s.clinicId,
    patientId: s.patientId,
    name: p.name,
    relationship: p.relationship,
    email: p.email,
    phone: p.phone,
    status: "invited",
    tokenHash: hashToken(s.supportToken),
    tokenExpiresAt: new Date(invitedAt.getTime() + 7 * 86_400_000),
    invitedAt,
    createdAt: invitedAt,
    updatedAt: invitedAt,
  });
  await supportConsent(s.db, s.supportActor, { token: s.supportToken, briefingVersion: BRIEFING_VERSION }, s.at(FILL_DAY, "20:30"));
}

type Step = { at: Date; run: (at: Date) => Promise<unknown> };

/**
 * Three weeks at home, replayed in time order with the jobs the worker runs (check-in scheduling and
 * the home sweep, twice a day) between the patient's and clinicians' steps, each through its service
 * at its own time:
 * - the pre-first-dose check-in; session 1 through the gate (June's code, BP 126/80), logged and
 *   checked after;
 * - week 1's check-in, improving;
 * - session 2: 152/96, rested, 148/94: the gate blocks it and raises A3 (high); the prescriber
 *   acknowledges it, phones her and resolves it with the outreach record;
 * - session 3 (the next day) not logged: the sweep marks it missed and raises A10 (low); she moves
 *   the next one to the week after;
 * - week 2's check-in left undone: overdue (A7, low, open: staff see it in neutral words);
 * - session 4 through the gate and logged; session 5 is today's, and week 3's check-in is due.
 */
async function ensureHomeHistory(s: Story, now: Date) {
  const { db } = s;
  const r = schema.regimen;
  const [regimen] = await db.select().from(r).where(and(eq(r.clinicId, s.clinicId), eq(r.patientId, s.patientId))).orderBy(asc(r.createdAt));
  if (!regimen) throw new Error("demo regimen: the pharmacy's fill did not start a regimen");
  const ds = schema.doseSession;
  const [started] = await db.select({ id: ds.id }).from(ds).where(and(eq(ds.regimenId, regimen.id), inArray(ds.status, ["taken", "postcheck_submitted", "precheck_failed", "missed"]))).limit(1);
  if (started) return regimen;

  const openSession = async () => {
    const [row] = await db
      .select()
      .from(ds)
      .where(and(eq(ds.clinicId, s.clinicId), eq(ds.regimenId, regimen.id), inArray(ds.status, ["scheduled", "precheck_passed"])));
    if (!row) throw new Error("demo regimen: no open session where the story expects one");
    return row;
  };
  const dueCheckIn = async (kind: "pre_first_dose" | "weekly") => {
    const ci = schema.checkIn;
    const [row] = await db
      .select()
      .from(ci)
      .where(and(eq(ci.clinicId, s.clinicId), eq(ci.patientId, s.patientId), eq(ci.kind, kind), inArray(ci.status, ["due", "overdue"])))
      .orderBy(asc(ci.dueAt));
    if (!row) throw new Error(`demo regimen: no ${kind} check-in due where the story expects one`);
    return row;
  };
  const key = () => randomUUID();
  const answers = { supportPresent: true, alcoholOrSedativesToday: false, drivingPlan: false, feeling: "calm" as const, fastingFollowed: true, calmPlace: true };
  let code = "";
  const steps: Step[] = [];
  const step = (days: number, hhmm: string, run: (at: Date) => Promise<unknown>) => steps.push({ at: s.at(days, hhmm), run });
  const checkIn = (kind: "pre_first_dose" | "weekly", phq9: number[], gad7: number[]) => async (at: Date) =>
    submitCheckIn(db, s.patientActor, s.clinicId, s.patientId, { checkInId: (await dueCheckIn(kind)).id, phq9: { answers: phq9, functionalDifficulty: 1 }, gad7: { answers: gad7 }, idempotencyKey: key() }, at);
  const confirm = async (at: Date) => void ({ code } = await confirmPresence(db, s.supportActor, { token: s.supportToken, sessionId: (await openSession()).id }, at));
  const gate = (bp1: { systolic: number; diastolic: number }, expect: string) => async (at: Date) => {
    const out = await precheck(db, s.patientActor, s.clinicId, s.patientId, { sessionId: (await openSession()).id, bp: bp1, answers, supportCode: code, idempotencyKey: key() }, at);
    if (out.outcome !== expect) throw new Error(`demo regimen: the gate answered ${out.outcome}, the story expects ${expect}`);
  };
  const log = (dissociationMinutes: number, sideEffects: { code: string; severity: "mild" | "moderate" | "severe" }[]) => async (at: Date) =>
    logDose(db, s.patientActor, s.clinicId, s.patientId, { sessionId: (await openSession()).id, takenAt: at, unitsTaken: DEMO_REGIMEN.unitsPerSession, dissociationMinutes, sideEffects, supportSignoffName: DEMO_REGIMEN.supportPerson.name, idempotencyKey: key() }, at);
  // The post-dose check a few hours later, of the session just taken.
  const afterDose = async (at: Date) => {
    const [taken] = await db.select({ id: ds.id }).from(ds).where(and(eq(ds.regimenId, regimen.id), eq(ds.status, "taken")));
    return postcheck(db, s.patientActor, s.clinicId, s.patientId, { sessionId: taken!.id, feeling: "tired", sideEffects: [], dissociationResolved: true, idempotencyKey: key() }, at);
  };

  step(FILL_DAY, "19:00", checkIn("pre_first_dose", [2, 2, 2, 2, 2, 2, 2, 3, 0], [2, 2, 2, 2, 2, 1, 2]));
  step(FIRST_SESSION_DAY, "09:50", confirm);
  step(FIRST_SESSION_DAY, "09:55", gate({ systolic: 126, diastolic: 80 }, "passed"));
  step(FIRST_SESSION_DAY, "10:00", log(50, [{ code: "nausea", severity: "mild" }, { code: "dissociation", severity: "moderate" }]));
  step(FIRST_SESSION_DAY, "13:15", afterDose);
  step(-15, "18:30", checkIn("weekly", [2, 2, 1, 2, 1, 2, 1, 2, 0], [2, 1, 2, 1, 1, 1, 2]));
  step(-14, "09:40", confirm);
  step(-14, "09:45", gate({ systolic: 152, diastolic: 96 }, "needs_recheck"));
  step(-14, "09:52", async (at) => {
    const out = await precheck(db, s.patientActor, s.clinicId, s.patientId, { sessionId: (await openSession()).id, bp: { systolic: 148, diastolic: 94 }, idempotencyKey: key() }, at);
    if (out.outcome !== "failed") throw new Error(`demo regimen: the recheck answered ${out.outcome}, the story expects failed (A3)`);
  });
  step(-14, "10:20", async (at) => acknowledgeAlert(db, s.prescriberActor, s.clinicId, await openAlertId(s, "A3"), at));
  step(-14, "11:05", async (at) =>
    resolveAlert(
      db,
      s.prescriberActor,
      s.clinicId,
      {
        alertId: await openAlertId(s, "A3"),
        code: "outreach_completed",
        outreach: {
          method: "phone",
          reached: true,
          riskAssessment: "Rushed, had coffee and walked up the stairs just before measuring. No headache, chest pain or visual change. No history of hypertension; readings at the evaluation 122/78 and 118/76.",
          plan: "Skip today. Next session after 10 minutes seated rest, no caffeine that morning; recheck and call the clinic if still above 140/90.",
          occurredAt: s.at(-14, "10:50"),
        },
        comment: "Situational reading; plan agreed with Ottilie.",
      },
      at,
    ),
  );
  // Session 3 (the next day) is never logged: the sweep the morning after marks it missed (A10).
  step(-12, "08:30", async (at) => rescheduleSession(db, s.patientActor, s.clinicId, s.patientId, { sessionId: (await openSession()).id, scheduledDate: addCalendarDays(s.today, -7) }, at));
  step(-7, "09:55", confirm);
  step(-7, "10:00", gate({ systolic: 124, diastolic: 80 }, "passed"));
  step(-7, "10:05", log(40, [{ code: "dizziness", severity: "mild" }]));
  step(-7, "13:20", afterDose);

  // The worker's jobs (check-in scheduling, the home sweep; both idempotent) at the runs that change
  // something: after the fill and after each weekly due time (the check-in appears), the morning after
  // session 3 (missed, A10), when week 2's check-in is two days late (overdue, A7) and once week 3's
  // falls due (week 2's is then missed), and now.
  const jobs = async (at: Date) => {
    await scheduleCheckIns(db, at, { clinicIds: [s.clinicId] });
    await sweepHome(db, at, { clinicIds: [s.clinicId] });
  };
  for (const [d, hhmm] of [[FILL_DAY, "16:30"], [-15, "16:30"], [-12, "06:30"], [-8, "16:30"], [-6, "16:30"], [-1, "16:30"]] as const) step(d, hhmm, jobs);
  steps.push({ at: new Date(now.getTime() - 60_000), run: jobs });
  for (const x of steps.filter((x) => x.at < now).sort((a, b) => a.at.getTime() - b.at.getTime())) await x.run(x.at);
  return regimen;
}

async function openAlertId(s: Story, type: string) {
  const a = schema.safetyAlert;
  const [row] = await s.db
    .select({ id: a.id })
    .from(a)
    .where(and(eq(a.clinicId, s.clinicId), eq(a.patientId, s.patientId), eq(a.type, type), inArray(a.status, ["open", "acknowledged", "escalated"])));
  if (!row) throw new Error(`demo regimen: no open ${type} alert where the story expects one`);
  return row.id;
}

/**
 * What `start` prints about the home-regimen demo: the patient, today's session, the support
 * person's link token and the demo clinic's alerts by rule id and state (the closing note's counts).
 */
export async function demoRegimenSummary(db: Database, authSecret: string, now = new Date()) {
  const [patient] = await db.select({ id: schema.patient.id, clinicId: schema.patient.clinicId, timezone: schema.patient.timezone }).from(schema.patient).where(eq(schema.patient.email, DEMO_REGIMEN.patientEmail));
  if (!patient) return null;
  const r = schema.regimen;
  const [regimen] = await db
    .select({ id: r.id, status: r.status })
    .from(r)
    .where(and(eq(r.clinicId, patient.clinicId), eq(r.patientId, patient.id)))
    .orderBy(desc(r.createdAt))
    .limit(1);
  if (!regimen) return null;
  const ds = schema.doseSession;
  const [today] = await db
    .select({ status: ds.status })
    .from(ds)
    .where(and(eq(ds.clinicId, patient.clinicId), eq(ds.regimenId, regimen.id), eq(ds.scheduledDate, localDate(now, patient.timezone))));
  const a = schema.safetyAlert;
  const alerts = await db
    .select({ type: a.type, status: a.status, count: sql<number>`count(*)::int` })
    .from(a)
    .where(eq(a.clinicId, patient.clinicId))
    .groupBy(a.type, a.status)
    .orderBy(a.type, a.status);
  return { regimenStatus: regimen.status, todaySession: today?.status ?? null, supportToken: demoSupportToken(authSecret), alerts };
}
