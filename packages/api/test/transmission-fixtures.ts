/**
 * Shared fixtures of the transmission tests (issue 12 §7): a clinic ready to prescribe, signed
 * prescriptions written the way the signing service writes them (draft -> pending_signature ->
 * signed, the outbox row and its job in the same transaction), a fake pharmacy network, and signed
 * inbound requests. Synthetic data only.
 */
import { createHash, randomUUID } from "node:crypto";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { createCredentialUser } from "@clearwell/auth/users";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type ScriptMessageInput, parseMessage, renderMessage, signedHeaders, verifySignature } from "@clearwell/script";
import type { TSignedPrescriptionContent } from "@clearwell/validators/prescription";
import { eq, sql } from "drizzle-orm";

import { enqueueRxMessage } from "../src/services/transmission/enqueue";
import { PASSWORD, ownerDb, testDb } from "./harness";
import { NCPDP, syntheticSignedContent } from "./signed-content";

export { NCPDP } from "./signed-content";

export const SECRET = "transmission-test-network-secret-0123456789";
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

export interface RxWorld {
  clinicId: string;
  prescriberId: string;
  adminId: string;
  patientId: string;
  decisionId: string;
  appointmentId: string;
  formularyId: string;
  pharmacyId: string;
  deaId: string;
}

/**
 * A clinic with a prescriber, a patient with a decision and a basis visit, a formulary entry, a
 * pharmacy and a DEA registration. On the test database by default; `db` / `owner` put it in
 * another one (the crash test's own database).
 */
export async function rxWorld(db: Database = testDb(), owner: Database = ownerDb()): Promise<RxWorld> {
  const uniq = () => randomUUID().slice(0, 8);
  const [clinic] = await db
    .insert(schema.clinic)
    .values({ name: `Rx transmission ${uniq()}`, slug: `rx-${uniq()}`, timezone: "America/Denver", enrolmentCode: `code-${randomUUID()}` })
    .returning();
  const staff = async (roles: ("provider" | "prescriber" | "admin")[]) => {
    const user = await createCredentialUser(db, { name: `Staff ${uniq()}`, email: `staff-${uniq()}@example.test`, password: PASSWORD, kind: "staff" });
    await db.insert(schema.clinicMembership).values(roles.map((role) => ({ clinicId: clinic!.id, userId: user.id, role })));
    return user;
  };
  const prescriber = await staff(["provider", "prescriber"]);
  const admin = await staff(["admin"]);
  const [patient] = await db
    .insert(schema.patient)
    .values({ clinicId: clinic!.id, mrn: `CW-T${uniq()}`, givenName: "Pat", familyName: `Tester${uniq()}`, email: `patient-${uniq()}@example.test`, dateOfBirth: "1985-05-05", stateOfResidence: "CO" })
    .returning();
  const [appt] = await db.execute<{ id: string }>(sql`
    insert into appointment (clinic_id, patient_id, provider_user_id, kind, status, starts_at, ends_at, patient_state, patient_timezone, booked_by_user_id)
    values (${clinic!.id}, ${patient!.id}, ${prescriber.id}, 'evaluation', 'completed', now() - interval '2 hours', now() - interval '1 hour', 'CO', 'America/Denver', ${prescriber.id})
    returning id`);
  // The decision's own insert trigger wants a signed note and an intake; these tests are about
  // transmission, so the owner writes a stand-in decision with triggers (and foreign keys) off.
  const decisionId = randomUUID();
  await owner.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`insert into eligibility_decision (id, clinic_id, patient_id, note_id, outcome, proposed_outcome, rules, overrides, acknowledged_warnings,
               decider_user_id, decider_roles, decided_at, expires_at, intake_id, intake_version, evidence, evidence_sha256)
             values (${decisionId}, ${clinic!.id}, ${patient!.id}, ${randomUUID()}, 'eligible_at_home', 'eligible_at_home', '[]', '[]', '{}',
               ${prescriber.id}, '{prescriber}', now(), now() + interval '90 days', ${randomUUID()}, 1, 'evidence', ${sha256("evidence")})`);
  });
  const [entry] = await db.execute<{ id: string }>(sql`
    insert into formulary_entry (clinic_id, drug_name, form, route, strength_value, hold_minutes, min_dose_mg, max_dose_mg, max_titration_step_mg, min_days_between_sessions, max_sessions_per_fill)
    values (${clinic!.id}, 'Ketamine HCl', 'troche', 'sublingual', 200, 15, 50, 400, 100, 3, 8) returning id`);
  const [pharm] = await db.execute<{ id: string }>(sql`
    insert into pharmacy (clinic_id, name, ncpdp_id, npi, address_line1, city, state, postal_code, phone, ships_to_states, epcs_capable, compounding)
    values (${clinic!.id}, 'Clearwater Compounding (simulator)', ${NCPDP}, '1234567893', '1 Main St', 'Denver', 'CO', '80202', '303-555-0100', '{CO,UT}', true, true) returning id`);
  const [dea] = await db.execute<{ id: string }>(sql`
    insert into prescriber_dea_registration (clinic_id, user_id, number, state, schedules, expires_on, created_by_user_id)
    values (${clinic!.id}, ${prescriber.id}, 'AT1234563', 'CO', '{3,3N}', '2028-06-30', ${admin.id}) returning id`);
  return {
    clinicId: clinic!.id,
    prescriberId: prescriber.id,
    adminId: admin.id,
    patientId: patient!.id,
    decisionId,
    appointmentId: appt!.id,
    formularyId: entry!.id,
    pharmacyId: pharm!.id,
    deaId: dea!.id,
  };
}

