import { createHash, randomUUID } from "node:crypto";

import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { makeClinic, makePatient, makeStaff } from "./harness";

// Issue 12, migration 0020: what the database itself refuses on e-prescribing records, through the
// application's own least-privilege connection (clearwell_app) and, where it matters, the owner's.
// DOMAIN.md §2 "Prescription" (forward only, a signed Rx is never modified), §5.1 (1311.125 two-person
// access changes, 1311.150 findings), §5.3 (outbox keeps its MessageID and payload; inbox dedupes).
const owner = postgres(inject("ownerDatabaseUrl"), { max: 2, onnotice: () => {} });
const app = postgres(inject("databaseUrl"), { max: 4, onnotice: () => {} });
afterAll(async () => {
  await owner.end();
  await app.end();
});

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

interface Fixture {
  clinicId: string;
  otherClinicId: string;
  patientId: string;
  otherPatientId: string;
  prescriberId: string;
  adminId: string;
  secondAdminId: string;
  decisionId: string;
  appointmentId: string;
  formularyId: string;
  pharmacyId: string;
  deaId: string;
}
let f: Fixture;

beforeAll(async () => {
  const [clinic, other] = [await makeClinic("Rx"), await makeClinic("Rx other")];
  const prescriber = await makeStaff(clinic.id, ["provider", "prescriber"]);
  const admin = await makeStaff(clinic.id, ["admin"]);
  const secondAdmin = await makeStaff(clinic.id, ["admin"]);
  const { patient } = await makePatient(clinic.id);
  const { patient: otherPatient } = await makePatient(other.id);

  const [appt] = await app<{ id: string }[]>`
    insert into appointment (clinic_id, patient_id, provider_user_id, kind, status, starts_at, ends_at, patient_state, patient_timezone, booked_by_user_id)
    values (${clinic.id}, ${patient.id}, ${prescriber.id}, 'evaluation', 'completed', now() - interval '2 hours', now() - interval '1 hour', 'CO', 'America/Denver', ${prescriber.id})
    returning id`;
  // The decision's own insert trigger wants a signed evaluation note and an intake; this file is about
  // prescriptions, so the owner writes a stand-in decision with triggers (and so foreign keys) off.
  const decisionId = randomUUID();
  await owner.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`insert into eligibility_decision (id, clinic_id, patient_id, note_id, outcome, proposed_outcome, rules, overrides, acknowledged_warnings,
               decider_user_id, decider_roles, decided_at, expires_at, intake_id, intake_version, evidence, evidence_sha256)
             values (${decisionId}, ${clinic.id}, ${patient.id}, ${randomUUID()}, 'eligible_at_home', 'eligible_at_home', '[]', '[]', '{}',
               ${prescriber.id}, '{prescriber}', now(), now() + interval '90 days', ${randomUUID()}, 1, 'evidence', ${sha256("evidence")})`;
  });
  const [entry] = await app<{ id: string }[]>`
    insert into formulary_entry (clinic_id, drug_name, form, route, strength_value, hold_minutes, min_dose_mg, max_dose_mg, max_titration_step_mg, min_days_between_sessions, max_sessions_per_fill)
    values (${clinic.id}, 'Ketamine HCl', 'troche', 'sublingual', 100, 15, 50, 400, 100, 3, 8) returning id`;
  const [pharm] = await app<{ id: string }[]>`
    insert into pharmacy (clinic_id, name, ncpdp_id, npi, address_line1, city, state, postal_code, phone, ships_to_states, epcs_capable, compounding)
    values (${clinic.id}, 'Test Compounding', '7654321', '1234567893', '1 Main St', 'Denver', 'CO', '80202', '303-555-0100', '{CO,UT}', true, true) returning id`;
  const [dea] = await app<{ id: string }[]>`
    insert into prescriber_dea_registration (clinic_id, user_id, number, state, schedules, expires_on, created_by_user_id)
    values (${clinic.id}, ${prescriber.id}, 'AT1234563', 'CO', '{3,3N}', '2028-06-30', ${admin.id}) returning id`;
  f = {
    clinicId: clinic.id,
    otherClinicId: other.id,
    patientId: patient.id,
    otherPatientId: otherPatient.id,
    prescriberId: prescriber.id,
    adminId: admin.id,
    secondAdminId: secondAdmin.id,
    decisionId,
    appointmentId: appt!.id,
    formularyId: entry!.id,
    pharmacyId: pharm!.id,
    deaId: dea!.id,
  };
});

