import { createHash, randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { migrationsFolder } from "./paths";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    ownerDatabaseUrl: string;
  }
}

// Issue 13, migration 0022: what the database itself refuses on home-regimen records, through the
// application's least-privilege connection (clearwell_app) and, where it matters, the owner's.
// DOMAIN.md §2 state machines (regimen, dose session, check-in, alert), §7 (closing the loop).
const owner = postgres(inject("ownerDatabaseUrl"), { max: 2, onnotice: () => {} });
const app = postgres(inject("databaseUrl"), { max: 4, onnotice: () => {} });
afterAll(async () => {
  await owner.end();
  await app.end();
});

type Sql = postgres.Sql | postgres.TransactionSql;
const pgError = (e: unknown) => (e as { message?: string }).message ?? String(e);

/** Runs `fn` in a transaction that is always rolled back, and returns the error it raised (or null). */
async function refusal(sql: postgres.Sql, fn: (tx: postgres.TransactionSql) => Promise<unknown>) {
  const ROLLBACK = new Error("rolled back");
  try {
    await sql.begin(async (tx) => {
      await tx`set local lock_timeout = '20s'`;
      await fn(tx);
      throw ROLLBACK;
    });
  } catch (e) {
    return e === ROLLBACK ? null : pgError(e);
  }
  return null;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const uniq = () => randomUUID().slice(0, 8);

interface World {
  clinicId: string;
  otherClinicId: string;
  clinicianId: string;
  /** Two patients of the clinic and one of the other clinic. */
  p1: string;
  p2: string;
  pOther: string;
}
let w: World;

async function makeClinic() {
  const [c] = await app<{ id: string }[]>`
    insert into clinic (name, slug, enrolment_code) values (${`Home ${uniq()}`}, ${`home-${uniq()}`}, ${`code-${randomUUID()}`}) returning id`;
  return c!.id;
}
async function makePatient(clinicId: string) {
  const [p] = await app<{ id: string }[]>`
    insert into patient (clinic_id, mrn, given_name, family_name, date_of_birth, email, state_of_residence)
    values (${clinicId}, ${`CW-H${uniq()}`}, 'Pat', ${`Home${uniq()}`}, '1985-05-05', ${`home-${uniq()}@example.test`}, 'CO') returning id`;
  return p!.id;
}

/**
 * A prescription row of the patient to hang a regimen on. Its own insert trigger wants a decision, a
 * visit and the rest of issue 12's chain; this file is about regimens, so the owner writes a stand-in
 * draft with triggers (and so foreign keys) off. The regimen's keys to it are checked normally.
 */
async function prescriptionOf(clinicId: string, patientId: string) {
  const id = randomUUID();
  await owner.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`insert into prescription (id, clinic_id, patient_id, prescriber_user_id, created_by_user_id, idempotency_key, decision_id, basis_appointment_id)
             values (${id}, ${clinicId}, ${patientId}, ${w.clinicianId}, ${w.clinicianId}, ${randomUUID()}, ${randomUUID()}, ${randomUUID()})`;
  });
  return id;
}

/** A planned regimen, as ensureRegimenForPrescription writes it. */
async function planned(patientId = w.p1, sql: Sql = app, clinicId = w.clinicId) {
  const rx = await prescriptionOf(clinicId, patientId);
  const [r] = await sql<{ id: string }[]>`
    insert into regimen (clinic_id, patient_id, prescription_id, units_per_session, days_between_sessions, sessions_prescribed, units_prescribed,
      unit_label, dose_mg_per_session, product_label, first_session_date)
    values (${clinicId}, ${patientId}, ${rx}, 1, 7, 4, 4, 'troche', 100, 'Ketamine 100 mg troche', current_date) returning id`;
  return r!.id;
}
const activate = (id: string, sql: Sql = app) => sql`update regimen set status = 'active', activated_at = now(), activation_source = 'fill' where id = ${id}`;
const stop = (id: string, sql: Sql = app) => sql`update regimen set status = 'stopped', ended_at = now(), end_reason = 'test' where id = ${id}`;

/** An active regimen (stopping any current one of the patient first) and its first scheduled session. */
async function session(patientId = w.p1) {
  await app`update regimen set status = 'stopped', ended_at = now(), end_reason = 'test' where patient_id = ${patientId} and status in ('active', 'paused')`;
  const regimenId = await planned(patientId);
  await activate(regimenId);
  const [s] = await app<{ id: string }[]>`
    insert into dose_session (clinic_id, patient_id, regimen_id, sequence, scheduled_date) values (${w.clinicId}, ${patientId}, ${regimenId}, 1, current_date) returning id`;
  return { regimenId, sessionId: s!.id };
}

async function supportPerson(patientId = w.p1, sql: Sql = app) {
  const [p] = await sql<{ id: string }[]>`
    insert into support_person (clinic_id, patient_id, name, relationship, email, token_hash, token_expires_at)
    values (${w.clinicId}, ${patientId}, 'Sam Support', 'partner', ${`sam-${uniq()}@example.test`}, ${sha256(randomUUID())}, now() + interval '7 days') returning id`;
  return p!.id;
}

/** A live support code for the session (the app picks the id: it salts the hash). */
async function confirmation(sessionId: string, supportPersonId: string, patientId = w.p1, sql: Sql = app) {
  const id = randomUUID();
  await sql`insert into support_confirmation (id, clinic_id, patient_id, support_person_id, dose_session_id, code_hash, expires_at)
            values (${id}, ${w.clinicId}, ${patientId}, ${supportPersonId}, ${sessionId}, ${sha256(`123456${id}`)}, now() + interval '15 minutes')`;
  return id;
}

const ANSWERS = { support_present: true, alcohol_or_sedatives_today: false, driving_plan: false, feeling: "calm", fasting_followed: true, calm_place: true };

/** A session through a passed gate: BP, answers and the support person's code. */
async function passedSession() {
  const s = await session();
  await app`update support_person set status = 'revoked', revoked_at = now() where patient_id = ${w.p1} and status <> 'revoked'`;
  const sp = await supportPerson();
  const c = await confirmation(s.sessionId, sp);
  await app`update support_confirmation set used_at = now() where id = ${c}`;
  await app`update dose_session set status = 'precheck_passed', bp1_systolic = 128, bp1_diastolic = 82, bp1_at = now(), precheck_answers = ${app.json(ANSWERS)},
              precheck_at = now(), support_confirmation_id = ${c} where id = ${s.sessionId}`;
  return { ...s, confirmationId: c };
}

