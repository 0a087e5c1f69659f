/**
 * Fixtures of the home-regimen tests (issue 13): a clinic with a prescriber and a patient who has
 * an account, an acknowledged prescription (signed and sent the way the transmission tests write
 * it), its regimen and (by default) the pharmacy's fill. The regimen is set up through the
 * services the pharmacy's messages call; everything the patient and clinicians do goes through the
 * routers. Synthetic data only.
 */
import { randomUUID } from "node:crypto";

import { createCredentialUser } from "@clearwell/auth/users";
import { addCalendarDays, calendarDateIn } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { JOB_SCHEMA } from "@clearwell/db/jobs";
import { and, eq, sql } from "drizzle-orm";

import { systemActor } from "../src/actor";
import { openMail } from "../src/services/mail/outbox";
import { ensureRegimenForPrescription, recordPharmacyFill } from "../src/services/regimen/lifecycle";
import { PASSWORD, markMfaEnrolled, ownerDb, patientCaller, providerCaller, signIn, testAuth, testDb } from "./harness";
import { type RxWorld, rxWorld, signAndEnqueue } from "./transmission-fixtures";

/** The harness's auth secret: it seals queued mail. */
export const MAIL_SECRET = "integration-test-secret-0123456789abcdef";
export const PATIENT_ZONE = "America/New_York";
const meta = { requestId: "regimen-fixture", ipAddress: null, userAgent: "vitest" };

export const key = () => randomUUID();
export const patientToday = () => calendarDateIn(PATIENT_ZONE, new Date());

/** The prescriber of an rxWorld, signed in to the provider app (second factor marked enrolled). */
export async function prescriberCaller(userId: string) {
  const [u] = await testDb().select({ email: schema.user.email }).from(schema.user).where(eq(schema.user.id, userId));
  const s = await signIn(testAuth("provider"), u!.email);
  await markMfaEnrolled(userId);
  return providerCaller(s.headers);
}

/** The rxWorld's patient gets an account (in their own zone) and signs in to the patient app. */
export async function patientOf(w: RxWorld) {
  const [p] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, w.patientId));
  const user = await createCredentialUser(testDb(), { name: "Pat Tester", email: p!.email, password: PASSWORD, kind: "patient" });
  await testDb().update(schema.patient).set({ userId: user.id, timezone: PATIENT_ZONE }).where(eq(schema.patient.id, w.patientId));
  const s = await signIn(testAuth("patient"), p!.email, PASSWORD, `203.0.113.${Math.floor(Math.random() * 250) + 1}`);
  if (s.status !== 200) throw new Error(`patient sign-in failed: ${s.status}`);
  return { user, email: p!.email, headers: s.headers, caller: await patientCaller(s.headers) };
}

/** A signed prescription moved on to acknowledged (the pharmacy has it), first session yesterday. */
export async function acknowledgedPrescription(w: RxWorld) {
  const firstSessionDate = addCalendarDays(patientToday(), -1);
  const { prescriptionId, messageId } = await signAndEnqueue(w, { content: (c) => ({ ...c, firstSessionDate }) });
  const p = schema.prescription;
  await testDb().update(p).set({ status: "transmitted", transmittedAt: new Date() }).where(eq(p.id, prescriptionId));
  const [row] = await testDb().update(p).set({ status: "acknowledged", acknowledgedAt: new Date() }).where(eq(p.id, prescriptionId)).returning();
  return { prescription: row!, messageId };
}

export interface HomeWorld {
  w: RxWorld;
  patient: Awaited<ReturnType<typeof patientOf>>;
  prescriber: Awaited<ReturnType<typeof prescriberCaller>>;
  prescriptionId: string;
  regimenId: string;
}

/**
 * An acknowledged prescription (1 troche of 200 mg a session, 7 days apart, 4 troches: 4
 * sessions) with its regimen; `fill` (default) records the pharmacy's fill notice, which
 * activates it and schedules the first session.
 */