/** A complete draft of the fixture patient, written as the app writes it. */
async function draft(sql: postgres.Sql | postgres.TransactionSql = app) {
  const [row] = await sql<{ id: string }[]>`
    insert into prescription (clinic_id, patient_id, prescriber_user_id, created_by_user_id, idempotency_key, decision_id, basis_appointment_id,
      formulary_entry_id, pharmacy_id, dea_registration_id, units_per_session, days_between_sessions, quantity, refills, first_session_date,
      legal_basis, sig)
    values (${f.clinicId}, ${f.patientId}, ${f.prescriberId}, ${f.prescriberId}, ${randomUUID()}, ${f.decisionId}, ${f.appointmentId},
      ${f.formularyId}, ${f.pharmacyId}, ${f.deaId}, 1, 7, 4, 0, current_date,
      ${sql.json({ kind: "prior_in_person_eval", date: "2026-01-05", practitioner: "Dr Test" })}, 'Dissolve 1 troche under the tongue every 7 days.')
    returning id`;
  return row!.id;
}

const SIGNED_BYTES = JSON.stringify({ drug: "Ketamine HCl 100 mg sublingual troche, compounded", quantity: 4, refills: 0 });

/** Draft -> pending_signature -> signed, each step as the app does it. */
async function signed() {
  const id = await draft();
  await app`update prescription set status = 'pending_signature', ready_at = now(), ready_version = version, ready_content_sha256 = ${sha256("ready")} where id = ${id}`;
  await app`update prescription set status = 'signed', signed_at = now(), signed_by_user_id = prescriber_user_id, written_date = current_date,
              signed_content = ${app.json(JSON.parse(SIGNED_BYTES))}, signed_bytes = ${SIGNED_BYTES}, signed_sha256 = ${sha256(SIGNED_BYTES)},
              server_signature = 'sig', signing_key_id = 'k1' where id = ${id}`;
  return id;
}