async function alert(patientId = w.p1, type = "A2", sql: Sql = app) {
  const [a] = await sql<{ id: string; clinical: boolean }[]>`
    insert into safety_alert (clinic_id, patient_id, type, severity, summary, source_type, source_id)
    values (${w.clinicId}, ${patientId}, ${type}, 'high', 'PHQ-9 rose by 6', 'test', ${randomUUID()}) returning id, clinical`;
  return a!;
}

async function outreach(patientId = w.p1, alertId: string | null = null, sql: Sql = app) {
  const [o] = await sql<{ id: string }[]>`
    insert into outreach_record (clinic_id, patient_id, alert_id, author_user_id, method, reached, risk_assessment, plan, occurred_at)
    values (${w.clinicId}, ${patientId}, ${alertId}, ${w.clinicianId}, 'phone', true, 'Low risk, safety plan reviewed', 'Follow-up in 2 days', now()) returning id`;
  return o!.id;
}

async function questionnaire(patientId: string, instrument: "phq9" | "gad7") {
  const answers = instrument === "phq9" ? [1, 1, 1, 1, 1, 0, 0, 0, 0] : [1, 1, 1, 1, 0, 0, 0];
  const [q] = await app<{ id: string }[]>`
    insert into questionnaire_response (clinic_id, patient_id, instrument, context, answers, total, severity)
    values (${w.clinicId}, ${patientId}, ${instrument}, 'check_in', ${answers}, ${answers.reduce((a, b) => a + b, 0)}, 'mild') returning id`;
  return q!.id;
}

async function checkIn(patientId = w.p1, sql: Sql = app) {
  const [c] = await sql<{ id: string }[]>`
    insert into check_in (clinic_id, patient_id, kind, due_at, overdue_at)
    values (${w.clinicId}, ${patientId}, 'weekly', now() - make_interval(secs => ${Math.floor(Math.random() * 1e6)}), now() + interval '2 days') returning id`;
  return c!.id;
}

beforeAll(async () => {
  const clinicId = await makeClinic();
  const otherClinicId = await makeClinic();
  const clinicianId = `user-${randomUUID()}`;
  await app`insert into "user" (id, name, email, kind) values (${clinicianId}, 'Dr Home', ${`dr-${uniq()}@example.test`}, 'staff')`;
  w = { clinicId, otherClinicId, clinicianId, p1: await makePatient(clinicId), p2: await makePatient(clinicId), pOther: await makePatient(otherClinicId) };
});

describe("regimen", () => {
  it("starts planned and moves only along DOMAIN §2; completed and stopped are final", async () => {
    const rx = await prescriptionOf(w.clinicId, w.p2);
    expect(
      await refusal(app, (tx) => tx`insert into regimen (clinic_id, patient_id, prescription_id, status, units_per_session, days_between_sessions, sessions_prescribed,
          units_prescribed, unit_label, dose_mg_per_session, product_label, activated_at, activation_source)
        values (${w.clinicId}, ${w.p2}, ${rx}, 'active', 1, 7, 4, 4, 'troche', 100, 'Ketamine 100 mg troche', now(), 'fill')`),
    ).toMatch(/starts as planned/);

    const id = await planned(w.p2);
    expect(await refusal(app, (tx) => tx`update regimen set status = 'completed', ended_at = now() where id = ${id}`)).toMatch(/cannot go from planned to completed/);
    expect(await refusal(app, (tx) => tx`update regimen set status = 'paused', pause_reason = 'clinician', paused_at = now() where id = ${id}`)).toMatch(
      /cannot go from planned to paused/,
    );
    // Active needs its activation recorded (check).
    expect(await refusal(app, (tx) => tx`update regimen set status = 'active' where id = ${id}`)).toMatch(/regimen_activated_ck/);
    await activate(id);
    expect(await refusal(app, (tx) => tx`update regimen set status = 'planned', activated_at = null, activation_source = null where id = ${id}`)).toMatch(
      /activated once|cannot go from active to planned/,
    );
    // Pause needs a known reason.
    expect(await refusal(app, (tx) => tx`update regimen set status = 'paused', pause_reason = 'felt like it', paused_at = now() where id = ${id}`)).toMatch(
      /regimen_pause_reason_ck/,
    );
    await app`update regimen set status = 'paused', pause_reason = 'alert_A1', paused_at = now() where id = ${id}`;
    await app`update regimen set status = 'active', pause_reason = null, paused_at = null where id = ${id}`;
    // The prescription's numbers are a frozen copy: titration is a new prescription.
    expect(await refusal(app, (tx) => tx`update regimen set units_per_session = 2 where id = ${id}`)).toMatch(/keeps its patient, prescription and prescribed amounts/);
    expect(await refusal(app, (tx) => tx`update regimen set activation_source = 'patient_receipt' where id = ${id}`)).toMatch(/activated once/);
    await app`update regimen set next_follow_up_date = current_date + 28, version = version + 1 where id = ${id}`;
    await stop(id);
    expect(await refusal(app, (tx) => tx`update regimen set status = 'active', ended_at = null, end_reason = null where id = ${id}`)).toMatch(/final/);
    expect(await refusal(app, (tx) => tx`update regimen set next_follow_up_date = current_date where id = ${id}`)).toMatch(/stopped regimen is final/);
    // A planned regimen can be stopped without ever being active (prescription cancelled).
    const never = await planned(w.p2);
    await stop(never);
  });

  it("at most one active or paused regimen per patient", async () => {
    const a = await planned(w.p2);
    const b = await planned(w.p2);
    await activate(a);
    expect(await refusal(app, (tx) => activate(b, tx))).toMatch(/regimen_one_current_uq/);
    await app`update regimen set status = 'paused', pause_reason = 'plan_pause', paused_at = now() where id = ${a}`;
    expect(await refusal(app, (tx) => activate(b, tx))).toMatch(/regimen_one_current_uq/);
    await stop(a);
    await activate(b);
    await stop(b);
  });

  it("belongs to its prescription's patient and clinic; one regimen per prescription", async () => {
    const rx = await prescriptionOf(w.clinicId, w.p1);
    const insert = (tx: Sql, clinicId: string, patientId: string, prescriptionId: string) =>
      tx`insert into regimen (clinic_id, patient_id, prescription_id, units_per_session, days_between_sessions, sessions_prescribed, units_prescribed,
           unit_label, dose_mg_per_session, product_label) values (${clinicId}, ${patientId}, ${prescriptionId}, 1, 7, 4, 4, 'troche', 100, 'Ketamine 100 mg troche')`;
    // Another patient's prescription; another clinic's patient.
    expect(await refusal(app, (tx) => insert(tx, w.clinicId, w.p2, rx))).toMatch(/regimen_prescription_fk/);
    expect(await refusal(app, (tx) => insert(tx, w.clinicId, w.pOther, rx))).toMatch(/regimen_patient_fk|regimen_prescription_fk/);
    expect(await refusal(app, (tx) => insert(tx, w.otherClinicId, w.p1, rx))).toMatch(/regimen_patient_fk|regimen_prescription_fk/);
    await insert(app, w.clinicId, w.p1, rx);
    expect(await refusal(app, (tx) => insert(tx, w.clinicId, w.p1, rx))).toMatch(/regimen_prescription_uq/);
  });

  it("is never deleted or truncated, not even by the owner", async () => {
    const id = await planned(w.p2);
    expect(await refusal(app, (tx) => tx`delete from regimen where id = ${id}`)).toMatch(/not allowed: the records are kept/);
    expect(await refusal(owner, (tx) => tx`delete from regimen where id = ${id}`)).toMatch(/not allowed: the records are kept/);
    expect(await refusal(owner, (tx) => tx`truncate regimen cascade`)).toMatch(/not allowed|append-only/);
    expect(await refusal(app, (tx) => tx`truncate regimen cascade`)).toMatch(/permission denied|not allowed/);
  });
});