/** Canonical signed content as the signing service freezes it (packages/validators ZSignedPrescriptionContent). */
export function signedContent(w: RxWorld, prescriptionId: string, now = new Date()): TSignedPrescriptionContent {
  return syntheticSignedContent(
    { prescriptionId, clinicId: w.clinicId, patientId: w.patientId, prescriberUserId: w.prescriberId, deaRegistrationId: w.deaId, pharmacyId: w.pharmacyId, formularyEntryId: w.formularyId, decisionId: w.decisionId, appointmentId: w.appointmentId },
    now,
  );
}

/** A complete draft, marked ready, in `tx`. */
async function readyDraft(tx: DbOrTx, w: RxWorld) {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into prescription (clinic_id, patient_id, prescriber_user_id, created_by_user_id, idempotency_key, decision_id, basis_appointment_id,
      formulary_entry_id, pharmacy_id, dea_registration_id, units_per_session, days_between_sessions, quantity, refills, first_session_date,
      legal_basis, sig)
    values (${w.clinicId}, ${w.patientId}, ${w.prescriberId}, ${w.prescriberId}, ${randomUUID()}, ${w.decisionId}, ${w.appointmentId},
      ${w.formularyId}, ${w.pharmacyId}, ${w.deaId}, 1, 7, 4, 0, current_date,
      ${JSON.stringify({ kind: "prior_in_person_eval", date: "2026-01-05", practitioner: "Dr Test" })}::jsonb, 'Dissolve 1 troche under the tongue every 7 days.')
    returning id`);
  const id = row!.id;
  await tx.execute(sql`update prescription set status = 'pending_signature', ready_at = now(), ready_version = version, ready_content_sha256 = ${sha256("ready")} where id = ${id}`);
  return id;
}

/**
 * Signs a prescription and enqueues its NewRx in ONE transaction, as the signing service does
 * (DOMAIN.md §5.3 (1)). `beforeCommit` runs inside it (a test can throw to roll it all back).
 */
export async function signAndEnqueue(w: RxWorld, o: { db?: Database; beforeCommit?: (tx: DbOrTx) => Promise<void>; content?: (c: TSignedPrescriptionContent) => TSignedPrescriptionContent } = {}) {
  const db = o.db ?? testDb();
  return db.transaction(async (tx) => {
    const id = await readyDraft(tx, w);
    const content = (o.content ?? ((c) => c))(signedContent(w, id));
    const bytes = JSON.stringify(content);
    await tx
      .update(schema.prescription)
      .set({
        status: "signed",
        signedAt: new Date(),
        signedByUserId: w.prescriberId,
        writtenDate: content.writtenDate,
        signedContent: content as unknown as Record<string, unknown>,
        signedBytes: bytes,
        signedSha256: sha256(bytes),
        serverSignature: "test-signature",
        signingKeyId: "test-key",
      })
      .where(eq(schema.prescription.id, id));
    const { messageId } = await enqueueRxMessage(tx, { clinicId: w.clinicId, prescriptionId: id, type: "NewRx", payload: bytes, toNcpdpId: NCPDP });
    await o.beforeCommit?.(tx);
    return { prescriptionId: id, messageId, bytes };
  });
}

/** Requests a cancel the way the prescription service does: cancel_requested and the CancelRx in one transaction. */
export async function requestCancel(w: RxWorld, prescriptionId: string, db: Database = testDb()) {
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(schema.prescription).where(eq(schema.prescription.id, prescriptionId));
    await tx
      .update(schema.prescription)
      .set({ status: "cancel_requested", cancelRequestedAt: new Date(), cancelRequestedByUserId: w.prescriberId, cancelRequestedReason: "Dose change" })
      .where(eq(schema.prescription.id, prescriptionId));
    return enqueueRxMessage(tx, { clinicId: w.clinicId, prescriptionId, type: "CancelRx", payload: p!.signedBytes!, toNcpdpId: NCPDP });
  });
}

export type Answer = { status: number; body?: string } | "hang";

export interface FakeNetwork {
  url: string;
  received: { messageId: string; type: string; body: string; at: number; signed: boolean; relatesTo: string | null }[];
  /** Decides each answer (default 200). `n` counts this message's deliveries, from 1. */
  answer: (messageId: string, n: number) => Answer;
  close(): Promise<void>;
}

/** A pharmacy network endpoint that checks the signature, parses the SCRIPT and answers as told. */
export async function fakeNetwork(secret = SECRET): Promise<FakeNetwork> {
  const hanging = new Set<IncomingMessage>();
  const net: FakeNetwork = { url: "", received: [], answer: () => ({ status: 200 }), close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signed = verifySignature(secret, req.headers, body).ok;
      const parsed = parseMessage(body);
      const messageId = parsed.ok ? parsed.message.header.messageId : "unparsed";
      net.received.push({ messageId, type: parsed.ok ? parsed.message.body.type : "unparsed", body, at: performance.now(), signed, relatesTo: parsed.ok ? (parsed.message.header.relatesToMessageId ?? null) : null });
      const n = net.received.filter((r) => r.messageId === messageId).length;
      const a = signed ? net.answer(messageId, n) : { status: 401 };
      if (a === "hang") {
        hanging.add(req);
        return;
      }
      res.writeHead(a.status, { "content-type": "application/xml" }).end(a.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  net.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/script`;
  net.close = async () => {
    for (const r of hanging) r.socket.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return net;
}

/** A SCRIPT response from the pharmacy answering `relatesTo`, rendered and signed as the network sends it. */
export function inboundRequest(body: ScriptMessageInput["body"], relatesTo: string | undefined, o: { messageId?: string; from?: string; secret?: string; timestampMs?: number; sign?: boolean } = {}) {
  const xml = renderMessage({
    header: {
      to: "clearwell",
      from: o.from ?? NCPDP,
      messageId: o.messageId ?? randomUUID(),
      ...(relatesTo ? { relatesToMessageId: relatesTo } : {}),
      sentTime: new Date().toISOString(),
      prescriberOrderNumber: "n/a",
    },
    body,
  });
  const headers = new Headers({ "content-type": "application/xml" });
  if (o.sign !== false) for (const [k, v] of Object.entries(signedHeaders(o.secret ?? SECRET, xml, o.timestampMs ?? Date.now()))) headers.set(k, v);
  return new Request("http://provider.test.local/api/rx/inbound", { method: "POST", headers, body: xml });
}

export async function outboxRow(messageId: string, db: Database = testDb()) {
  const [row] = await db.select().from(schema.rxOutbox).where(eq(schema.rxOutbox.messageId, messageId));
  return row!;
}

export async function prescriptionRow(id: string, db: Database = testDb()) {
  const [row] = await db.select().from(schema.prescription).where(eq(schema.prescription.id, id));
  return row!;
}

export const until = async <T>(read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 15_000, what = "condition") => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** Clearwell's inbound endpoint on a local port (what the simulator calls back): the real handler on `db`. */
export async function inboundServer(db: Database, secret: string) {
  const { rxInboundHandler } = await import("../src/services/transmission/inbound");
  const handle = rxInboundHandler(db, { secret, maxBytes: 64 * 1024 });
  const results: { status: number; at: number }[] = [];
  let refusing = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      // An outage of Clearwell's endpoint: the pharmacy's answers bounce (it retries them).
      if (refusing) return void res.writeHead(503).end();
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      void handle(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }))
        .then(async (r) => {
          results.push({ status: r.status, at: performance.now() });
          res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
        })
        .catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/rx/inbound`,
    results,
    refuse: (on: boolean) => void (refusing = on),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