describe("prescription", () => {
  it("a draft's content changes; it starts as a draft and only in its own clinic", async () => {
    const id = await draft();
    await app`update prescription set quantity = 8, sig = 'Dissolve 1 troche under the tongue every 3 days.', version = version + 1 where id = ${id}`;
    const [row] = await app<{ quantity: string; version: number }[]>`select quantity, version from prescription where id = ${id}`;
    expect([Number(row!.quantity), row!.version]).toEqual([8, 2]);

    expect(
      await refusal(app, (tx) => tx`insert into prescription (clinic_id, patient_id, status, prescriber_user_id, created_by_user_id, idempotency_key, decision_id, basis_appointment_id)
        values (${f.clinicId}, ${f.patientId}, 'signed', ${f.prescriberId}, ${f.prescriberId}, ${randomUUID()}, ${f.decisionId}, ${f.appointmentId})`),
    ).toMatch(/starts as a draft|prescription_signed_ck/);
    // Another clinic's patient (composite tenant key).
    expect(
      await refusal(app, (tx) => tx`insert into prescription (clinic_id, patient_id, prescriber_user_id, created_by_user_id, idempotency_key, decision_id, basis_appointment_id)
        values (${f.clinicId}, ${f.otherPatientId}, ${f.prescriberId}, ${f.prescriberId}, ${randomUUID()}, ${f.decisionId}, ${f.appointmentId})`),
    ).toMatch(/prescription_patient_fk/);
    // The same idempotency key from the same creator is one prescription.
    const [{ key } = { key: "" }] = await app<{ key: string }[]>`select idempotency_key as key from prescription where id = ${id}`;
    expect(key).not.toBe("");
    expect(
      await refusal(app, (tx) => tx`insert into prescription (clinic_id, patient_id, prescriber_user_id, created_by_user_id, idempotency_key, decision_id, basis_appointment_id)
        values (${f.clinicId}, ${f.patientId}, ${f.prescriberId}, ${f.prescriberId}, ${key}, ${f.decisionId}, ${f.appointmentId})`),
    ).toMatch(/prescription_idempotency_uq/);
  });

  it("numbers are positive and refills 0..5", async () => {
    const id = await draft();
    for (const set of ["refills = 6", "refills = -1", "quantity = 0", "units_per_session = -1", "days_between_sessions = 0"]) {
      expect(await refusal(app, (tx) => tx.unsafe(`update prescription set ${set} where id = $1`, [id]))).toMatch(/prescription_(numbers|refills)_ck/);
    }
    expect(await refusal(app, (tx) => tx`update prescription set refills = 5 where id = ${id}`)).toBeNull();
  });

  it("signing needs the named prescriber and a hash that matches the signed bytes", async () => {
    const id = await draft();
    await app`update prescription set status = 'pending_signature', ready_at = now(), ready_version = version, ready_content_sha256 = ${sha256("ready")} where id = ${id}`;
    const sign = (signer: string, hash: string) => (tx: postgres.TransactionSql) =>
      tx`update prescription set status = 'signed', signed_at = now(), signed_by_user_id = ${signer}, written_date = current_date,
           signed_content = ${tx.json({})}, signed_bytes = ${SIGNED_BYTES}, signed_sha256 = ${hash}, server_signature = 'sig', signing_key_id = 'k1' where id = ${id}`;
    expect(await refusal(app, sign(f.adminId, sha256(SIGNED_BYTES)))).toMatch(/prescription_signed_ck/);
    expect(await refusal(app, sign(f.prescriberId, sha256("something else")))).toMatch(/signed bytes do not match their hash/);
    expect(await refusal(app, sign(f.prescriberId, sha256(SIGNED_BYTES)))).toBeNull();
  });

  it("once signed, no content or signing column changes, even for the owner", async () => {
    const id = await signed();
    for (const set of ["quantity = 8", "refills = 1", "sig = 'x'", "pharmacy_id = null", "signed_bytes = 'x'", "signed_sha256 = repeat('0', 64)", "version = version + 1", "substitutions_allowed = true"]) {
      expect(await refusal(app, (tx) => tx.unsafe(`update prescription set ${set} where id = $1`, [id]))).toMatch(/a signed prescription cannot be modified/);
      expect(await refusal(owner, (tx) => tx.unsafe(`update prescription set ${set} where id = $1`, [id]))).toMatch(/a signed prescription cannot be modified/);
    }
    expect(await refusal(app, (tx) => tx`update prescription set patient_id = ${f.otherPatientId} where id = ${id}`)).toMatch(/cannot change its clinic, patient/);
  });

  it("the status moves only forward along DOMAIN.md §2's table", async () => {
    const id = await signed();
    const to = (status: string) => (tx: postgres.TransactionSql) => tx`update prescription set status = ${status}::prescription_status where id = ${id}`;
    // Backwards, or skipping a step.
    for (const s of ["draft", "pending_signature", "acknowledged", "cancelled", "voided"]) {
      expect(await refusal(app, to(s))).toMatch(new RegExp(`cannot go from signed to ${s}|prescription_signed_ck`));
    }
    expect(await refusal(app, to("draft"))).toMatch(/cannot go from signed to draft/);
    // Forward.
    await app`update prescription set status = 'transmitted', transmitted_at = now() where id = ${id}`;
    expect(await refusal(app, to("signed"))).toMatch(/cannot go from transmitted to signed/);
    await app`update prescription set status = 'acknowledged', acknowledged_at = now() where id = ${id}`;
    expect(await refusal(app, to("transmitted"))).toMatch(/cannot go from acknowledged to transmitted/);
    expect(await refusal(app, (tx) => tx`update prescription set transmitted_at = now() + interval '1 minute' where id = ${id}`)).toMatch(/written once/);
    await app`update prescription set status = 'cancel_requested', cancel_requested_at = now(), cancel_requested_by_user_id = ${f.prescriberId}, cancel_requested_reason = 'dose change' where id = ${id}`;
    await app`update prescription set status = 'cancelled', cancelled_at = now() where id = ${id}`;
    for (const s of ["cancel_requested", "cancel_denied", "acknowledged"]) expect(await refusal(app, to(s))).toMatch(/cannot go from cancelled/);
    const [row] = await app<{ status: string }[]>`select status from prescription where id = ${id}`;
    expect(row!.status).toBe("cancelled");

    // A draft may go back and forth with pending signature, and be voided; a voided one is final.
    const d = await draft();
    await app`update prescription set status = 'pending_signature', ready_at = now(), ready_version = version, ready_content_sha256 = ${sha256("r")} where id = ${d}`;
    await app`update prescription set status = 'draft' where id = ${d}`;
    await app`update prescription set status = 'voided', voided_at = now(), voided_by_user_id = ${f.prescriberId}, voided_reason = 'duplicate' where id = ${d}`;
    expect(await refusal(app, (tx) => tx`update prescription set status = 'draft' where id = ${d}`)).toMatch(/cannot go from voided to draft/);
    expect(await refusal(app, (tx) => tx`update prescription set quantity = 2 where id = ${d}`)).toMatch(/a voided prescription cannot be modified/);
  });

  it("is never deleted or truncated", async () => {
    const id = await signed();
    const d = await draft();
    for (const rx of [id, d]) {
      expect(await refusal(app, (tx) => tx`delete from prescription where id = ${rx}`)).toMatch(/DELETE on prescription is not allowed/);
      expect(await refusal(owner, (tx) => tx`delete from prescription where id = ${rx}`)).toMatch(/DELETE on prescription is not allowed/);
    }
    expect(await refusal(app, (tx) => tx`truncate prescription cascade`)).toMatch(/permission denied/);
    expect(await refusal(owner, (tx) => tx`truncate prescription cascade`)).toMatch(/TRUNCATE on \w+ is not allowed/);
  });

  it("names only the prescriber's own DEA registration and the clinic's own pharmacy", async () => {
    const other = await makeStaff(f.clinicId, ["prescriber"]);
    const id = await draft();
    expect(await refusal(app, (tx) => tx`update prescription set prescriber_user_id = ${other.id} where id = ${id}`)).toMatch(/prescription_dea_registration_fk/);
    const [foreign] = await app<{ id: string }[]>`
      insert into pharmacy (clinic_id, name, ncpdp_id, npi, address_line1, city, state, postal_code, phone)
      values (${f.otherClinicId}, 'Elsewhere', '1234567', '1234567893', '2 Main St', 'Provo', 'UT', '84601', '801-555-0100') returning id`;
    expect(await refusal(app, (tx) => tx`update prescription set pharmacy_id = ${foreign!.id} where id = ${id}`)).toMatch(/prescription_pharmacy_fk/);
  });
});