describe("dose session", () => {
  it("starts scheduled; the gate cannot be skipped; a blood pressure is recorded once", async () => {
    const { regimenId, sessionId } = await session();
    expect(
      await refusal(app, (tx) => tx`insert into dose_session (clinic_id, patient_id, regimen_id, sequence, scheduled_date, status, taken_at, units_taken, side_effects)
        values (${w.clinicId}, ${w.p1}, ${regimenId}, 2, current_date, 'taken', now(), 1, '[]')`),
    ).toMatch(/starts as scheduled/);
    expect(await refusal(app, (tx) => tx`update dose_session set status = 'taken', taken_at = now(), units_taken = 1, side_effects = '[]' where id = ${sessionId}`)).toMatch(
      /cannot go from scheduled to taken/,
    );
    // Passed without a support code (or BP, or answers): refused by the check.
    expect(
      await refusal(app, (tx) => tx`update dose_session set status = 'precheck_passed', precheck_at = now(), bp1_systolic = 120, bp1_diastolic = 80, bp1_at = now(),
          precheck_answers = ${tx.json(ANSWERS)} where id = ${sessionId}`),
    ).toMatch(/dose_session_precheck_ck/);
    // Failed without reasons, or with an unknown one.
    expect(await refusal(app, (tx) => tx`update dose_session set status = 'precheck_failed', precheck_at = now() where id = ${sessionId}`)).toMatch(/dose_session_precheck_ck/);
    expect(
      await refusal(app, (tx) => tx`update dose_session set status = 'precheck_failed', precheck_at = now(), precheck_failed_reasons = '{made_up}' where id = ${sessionId}`),
    ).toMatch(/dose_session_fail_reasons_ck/);
    // First reading above the threshold: stored, the session stays scheduled (re-measure after rest).
    await app`update dose_session set bp1_systolic = 150, bp1_diastolic = 95, bp1_at = now(), precheck_answers = ${app.json(ANSWERS)} where id = ${sessionId}`;
    expect(await refusal(app, (tx) => tx`update dose_session set bp1_systolic = 130 where id = ${sessionId}`)).toMatch(/recorded once/);
    await app`update dose_session set bp2_systolic = 152, bp2_diastolic = 96, bp2_at = now() where id = ${sessionId}`;
    expect(await refusal(app, (tx) => tx`update dose_session set bp2_systolic = 120, bp2_diastolic = 80 where id = ${sessionId}`)).toMatch(/recorded once/);
    await app`update dose_session set status = 'precheck_failed', precheck_at = now(), precheck_failed_reasons = '{bp_high}' where id = ${sessionId}`;
    // precheck_failed is final: no taking, no rewriting the record.
    expect(await refusal(app, (tx) => tx`update dose_session set status = 'precheck_passed' where id = ${sessionId}`)).toMatch(/final/);
    expect(await refusal(app, (tx) => tx`update dose_session set precheck_failed_reasons = '{support_absent}' where id = ${sessionId}`)).toMatch(/final/);
    expect(await refusal(app, (tx) => tx`delete from dose_session where id = ${sessionId}`)).toMatch(/records are kept/);
  });

  it("once the gate passed its record is frozen; once taken the dose log is frozen; post-check is final", async () => {
    const { sessionId, regimenId } = await passedSession();
    const frozen: [(tx: Sql) => Promise<unknown>, RegExp][] = [
      [(tx) => tx`update dose_session set bp1_systolic = 110 where id = ${sessionId}`, /recorded once/],
      [(tx) => tx`update dose_session set precheck_answers = ${tx.json({ ...ANSWERS, feeling: "anxious" })} where id = ${sessionId}`, /decided and cannot change/],
      [(tx) => tx`update dose_session set support_confirmation_id = null where id = ${sessionId}`, /decided and cannot change/],
      [(tx) => tx`update dose_session set scheduled_date = current_date + 1 where id = ${sessionId}`, /only a scheduled dose session can be rescheduled/],
    ];
    for (const [change, why] of frozen) expect(await refusal(app, change)).toMatch(why);
    expect(await refusal(app, (tx) => tx`update dose_session set status = 'postcheck_submitted' where id = ${sessionId}`)).toMatch(
      /cannot go from precheck_passed to postcheck_submitted/,
    );
    // Taken needs the units and the side effects (an empty list is an answer).
    expect(await refusal(app, (tx) => tx`update dose_session set status = 'taken', taken_at = now() where id = ${sessionId}`)).toMatch(/dose_session_taken_ck/);
    const effects = [{ code: "nausea", severity: "mild" }];
    await app`update dose_session set status = 'taken', taken_at = now(), units_taken = 1, dissociation_minutes = 45, side_effects = ${app.json(effects)},
                support_signoff_name = 'Sam Support', support_signoff_at = now(), postcheck_due_at = now() + interval '3 hours' where id = ${sessionId}`;
    for (const change of [
      (tx: Sql) => tx`update dose_session set units_taken = 2 where id = ${sessionId}`,
      (tx: Sql) => tx`update dose_session set side_effects = '[]' where id = ${sessionId}`,
      (tx: Sql) => tx`update dose_session set dissociation_minutes = 10 where id = ${sessionId}`,
      (tx: Sql) => tx`update dose_session set support_signoff_name = 'Someone Else' where id = ${sessionId}`,
      (tx: Sql) => tx`update dose_session set taken_at = now() - interval '1 day' where id = ${sessionId}`,
    ]) {
      expect(await refusal(app, change)).toMatch(/a logged dose cannot be changed/);
    }
    expect(await refusal(app, (tx) => tx`update dose_session set status = 'missed', missed_at = now() where id = ${sessionId}`)).toMatch(/cannot go from taken to missed/);
    await app`update dose_session set status = 'postcheck_submitted', postcheck_at = now(),
                postcheck = ${app.json({ feeling: "calm", side_effects: [], dissociation_resolved: true })} where id = ${sessionId}`;
    expect(await refusal(app, (tx) => tx`update dose_session set postcheck = '{}' where id = ${sessionId}`)).toMatch(/final/);
    // Sequence is unique per regimen.
    expect(
      await refusal(app, (tx) => tx`insert into dose_session (clinic_id, patient_id, regimen_id, sequence, scheduled_date) values (${w.clinicId}, ${w.p1}, ${regimenId}, 1, current_date)`),
    ).toMatch(/dose_session_regimen_sequence_uq/);
  });

  it("scheduled or passed -> missed; missed is final", async () => {
    const { sessionId } = await session();
    await app`update dose_session set scheduled_date = current_date + 1 where id = ${sessionId}`;
    await app`update dose_session set status = 'missed', missed_at = now() where id = ${sessionId}`;
    expect(await refusal(app, (tx) => tx`update dose_session set status = 'scheduled', missed_at = null where id = ${sessionId}`)).toMatch(/final/);
    const passed = await passedSession();
    await app`update dose_session set status = 'missed', missed_at = now() where id = ${passed.sessionId}`;
  });

  it("belongs to its regimen's patient and clinic; the support code is the session's own", async () => {
    const mine = await session(w.p1);
    const theirs = await session(w.p2);
    expect(
      await refusal(app, (tx) => tx`insert into dose_session (clinic_id, patient_id, regimen_id, sequence, scheduled_date) values (${w.clinicId}, ${w.p2}, ${mine.regimenId}, 5, current_date)`),
    ).toMatch(/dose_session_regimen_fk/);
    expect(
      await refusal(app, (tx) => tx`insert into dose_session (clinic_id, patient_id, regimen_id, sequence, scheduled_date) values (${w.otherClinicId}, ${w.p1}, ${mine.regimenId}, 5, current_date)`),
    ).toMatch(/dose_session_regimen_fk/);
    await app`update support_person set status = 'revoked', revoked_at = now() where patient_id = ${w.p2} and status <> 'revoked'`;
    const sp2 = await supportPerson(w.p2);
    // A code for another patient's session.
    expect(await refusal(app, (tx) => confirmation(mine.sessionId, sp2, w.p2, tx))).toMatch(/support_confirmation_dose_session_fk/);
    // The code of another session cannot unlock this one.
    const other = await confirmation(theirs.sessionId, sp2, w.p2);
    await app`update support_confirmation set used_at = now() where id = ${other}`;
    expect(
      await refusal(app, (tx) => tx`update dose_session set status = 'precheck_passed', bp1_systolic = 120, bp1_diastolic = 80, bp1_at = now(),
          precheck_answers = ${tx.json(ANSWERS)}, precheck_at = now(), support_confirmation_id = ${other} where id = ${mine.sessionId}`),
    ).toMatch(/dose_session_support_confirmation_fk/);
  });
});