export async function homeWorld(opts: { fill?: boolean } = {}): Promise<HomeWorld> {
  const w = await rxWorld();
  const [patient, prescriber] = await Promise.all([patientOf(w), prescriberCaller(w.prescriberId)]);
  const { prescription } = await acknowledgedPrescription(w);
  const actor = systemActor(w.clinicId, meta);
  const regimenId = await testDb().transaction(async (tx) => {
    const regimen = await ensureRegimenForPrescription(tx, actor, prescription);
    if (opts.fill !== false) {
      await recordPharmacyFill(tx, actor, { prescription, rxInboxMessageId: randomUUID(), fillStatus: "Dispensed", quantity: "4", dispensedDate: patientToday() });
    }
    return regimen!.id;
  });
  return { w, patient, prescriber, prescriptionId: prescription.id, regimenId };
}

/** The open session of a regimen (the one the patient may start). */
export async function openSession(regimenId: string) {
  const s = schema.doseSession;
  const [row] = await testDb()
    .select()
    .from(s)
    .where(and(eq(s.regimenId, regimenId), sql`${s.status} in ('scheduled', 'precheck_passed')`));
  return row ?? null;
}

export const sessionRow = async (id: string) => (await testDb().select().from(schema.doseSession).where(eq(schema.doseSession.id, id)))[0]!;
export const regimenRow = async (id: string) => (await testDb().select().from(schema.regimen).where(eq(schema.regimen.id, id)))[0]!;
export const alertsOf = (patientId: string) => testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.patientId, patientId));

/** Mail queued for `to` (opened with the harness secret), oldest first. */
export async function mailTo(to: string) {
  const rows = await testDb().execute<{ data: unknown }>(sql`select data from ${sql.identifier(JOB_SCHEMA)}.job where name = 'mail.send' order by created_on`);
  return rows.map((r) => openMail(r.data as Parameters<typeof openMail>[0], MAIL_SECRET)).filter((m) => m.to === to);
}

/** Moves a row's clock as the owner with triggers off: the tests' controllable clock for waits of minutes. */
export async function asOwner(statement: ReturnType<typeof sql>) {
  await ownerDb().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });
}

/** The rxWorld's stand-in decision gets the submitted intake it names, so its status is computed (current). */
export async function currentDecision(w: RxWorld) {
  const [d] = await testDb().select().from(schema.eligibilityDecision).where(eq(schema.eligibilityDecision.id, w.decisionId));
  await asOwner(sql`insert into intake (id, clinic_id, patient_id, version, answers, screening, submitted_at)
    values (${d!.intakeId}, ${w.clinicId}, ${w.patientId}, 1, '{}'::jsonb, '{"flags": []}'::jsonb, now() - interval '1 day')`);
}

export const ANSWERS_OK = { supportPresent: true, alcoholOrSedativesToday: false, drivingPlan: false, feeling: "calm" as const, fastingFollowed: true, calmPlace: true };
export const BP_OK = { systolic: 128, diastolic: 82 };

/**
 * The support person invited by the patient, agreed, and present for the open session: returns the
 * link token (read from the queued mail) and a fresh code.
 */
export async function supportReady(h: HomeWorld, email = `support-${randomUUID().slice(0, 8)}@example.test`) {
  await h.patient.caller.supportPerson.invite({ name: "Sam Helper", relationship: "partner", email });
  const [mail] = await mailTo(email);
  const token = /\/support\/([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
  const anon = await patientCaller();
  const seen = await anon.supportPerson.byToken({ token });
  await anon.supportPerson.consent({ token, acknowledged: true, briefingVersion: seen.briefing.version });
  return { token, anon, email };
}

export async function codeFor(anon: Awaited<ReturnType<typeof patientCaller>>, token: string, sessionId: string) {
  return (await anon.supportPerson.confirmPresence({ token, sessionId })).code;
}