describe("prescription_event, pdmp_check, rx_inbox: append-only", () => {
  it("refuses UPDATE and DELETE (the app holds neither; the owner meets the trigger)", async () => {
    const rx = await draft();
    await app`insert into prescription_event (clinic_id, prescription_id, from_status, to_status, event, actor_kind, actor_user_id)
              values (${f.clinicId}, ${rx}, null, 'draft', 'create', 'staff', ${f.prescriberId})`;
    const [pdmp] = await app<{ id: string }[]>`
      insert into pdmp_check (clinic_id, patient_id, state, result, checked_at, checked_by_user_id, interpretation)
      values (${f.clinicId}, ${f.patientId}, 'CO', 'reviewed', now(), ${f.prescriberId}, 'No other controlled substances.') returning id`;
    const messageId = `inbound-${randomUUID()}`;
    await app`insert into rx_inbox (message_id, clinic_id, type, code, payload, outcome) values (${messageId}, ${f.clinicId}, 'Status', '010', '<Message/>', 'applied')`;

    for (const [table, set, where] of [
      ["pdmp_check", "interpretation = 'edited'", `id = '${pdmp!.id}'`],
      ["prescription_event", "event = 'edited'", `prescription_id = '${rx}'`],
      ["rx_inbox", "outcome = 'rejected'", `message_id = '${messageId}'`],
    ] as const) {
      expect(await refusal(app, (tx) => tx.unsafe(`update ${table} set ${set} where ${where}`))).toMatch(/permission denied/);
      expect(await refusal(app, (tx) => tx.unsafe(`delete from ${table} where ${where}`))).toMatch(/permission denied/);
      expect(await refusal(owner, (tx) => tx.unsafe(`update ${table} set ${set} where ${where}`))).toMatch(/UPDATE on \w+ is not allowed: the table is append-only/);
      expect(await refusal(owner, (tx) => tx.unsafe(`delete from ${table} where ${where}`))).toMatch(/DELETE on \w+ is not allowed: the table is append-only/);
    }
  });

  it("rx_inbox refuses a second message with the same MessageID", async () => {
    const messageId = `inbound-${randomUUID()}`;
    await app`insert into rx_inbox (message_id, type, payload, outcome) values (${messageId}, 'unknown', '<Message/>', 'unmatched')`;
    expect(await refusal(app, (tx) => tx`insert into rx_inbox (message_id, type, payload, outcome) values (${messageId}, 'Status', '<Message/>', 'applied')`)).toMatch(/rx_inbox_message_id_uq/);
  });
});