describe("support person and support code", () => {
  it("one current support person per patient; invited -> active | revoked, active -> revoked; consent is kept", async () => {
    const p = await makePatient(w.clinicId);
    const first = await supportPerson(p);
    expect(await refusal(app, (tx) => supportPerson(p, tx))).toMatch(/support_person_one_current_uq/);
    expect(
      await refusal(app, (tx) => tx`insert into support_person (clinic_id, patient_id, name, relationship, email, token_hash, status, consented_at, briefing_version)
        values (${w.clinicId}, ${w.p2}, 'X', 'friend', 'x@example.test', ${sha256(randomUUID())}, 'active', now(), 'v1')`),
    ).toMatch(/starts invited/);
    // Active needs the consent recorded.
    expect(await refusal(app, (tx) => tx`update support_person set status = 'active' where id = ${first}`)).toMatch(/support_person_consent_ck/);
    // Resending the invite replaces the link while invited.
    await app`update support_person set token_hash = ${sha256(randomUUID())}, token_expires_at = now() + interval '7 days', invited_at = now() where id = ${first}`;
    await app`update support_person set status = 'active', consented_at = now(), briefing_version = 'v1', token_expires_at = null where id = ${first}`;
    for (const change of [
      (tx: Sql) => tx`update support_person set name = 'Someone Else' where id = ${first}`,
      (tx: Sql) => tx`update support_person set email = 'else@example.test' where id = ${first}`,
      (tx: Sql) => tx`update support_person set token_hash = ${sha256("new")} where id = ${first}`,
      (tx: Sql) => tx`update support_person set briefing_version = 'v2' where id = ${first}`,
    ]) {
      expect(await refusal(app, change)).toMatch(/keeps their name, e-mail, link and consent/);
    }
    expect(await refusal(app, (tx) => tx`update support_person set status = 'invited' where id = ${first}`)).toMatch(/cannot go from active to invited/);
    await app`update support_person set status = 'revoked', revoked_at = now() where id = ${first}`;
    expect(await refusal(app, (tx) => tx`update support_person set status = 'active', revoked_at = null where id = ${first}`)).toMatch(/revoked support person cannot change/);
    // Revoked frees the place for a new one; the token hash is unique and hex.
    await supportPerson(p);
    expect(
      await refusal(app, (tx) => tx`insert into support_person (clinic_id, patient_id, name, relationship, email, token_hash) values (${w.clinicId}, ${w.p2}, 'X', 'friend', 'x@example.test', 'raw-token')`),
    ).toMatch(/support_person_token_hash_ck/);
    expect(await refusal(app, (tx) => tx`delete from support_person where id = ${first}`)).toMatch(/records are kept/);
    // Another clinic's patient.
    expect(
      await refusal(app, (tx) => tx`insert into support_person (clinic_id, patient_id, name, relationship, email, token_hash) values (${w.clinicId}, ${w.pOther}, 'X', 'friend', 'x@example.test', ${sha256(randomUUID())})`),
    ).toMatch(/support_person_patient_fk/);
  });

  it("a code is used once, never after it was replaced, burned or expired; one live code per session", async () => {
    const { sessionId } = await session();
    await app`update support_person set status = 'revoked', revoked_at = now() where patient_id = ${w.p1} and status <> 'revoked'`;
    const sp = await supportPerson();
    const first = await confirmation(sessionId, sp);
    expect(await refusal(app, (tx) => confirmation(sessionId, sp, w.p1, tx))).toMatch(/support_confirmation_one_live_uq/);
    // A new request supersedes the live one; the superseded one can never be used.
    await app`update support_confirmation set superseded_at = now() where id = ${first}`;
    const second = await confirmation(sessionId, sp);
    expect(await refusal(app, (tx) => tx`update support_confirmation set used_at = now() where id = ${first}`)).toMatch(/already replaced/);
    // Wrong tries count up, never down; at 5 the code is burned.
    await app`update support_confirmation set attempts = attempts + 1 where id = ${second}`;
    expect(await refusal(app, (tx) => tx`update support_confirmation set attempts = 0 where id = ${second}`)).toMatch(/not taken back/);
    await app`update support_confirmation set attempts = 5 where id = ${second}`;
    expect(await refusal(app, (tx) => tx`update support_confirmation set used_at = now() where id = ${second}`)).toMatch(/too many wrong tries|support_confirmation_used_ck/);
    await app`update support_confirmation set superseded_at = now() where id = ${second}`;
    // Used once.
    const third = await confirmation(sessionId, sp);
    expect(await refusal(app, (tx) => tx`update support_confirmation set code_hash = ${sha256("000000")} where id = ${third}`)).toMatch(/keeps its session, person, hash and expiry/);
    await app`update support_confirmation set used_at = now() where id = ${third}`;
    expect(await refusal(app, (tx) => tx`update support_confirmation set used_at = now() + interval '1 second' where id = ${third}`)).toMatch(/already used/);
    expect(await refusal(app, (tx) => tx`update support_confirmation set used_at = null where id = ${third}`)).toMatch(/already used/);
    // Expired: a use after expires_at is refused by the check.
    const expired = randomUUID();
    await owner.begin(async (tx) => {
      await tx`insert into support_confirmation (id, clinic_id, patient_id, support_person_id, dose_session_id, code_hash, expires_at, created_at)
               values (${expired}, ${w.clinicId}, ${w.p1}, ${sp}, ${sessionId}, ${sha256(`654321${expired}`)}, now() - interval '1 minute', now() - interval '16 minutes')`;
    });
    expect(await refusal(app, (tx) => tx`update support_confirmation set used_at = now() where id = ${expired}`)).toMatch(/support_confirmation_used_ck/);
    // Starts unused.
    expect(
      await refusal(app, (tx) => tx`insert into support_confirmation (clinic_id, patient_id, support_person_id, dose_session_id, code_hash, expires_at, used_at)
        values (${w.clinicId}, ${w.p1}, ${sp}, ${sessionId}, ${sha256("x")}, now() + interval '15 minutes', now())`),
    ).toMatch(/starts unused/);
    expect(await refusal(app, (tx) => tx`delete from support_confirmation where id = ${third}`)).toMatch(/records are kept/);
  });
});