describe("epcs_access_change (1311.125)", () => {
  async function pending(subject: string, action = "grant") {
    const [row] = await app<{ id: string }[]>`
      insert into epcs_access_change (clinic_id, subject_user_id, action, reason, entered_by_user_id)
      values (${f.clinicId}, ${subject}, ${action}::epcs_access_action, 'New prescriber', ${f.adminId}) returning id`;
    return row!.id;
  }
  const decide = (id: string, status: string, by: string) => (tx: postgres.TransactionSql) =>
    tx`update epcs_access_change set status = ${status}::epcs_access_status, decided_by_user_id = ${by}, decided_at = now(), decision_note = 'checked' where id = ${id}`;

  it("is approved by a second person only, once; nothing else about it changes", async () => {
    const subject = await makeStaff(f.clinicId, ["prescriber"]);
    const id = await pending(subject.id);
    expect(await refusal(app, decide(id, "approved", f.adminId))).toMatch(/epcs_access_change_two_person_ck/);
    expect(await refusal(app, decide(id, "rejected", f.adminId))).toMatch(/epcs_access_change_two_person_ck/);
    expect(await refusal(app, (tx) => tx`update epcs_access_change set reason = 'edited' where id = ${id}`)).toMatch(/only records its decision/);
    expect(await refusal(app, (tx) => tx`update epcs_access_change set status = 'approved' where id = ${id}`)).toMatch(/epcs_access_change_decided_ck/);
    // One change awaits a decision per person.
    expect(await refusal(app, (tx) => tx`insert into epcs_access_change (clinic_id, subject_user_id, action, reason, entered_by_user_id)
      values (${f.clinicId}, ${subject.id}, 'grant', 'again', ${f.secondAdminId})`)).toMatch(/epcs_access_change_one_pending_uq/);

    await app.begin((tx) => decide(id, "approved", f.prescriberId)(tx));
    // A second decision, or undoing the first, is refused, even for the owner.
    expect(await refusal(app, decide(id, "rejected", f.secondAdminId))).toMatch(/is decided and cannot change/);
    expect(await refusal(app, (tx) => tx`update epcs_access_change set status = 'pending', decided_by_user_id = null, decided_at = null where id = ${id}`)).toMatch(/is decided and cannot change/);
    expect(await refusal(owner, (tx) => tx`update epcs_access_change set decision_note = 'edited' where id = ${id}`)).toMatch(/is decided and cannot change/);
    expect(await refusal(app, (tx) => tx`delete from epcs_access_change where id = ${id}`)).toMatch(/DELETE on epcs_access_change is not allowed/);
    expect(await refusal(owner, (tx) => tx`truncate epcs_access_change`)).toMatch(/TRUNCATE on epcs_access_change is not allowed/);
  });

  it("is withdrawn by its enterer only, and starts pending", async () => {
    const subject = await makeStaff(f.clinicId, ["prescriber"]);
    const id = await pending(subject.id, "revoke");
    expect(await refusal(app, decide(id, "withdrawn", f.secondAdminId))).toMatch(/epcs_access_change_two_person_ck/);
    expect(await refusal(app, decide(id, "withdrawn", f.adminId))).toBeNull();
    expect(await refusal(app, (tx) => tx`insert into epcs_access_change (clinic_id, subject_user_id, action, reason, entered_by_user_id, status, decided_by_user_id, decided_at)
      values (${f.clinicId}, ${subject.id}, 'grant', 'pre-approved', ${f.adminId}, 'approved', ${f.prescriberId}, now())`)).toMatch(/starts pending/);
  });
});