describe("check-in", () => {
  it("due -> overdue | submitted | missed, overdue -> submitted | missed, submitted -> scored; scored and missed are final", async () => {
    const id = await checkIn();
    expect(await refusal(app, (tx) => tx`update check_in set status = 'scored', scored_at = now() where id = ${id}`)).toMatch(/cannot go from due to scored/);
    // Submitted needs both questionnaires.
    expect(await refusal(app, (tx) => tx`update check_in set status = 'submitted', submitted_at = now() where id = ${id}`)).toMatch(/check_in_submitted_ck/);
    await app`update check_in set status = 'overdue', reminded_at = now() where id = ${id}`;
    expect(await refusal(app, (tx) => tx`update check_in set status = 'due' where id = ${id}`)).toMatch(/cannot go from overdue to due/);
    const [phq9, gad7] = [await questionnaire(w.p1, "phq9"), await questionnaire(w.p1, "gad7")];
    await app`update check_in set status = 'submitted', submitted_at = now(), phq9_response_id = ${phq9}, gad7_response_id = ${gad7} where id = ${id}`;
    const other = await questionnaire(w.p1, "phq9");
    expect(await refusal(app, (tx) => tx`update check_in set phq9_response_id = ${other} where id = ${id}`)).toMatch(/keeps its answers/);
    await app`update check_in set status = 'scored', scored_at = now() where id = ${id}`;
    expect(await refusal(app, (tx) => tx`update check_in set reminded_at = now() where id = ${id}`)).toMatch(/scored check-in is final/);

    const missed = await checkIn();
    await app`update check_in set status = 'missed', missed_at = now() where id = ${missed}`;
    expect(await refusal(app, (tx) => tx`update check_in set status = 'overdue', missed_at = null where id = ${missed}`)).toMatch(/missed check-in is final/);
    expect(await refusal(app, (tx) => tx`delete from check_in where id = ${missed}`)).toMatch(/records are kept/);
    expect(
      await refusal(app, (tx) => tx`insert into check_in (clinic_id, patient_id, kind, due_at, overdue_at, status) values (${w.clinicId}, ${w.p1}, 'weekly', now(), now() + interval '2 days', 'submitted')`),
    ).toMatch(/starts due|check_in_submitted_ck/);
  });

  it("is scheduled once per (patient, kind, due time) and links only its own patient's answers", async () => {
    const due = new Date(Date.now() + 86_400_000 * 3);
    const insert = (tx: Sql) =>
      tx`insert into check_in (clinic_id, patient_id, kind, due_at, overdue_at) values (${w.clinicId}, ${w.p2}, 'weekly', ${due}, ${new Date(due.getTime() + 48 * 3_600_000)})`;
    await insert(app);
    expect(await refusal(app, insert)).toMatch(/check_in_patient_kind_due_uq/);
    const id = await checkIn(w.p2);
    const [phq9, gad7] = [await questionnaire(w.p1, "phq9"), await questionnaire(w.p1, "gad7")];
    expect(
      await refusal(app, (tx) => tx`update check_in set status = 'submitted', submitted_at = now(), phq9_response_id = ${phq9}, gad7_response_id = ${gad7} where id = ${id}`),
    ).toMatch(/check_in_phq9_response_fk|check_in_gad7_response_fk/);
    expect(
      await refusal(app, (tx) => tx`insert into check_in (clinic_id, patient_id, kind, due_at, overdue_at) values (${w.otherClinicId}, ${w.p2}, 'weekly', now(), now() + interval '2 days')`),
    ).toMatch(/check_in_patient_fk/);
  });
});