describe("rx_outbox (DOMAIN.md §5.3)", () => {
  async function message(rx: string) {
    const payload = "<Message><NewRx/></Message>";
    const [row] = await app<{ messageId: string }[]>`
      insert into rx_outbox (clinic_id, prescription_id, type, to_ncpdp_id, payload, payload_sha256)
      values (${f.clinicId}, ${rx}, 'NewRx', '7654321', ${payload}, ${sha256(payload)}) returning message_id as "messageId"`;
    return row!.messageId;
  }

  it("keeps its message id, payload, type and prescription; its status moves; never deleted", async () => {
    const rx = await signed();
    const id = await message(rx);
    for (const set of ["payload = '<Message><NewRx>changed</NewRx></Message>'", `message_id = '${randomUUID()}'`, "type = 'CancelRx'", `prescription_id = '${await signed()}'`, "payload_sha256 = repeat('a', 64)"]) {
      expect(await refusal(app, (tx) => tx.unsafe(`update rx_outbox set ${set} where message_id = $1`, [id]))).toMatch(/keeps its message id, payload/);
      expect(await refusal(owner, (tx) => tx.unsafe(`update rx_outbox set ${set} where message_id = $1`, [id]))).toMatch(/keeps its message id, payload/);
    }
    await app`update rx_outbox set status = 'in_flight', attempts = attempts + 1, lease_until = now() + interval '30 seconds', first_sent_at = now() where message_id = ${id}`;
    // One NewRx per prescription: a replay reuses the row.
    expect(await refusal(app, (tx) => tx`insert into rx_outbox (clinic_id, prescription_id, type, to_ncpdp_id, payload, payload_sha256)
      values (${f.clinicId}, ${rx}, 'NewRx', '7654321', 'x', ${sha256("x")})`)).toMatch(/rx_outbox_prescription_type_uq/);
    expect(await refusal(app, (tx) => tx`delete from rx_outbox where message_id = ${id}`)).toMatch(/DELETE on rx_outbox is not allowed/);
    expect(await refusal(owner, (tx) => tx`truncate rx_outbox`)).toMatch(/TRUNCATE on rx_outbox is not allowed/);
  });

  it("notifies channel rx_outbox with the message id on insert and when it is pending or retry_scheduled again", async () => {
    const heard: string[] = [];
    const listener = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    try {
      await listener.listen("rx_outbox", (id) => heard.push(id));
      const id = await message(await signed());
      const settle = () => new Promise((r) => setTimeout(r, 300));
      await settle();
      expect(heard).toEqual([id]);
      await app`update rx_outbox set status = 'in_flight' where message_id = ${id}`;
      await settle();
      expect(heard).toEqual([id]);
      await app`update rx_outbox set status = 'retry_scheduled', next_attempt_at = now() + interval '30 seconds' where message_id = ${id}`;
      await settle();
      expect(heard).toEqual([id, id]);
      // Not while a transaction that would have enqueued it rolls back.
      await refusal(app, (tx) => tx`update rx_outbox set status = 'pending' where message_id = ${id}`);
      await settle();
      expect(heard).toEqual([id, id]);
    } finally {
      await listener.end();
    }
  });
});

describe("epcs_audit_finding (1311.150)", () => {
  it("is assessed once and otherwise kept as found", async () => {
    const [event] = await app<{ id: string }[]>`
      insert into audit_event (clinic_id, actor_kind, actor_user_id, action, resource_type, outcome)
      values (${f.clinicId}, 'staff', ${f.adminId}, 'epcs.rx.sign', 'prescription', 'denied') returning id`;
    const [report] = await app<{ id: string }[]>`
      insert into epcs_audit_report (clinic_id, report_date, window_start, window_end, event_count, flagged_count)
      values (${f.clinicId}, current_date - ${Math.floor(Math.random() * 10_000)}::int, now() - interval '1 day', now(), 1, 1) returning id`;
    const [finding] = await app<{ id: string }[]>`
      insert into epcs_audit_finding (report_id, clinic_id, audit_event_id, reason) values (${report!.id}, ${f.clinicId}, ${event!.id}, 'denied signing') returning id`;
    const assess = (verdict: string, by: string) => (tx: postgres.TransactionSql) =>
      tx`update epcs_audit_finding set assessment = ${verdict}::epcs_assessment, assessed_by_user_id = ${by}, assessed_at = now(), assessment_note = 'reviewed' where id = ${finding!.id}`;
    expect(await refusal(app, (tx) => tx`update epcs_audit_finding set reason = 'edited' where id = ${finding!.id}`)).toMatch(/only records its assessment/);
    await app.begin((tx) => assess("not_incident", f.adminId)(tx));
    expect(await refusal(app, assess("incident", f.secondAdminId))).toMatch(/assessed once/);
    expect(await refusal(owner, assess("incident", f.secondAdminId))).toMatch(/assessed once/);
    expect(await refusal(app, (tx) => tx`delete from epcs_audit_finding where id = ${finding!.id}`)).toMatch(/DELETE on epcs_audit_finding is not allowed/);
    expect(await refusal(owner, (tx) => tx`truncate epcs_audit_finding`)).toMatch(/TRUNCATE on epcs_audit_finding is not allowed/);
  });
});