describe("safety alert", () => {
  it("existing writers still work: an insert without the new columns, acknowledge open -> acknowledged", async () => {
    const a = await alert();
    expect(a.clinical).toBe(true);
    const [row] = await app<{ tier: number; neutral_summary: string; resolution_code: string | null }[]>`select tier, neutral_summary, resolution_code from safety_alert where id = ${a.id}`;
    expect(row).toEqual({ tier: 0, neutral_summary: "An item needs follow-up", resolution_code: null });
    await app`update safety_alert set status = 'acknowledged', acknowledged_at = now(), acknowledged_by_user_id = ${w.clinicianId}, updated_at = now() where id = ${a.id}`;
    expect(await refusal(app, (tx) => tx`update safety_alert set acknowledged_at = now() + interval '1 minute' where id = ${a.id}`)).toMatch(/acknowledged once/);
    // A7, A8, A9 are never clinical, whatever the writer says (DOMAIN §7).
    const a9 = await alert(w.p1, "A9");
    expect(a9.clinical).toBe(false);
    const [a8] = await app<{ clinical: boolean }[]>`
      insert into safety_alert (clinic_id, patient_id, type, severity, summary, source_type, clinical) values (${w.clinicId}, ${w.p1}, 'A8', 'medium', 'No-show', 'test', true) returning clinical`;
    expect(a8!.clinical).toBe(false);
    // Open alerts dedupe per (patient, type).
    expect(await refusal(app, (tx) => alert(w.p1, "A9", tx))).toMatch(/safety_alert_open_dedupe_uq/);
    await app`update safety_alert set status = 'resolved', resolved_at = now(), resolution_code = 'reviewed_no_action' where id = ${a9.id}`;
    await app`update safety_alert set status = 'resolved', resolved_at = now(), resolution_code = 'rebooked' where type = 'A8' and patient_id = ${w.p1} and status = 'open'`;
    await app`update safety_alert set status = 'resolved', resolved_at = now(), resolution_code = 'reviewed_no_action', outreach_id = ${await outreach(w.p1, a.id)} where id = ${a.id}`;
  });

  it("moves only along DOMAIN §2; resolved is final; the tier never goes down", async () => {
    const p = await makePatient(w.clinicId);
    const a = await alert(p);
    expect(
      await refusal(app, (tx) => tx`insert into safety_alert (clinic_id, patient_id, type, severity, summary, source_type, status, resolution_code, resolved_at)
        values (${w.clinicId}, ${p}, 'A3', 'high', 'x', 'test', 'resolved', 'duplicate', now())`),
    ).toMatch(/starts open/);
    expect(await refusal(app, (tx) => tx`update safety_alert set status = 'escalated' where id = ${a.id}`)).toMatch(/safety_alert_escalated_ck/);
    await app`update safety_alert set status = 'escalated', escalated_at = now(), tier = 1, owner_user_id = ${w.clinicianId} where id = ${a.id}`;
    await app`update safety_alert set escalated_at = now(), tier = 2 where id = ${a.id}`;
    expect(await refusal(app, (tx) => tx`update safety_alert set tier = 1 where id = ${a.id}`)).toMatch(/tier does not go down/);
    expect(await refusal(app, (tx) => tx`update safety_alert set tier = 3 where id = ${a.id}`)).toMatch(/safety_alert_tier_ck/);
    expect(await refusal(app, (tx) => tx`update safety_alert set status = 'open' where id = ${a.id}`)).toMatch(/cannot go from escalated to open/);
    await app`update safety_alert set status = 'acknowledged', acknowledged_at = now(), acknowledged_by_user_id = ${w.clinicianId} where id = ${a.id}`;
    // Acknowledged once; only an escalation hands it to a tier that acknowledges it again (DOMAIN §2).
    expect(await refusal(app, (tx) => tx`update safety_alert set acknowledged_at = now() + interval '1 minute' where id = ${a.id}`)).toMatch(/acknowledged once/);
    await app`update safety_alert set status = 'escalated', escalated_at = now() where id = ${a.id}`;
    await app`update safety_alert set status = 'acknowledged', acknowledged_at = now() + interval '1 minute' where id = ${a.id}`;
    expect(await refusal(app, (tx) => tx`update safety_alert set status = 'open' where id = ${a.id}`)).toMatch(/cannot go from acknowledged to open/);
    // What it is about and who may see it never change.
    expect(await refusal(app, (tx) => tx`update safety_alert set clinical = false where id = ${a.id}`)).toMatch(/keeps its patient, rule, source and visibility/);
    expect(await refusal(app, (tx) => tx`update safety_alert set type = 'A7' where id = ${a.id}`)).toMatch(/keeps its patient, rule, source and visibility/);
    await app`update safety_alert set status = 'resolved', resolved_at = now(), resolution_code = 'outreach_completed', outreach_id = ${await outreach(p, a.id)} where id = ${a.id}`;
    expect(await refusal(app, (tx) => tx`update safety_alert set resolution_comment = 'later' where id = ${a.id}`)).toMatch(/resolved alert is final/);
    expect(await refusal(app, (tx) => tx`delete from safety_alert where id = ${a.id}`)).toMatch(/records are kept/);
    expect(await refusal(owner, (tx) => tx`truncate safety_alert cascade`)).toMatch(/not allowed/);
  });

  it("a resolved clinical alert needs a code and a signed note or an outreach record of the same patient", async () => {
    const p = await makePatient(w.clinicId);
    const a = await alert(p);
    const resolve = (tx: Sql, set: { code?: string | null; noteId?: string | null; outreachId?: string | null }) =>
      tx`update safety_alert set status = 'resolved', resolved_at = now(), resolution_code = ${set.code ?? null}, resolution_note_id = ${set.noteId ?? null},
           outreach_id = ${set.outreachId ?? null} where id = ${a.id}`;
    expect(await refusal(app, (tx) => resolve(tx, {}))).toMatch(/safety_alert_resolution_ck/);
    expect(await refusal(app, (tx) => resolve(tx, { code: "reviewed_no_action" }))).toMatch(/safety_alert_resolution_ck/);
    const own = await outreach(p, a.id);
    expect(await refusal(app, (tx) => resolve(tx, { code: "made_up", outreachId: own }))).toMatch(/safety_alert_resolution_code_ck/);
    expect(await refusal(app, (tx) => resolve(tx, { code: "legacy", outreachId: own }))).toMatch(/choose a resolution code/);
    // Another patient's outreach or note.
    const othersOutreach = await outreach(w.p2);
    expect(await refusal(app, (tx) => resolve(tx, { code: "outreach_completed", outreachId: othersOutreach }))).toMatch(/safety_alert_outreach_fk/);
    // Notes written as stand-ins by the owner (the signing ceremony's own trigger is issue 8's subject).
    const note = (patientId: string, status: "draft" | "signed") =>
      owner.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        const signed = status === "signed";
        const [n] = await tx<{ id: string }[]>`
          insert into clinical_note (clinic_id, patient_id, author_user_id, kind, status, sections, signed_at, signed_by_user_id, signed_content, content_sha256)
          values (${w.clinicId}, ${patientId}, ${w.clinicianId}, 'follow_up', ${status}, '{}', ${signed ? new Date() : null},
            ${signed ? w.clinicianId : null}, ${signed ? "text" : null}, ${signed ? sha256("text") : null}) returning id`;
        return n!.id;
      });
    const othersNote = await note(w.p2, "signed");
    expect(await refusal(app, (tx) => resolve(tx, { code: "plan_changed", noteId: othersNote }))).toMatch(/safety_alert_resolution_note_fk/);
    const draftNote = await note(p, "draft");
    expect(await refusal(app, (tx) => resolve(tx, { code: "plan_changed", noteId: draftNote }))).toMatch(/resolved with a signed note/);
    await resolve(app, { code: "plan_changed", noteId: await note(p, "signed") });
    // An outreach with the patient reached records a risk assessment.
    expect(
      await refusal(app, (tx) => tx`insert into outreach_record (clinic_id, patient_id, author_user_id, method, reached, plan, occurred_at) values (${w.clinicId}, ${p}, ${w.clinicianId}, 'phone', true, 'Call back', now())`),
    ).toMatch(/outreach_record_assessment_ck/);
    await app`insert into outreach_record (clinic_id, patient_id, author_user_id, method, reached, plan, occurred_at) values (${w.clinicId}, ${p}, ${w.clinicianId}, 'phone', false, 'Call back tomorrow', now())`;
  });

  it("notifies alert_changed with ids only, on commit", async () => {
    const listener = postgres(inject("ownerDatabaseUrl"), { max: 1, onnotice: () => {} });
    const payloads: string[] = [];
    try {
      await listener.listen("alert_changed", (p) => payloads.push(p));
      const p = await makePatient(w.clinicId);
      await refusal(app, (tx) => alert(p, "A3", tx));
      const a = await alert(p, "A3");
      await app`update safety_alert set owner_user_id = ${w.clinicianId} where id = ${a.id}`;
      for (let i = 0; i < 50 && payloads.filter((x) => x.includes(a.id)).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      const mine = payloads.map((x) => JSON.parse(x) as Record<string, string>).filter((x) => x.pt === p);
      expect(mine).toEqual([
        { c: w.clinicId, a: a.id, pt: p },
        { c: w.clinicId, a: a.id, pt: p },
      ]);
    } finally {
      await listener.end();
    }
  });
});