describe("configuration checks", () => {
  it("formulary entries: nasal spray fields iff nasal spray, routes by form, doses in range", async () => {
    const insert = (cols: string, vals: string) => (tx: postgres.TransactionSql) =>
      tx.unsafe(
        `insert into formulary_entry (clinic_id, drug_name, min_dose_mg, max_dose_mg, max_titration_step_mg, min_days_between_sessions, max_sessions_per_fill, ${cols})
         values ($1, 'Ketamine HCl', 50, 400, 100, 3, 8, ${vals})`,
        [f.clinicId],
      );
    expect(await refusal(app, insert("form, route, strength_value, sprays_per_ml, minutes_between_sprays", "'nasal_spray', 'intranasal', 10, 10, 5"))).toBeNull();
    expect(await refusal(app, insert("form, route, strength_value", "'nasal_spray', 'intranasal', 10"))).toMatch(/formulary_entry_form_fields_ck/);
    expect(await refusal(app, insert("form, route, strength_value, hold_minutes, sprays_per_ml", "'troche', 'sublingual', 100, 15, 10"))).toMatch(/formulary_entry_form_fields_ck/);
    expect(await refusal(app, insert("form, route, strength_value, hold_minutes", "'rdt_odt', 'buccal', 150, 10"))).toMatch(/formulary_entry_route_ck/);
    expect(await refusal(app, insert("form, route, strength_value, hold_minutes", "'troche', 'sublingual', 0, 15"))).toMatch(/formulary_entry_positive_ck/);
    expect(
      await refusal(app, (tx) =>
        tx`insert into formulary_entry (clinic_id, drug_name, form, route, strength_value, hold_minutes, min_dose_mg, max_dose_mg, max_titration_step_mg, min_days_between_sessions, max_sessions_per_fill)
           values (${f.clinicId}, 'Ketamine HCl', 'troche', 'buccal', 100, 15, 500, 400, 100, 3, 8)`,
      ),
    ).toMatch(/formulary_entry_dose_range_ck/);
  });

  it("pharmacies and prescribers: NCPDP 7 digits, NPI 10 digits, states two capitals", async () => {
    const pharmacy = (ncpdp: string, npi: string, state: string, ships = "{CO}") => (tx: postgres.TransactionSql) =>
      tx`insert into pharmacy (clinic_id, name, ncpdp_id, npi, address_line1, city, state, postal_code, phone, ships_to_states)
         values (${f.clinicId}, 'P', ${ncpdp}, ${npi}, '1 St', 'Denver', ${state}, '80202', '303-555-0101', ${ships})`;
    expect(await refusal(app, pharmacy("7000001", "1234567893", "CO"))).toBeNull();
    expect(await refusal(app, pharmacy("700001", "1234567893", "CO"))).toMatch(/pharmacy_ncpdp_ck/);
    expect(await refusal(app, pharmacy("7000001", "123456789", "CO"))).toMatch(/pharmacy_npi_ck/);
    expect(await refusal(app, pharmacy("7000001", "1234567893", "co"))).toMatch(/pharmacy_state_ck/);
    expect(await refusal(app, pharmacy("7000001", "1234567893", "CO", "{CO,utah}"))).toMatch(/pharmacy_ships_to_ck/);
    // The demo pharmacy's NCPDP ID once per clinic.
    expect(await refusal(app, pharmacy("7654321", "1234567893", "CO"))).toMatch(/pharmacy_clinic_ncpdp_uq/);
    expect(
      await refusal(app, (tx) => tx`insert into prescriber_profile (clinic_id, user_id, npi, address_line1, city, state, postal_code, phone)
        values (${f.clinicId}, ${f.prescriberId}, '12345', '1 St', 'Denver', 'CO', '80202', '303-555-0102')`),
    ).toMatch(/prescriber_profile_npi_ck/);
  });

  it("credentials: verified by someone other than the recorder; an edit clears the verification", async () => {
    const [lic] = await app<{ id: string }[]>`
      insert into prescriber_licence (clinic_id, user_id, state, number, expires_on, created_by_user_id)
      values (${f.clinicId}, ${f.prescriberId}, 'CO', 'DR.0012345', '2028-12-31', ${f.adminId}) returning id`;
    expect(await refusal(app, (tx) => tx`update prescriber_licence set verified_at = now(), verified_by_user_id = ${f.adminId} where id = ${lic!.id}`)).toMatch(/prescriber_licence_verifier_ck/);
    await app`update prescriber_licence set verified_at = now(), verified_by_user_id = ${f.secondAdminId}, verification_note = 'state board lookup' where id = ${lic!.id}`;
    await app`update prescriber_licence set expires_on = '2029-12-31' where id = ${lic!.id}`;
    const [l] = await app<{ verifiedAt: Date | null; note: string | null }[]>`select verified_at as "verifiedAt", verification_note as note from prescriber_licence where id = ${lic!.id}`;
    expect(l).toEqual({ verifiedAt: null, note: null });

    await app`update prescriber_dea_registration set verified_at = now(), verified_by_user_id = ${f.secondAdminId} where id = ${f.deaId}`;
    await app`update prescriber_dea_registration set schedules = '{3N}' where id = ${f.deaId}`;
    const [d] = await app<{ verifiedAt: Date | null }[]>`select verified_at as "verifiedAt" from prescriber_dea_registration where id = ${f.deaId}`;
    expect(d!.verifiedAt).toBeNull();
    expect(await refusal(app, (tx) => tx`update prescriber_dea_registration set number = 'A1234563' where id = ${f.deaId}`)).toMatch(/prescriber_dea_registration_number_ck/);
  });
});