describe("append-only stores", () => {
  it("regimen_event, medication_fill, alert_event, outreach_record refuse UPDATE, DELETE and TRUNCATE", async () => {
    const regimenId = await planned(w.p2);
    const [rx] = await app<{ prescription_id: string }[]>`select prescription_id from regimen where id = ${regimenId}`;
    const [ev] = await app<{ id: string }[]>`
      insert into regimen_event (clinic_id, patient_id, regimen_id, to_status, source_type, source_id) values (${w.clinicId}, ${w.p2}, ${regimenId}, 'planned', 'prescription', ${rx!.prescription_id}) returning id`;
    const [fill] = await app<{ id: string }[]>`
      insert into medication_fill (clinic_id, patient_id, regimen_id, prescription_id, source, rx_inbox_message_id, fill_status, quantity, dispensed_date)
      values (${w.clinicId}, ${w.p2}, ${regimenId}, ${rx!.prescription_id}, 'pharmacy', ${`msg-${randomUUID()}`}, 'filled', 4, current_date) returning id`;
    const a = await alert(w.p2, `T${uniq()}`);
    const [ae] = await app<{ id: string }[]>`
      insert into alert_event (clinic_id, patient_id, alert_id, kind, to_status, detail) values (${w.clinicId}, ${w.p2}, ${a.id}, 'raised', 'open', ${app.json({ ruleId: "A2" })}) returning id`;
    const o = await outreach(w.p2, a.id);
    const rows: [string, string][] = [
      ["regimen_event", ev!.id],
      ["medication_fill", fill!.id],
      ["alert_event", ae!.id],
      ["outreach_record", o],
    ];
    for (const [table, id] of rows) {
      // The application role holds no UPDATE or DELETE on them (grant step); the owner meets the trigger.
      expect(await refusal(app, (tx) => tx`update ${tx(table)} set clinic_id = clinic_id where id = ${id}`)).toMatch(/permission denied/);
      expect(await refusal(app, (tx) => tx`delete from ${tx(table)} where id = ${id}`)).toMatch(/permission denied/);
      expect(await refusal(owner, (tx) => tx`update ${tx(table)} set clinic_id = clinic_id where id = ${id}`)).toMatch(/append-only|not allowed/);
      expect(await refusal(owner, (tx) => tx`delete from ${tx(table)} where id = ${id}`)).toMatch(/append-only|not allowed/);
      expect(await refusal(owner, (tx) => tx`truncate ${tx(table)} cascade`)).toMatch(/append-only|not allowed/);
    }
  });

  it("a fill notice counts once; only a pharmacy fill carries an inbox message; the fill is its patient's", async () => {
    const regimenId = await planned(w.p2);
    const [rx] = await app<{ prescription_id: string }[]>`select prescription_id from regimen where id = ${regimenId}`;
    const msg = `msg-${randomUUID()}`;
    const fill = (tx: Sql, patientId = w.p2, source = "pharmacy", message: string | null = msg) =>
      tx`insert into medication_fill (clinic_id, patient_id, regimen_id, prescription_id, source, rx_inbox_message_id, fill_status, quantity)
         values (${w.clinicId}, ${patientId}, ${patientId === w.p2 ? regimenId : null}, ${rx!.prescription_id}, ${source}, ${message}, 'filled', 4)`;
    await fill(app);
    expect(await refusal(app, (tx) => fill(tx))).toMatch(/medication_fill_inbox_message_uq/);
    expect(await refusal(app, (tx) => fill(tx, w.p2, "patient_receipt", `msg-${randomUUID()}`))).toMatch(/medication_fill_inbox_ck/);
    expect(await refusal(app, (tx) => fill(tx, w.p1, "patient_receipt", null))).toMatch(/medication_fill_prescription_fk/);
    await fill(app, w.p2, "patient_receipt", null);
  });
});

describe("clinic safety settings", () => {
  it("defaults per DOMAIN §7 and sane ranges", async () => {
    const clinicId = await makeClinic();
    const [s] = await app<Record<string, unknown>[]>`insert into clinic_safety_settings (clinic_id) values (${clinicId}) returning *`;
    expect(s).toMatchObject({
      bp_systolic_max: 140,
      bp_diastolic_max: 90,
      bp_urgent_systolic: 180,
      bp_urgent_diastolic: 120,
      check_in_cadence: "weekly",
      check_in_grace_hours: 48,
      sla_critical_minutes: 60,
      sla_low_minutes: null,
      a1_auto_pause: true,
    });
    for (const bad of [
      (tx: Sql) => tx`update clinic_safety_settings set bp_systolic_max = 260 where clinic_id = ${clinicId}`,
      (tx: Sql) => tx`update clinic_safety_settings set bp_urgent_systolic = 140 where clinic_id = ${clinicId}`,
      (tx: Sql) => tx`update clinic_safety_settings set check_in_grace_hours = 0 where clinic_id = ${clinicId}`,
      (tx: Sql) => tx`update clinic_safety_settings set check_in_cadence = 'daily' where clinic_id = ${clinicId}`,
      (tx: Sql) => tx`update clinic_safety_settings set on_call_user_id = ${w.clinicianId}, backup_on_call_user_id = ${w.clinicianId} where clinic_id = ${clinicId}`,
    ]) {
      expect(await refusal(app, bad)).toMatch(/clinic_safety_settings_\w+_ck/);
    }
    expect(await refusal(app, (tx) => tx`delete from clinic_safety_settings where clinic_id = ${clinicId}`)).toMatch(/records are kept/);
  });
});

describe("migration 0022 on a database with alerts", () => {
  it("backfills existing alerts so the new checks hold: resolved -> 'legacy', A7/A8/A9 not clinical", async () => {
    const base = new URL(inject("ownerDatabaseUrl"));
    const name = `clearwell_m22_${process.pid}`;
    const adminUrl = new URL(base);
    adminUrl.pathname = "/postgres";
    const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    const folder = mkdtempSync(path.join(tmpdir(), "m22-"));
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      // The migrations up to 0021, as a database migrated before issue 13 has them.
      cpSync(migrationsFolder(), folder, { recursive: true });
      const journalPath = path.join(folder, "meta/_journal.json");
      const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
      writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.tag < "0022") }));
      const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        await migrate(drizzle(sql), { migrationsFolder: folder });
        const [clinic] = await sql<{ id: string }[]>`insert into clinic (name, slug, enrolment_code) values ('Old', 'old', 'old') returning id`;
        const [pt] = await sql<{ id: string }[]>`
          insert into patient (clinic_id, mrn, given_name, family_name, date_of_birth, email, state_of_residence)
          values (${clinic!.id}, 'CW-OLD', 'Pat', 'Old', '1980-01-01', 'old@example.test', 'CO') returning id`;
        const old = (type: string, status: string) =>
          sql`insert into safety_alert (clinic_id, patient_id, type, severity, summary, source_type, status)
              values (${clinic!.id}, ${pt!.id}, ${type}, 'high', 'old', 'test', ${status})`;
        await old("A1", "resolved");
        await old("A2", "acknowledged");
        await old("A9", "resolved");
        await old("A3", "open");
        await migrate(drizzle(sql), { migrationsFolder: migrationsFolder() });
        const rows = await sql<{ type: string; status: string; clinical: boolean; resolution_code: string | null; ok: boolean }[]>`
          select type, status, clinical, resolution_code,
                 (status <> 'resolved' or resolved_at is not null) and (status <> 'acknowledged' or acknowledged_at is not null) as ok
          from safety_alert order by type`;
        expect(rows).toEqual([
          { type: "A1", status: "resolved", clinical: true, resolution_code: "legacy", ok: true },
          { type: "A2", status: "acknowledged", clinical: true, resolution_code: null, ok: true },
          { type: "A3", status: "open", clinical: true, resolution_code: null, ok: true },
          { type: "A9", status: "resolved", clinical: false, resolution_code: "legacy", ok: true },
        ]);
        // Every constraint is validated (none left NOT VALID).
        const [unvalidated] = await sql<{ n: number }[]>`select count(*)::int as n from pg_constraint where not convalidated and connamespace = 'public'::regnamespace`;
        expect(unvalidated!.n).toBe(0);
      } finally {
        await sql.end();
      }
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

