import { schema } from "@clearwell/db/client";
import { EPCS_SIGNING_STATEMENT, ZSignedPrescriptionContent } from "@clearwell/validators/prescription";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { sha256Hex } from "../src/services/note/canonical";
import { renderOutbound } from "../src/services/transmission/render";
import { signPrescriptions } from "../src/services/prescription/sign";
import { rxSigner } from "../src/services/prescription/signing-key";
import { key, refusalOf } from "./decision-fixtures";
import { PASSWORD, testDb } from "./harness";
import {
  DEA_CO,
  actorOf,
  auditRows,
  clinicDay,
  credentialPrescriber,
  enrolledStaff,
  epcsChange,
  passingDraft,
  prescribingClinic,
  prescriptionRow,
  readyPrescription,
  realVerifier,
  rxPatient,
} from "./prescription-fixtures";

const db = () => testDb();
const outboxOf = (prescriptionId: string) => db().select().from(schema.rxOutbox).where(eq(schema.rxOutbox.prescriptionId, prescriptionId)).orderBy(schema.rxOutbox.createdAt);
const eventsOf = (prescriptionId: string) => db().select().from(schema.prescriptionEvent).where(eq(schema.prescriptionEvent.prescriptionId, prescriptionId)).orderBy(schema.prescriptionEvent.id);
const signInput = (patientId: string, rx: { id: string; readyVersion: number | null }[], totp: string, password = PASSWORD) => ({
  patientId,
  prescriptionIds: rx.map((r) => r.id),
  readyVersions: rx.map((r) => r.readyVersion!),
  password,
  totp,
  idempotencyKey: key(),
});

describe("the EPCS signing ceremony (21 CFR 1311.140; DOMAIN.md §2, §5.1)", () => {
  it("lists one patient's ready prescriptions with every 1306.05 element and the statement verbatim; password AND a fresh TOTP sign; bytes, hash, signature, event, NewRx outbox row and audit in one transaction", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    // The patient's sex as on their ID (intake, "About you") goes to the pharmacy as SCRIPT Gender.
    await db().update(schema.patient).set({ sex: "male" }).where(eq(schema.patient.id, p.patientId));
    const a = await readyPrescription(w, p);
    const b = await readyPrescription(w, p, { unitsPerSession: 1, quantity: 2 });
    expect(a.status).toBe("pending_signature");

    const list = await w.prescriber.caller.prescription.readyForSigning({ patientId: p.patientId });
    expect(list.statement).toBe(EPCS_SIGNING_STATEMENT);
    expect(list.statement).toBe(
      "By completing the two-factor authentication protocol at this time, you are legally signing the prescription(s) and authorizing the transmission of the above information to the pharmacy for dispensing. The two-factor authentication protocol may only be completed by the practitioner whose name and DEA registration number appear above.",
    );
    expect(list.prescriptions.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    const shown = list.prescriptions.find((x) => x.id === a.id)!;
    expect(shown).toMatchObject({ changedSinceReady: false, blocking: [], readyVersion: a.readyVersion });
    // 1306.05(a): patient name and address; drug, strength, form, quantity; directions; practitioner name, address, DEA number; date.
    expect(shown.content).toMatchObject({
      writtenDate: clinicDay(),
      patient: { fullName: expect.stringContaining("Pat "), sex: "male", address: { line1: "12 Test Street", city: "Denver", state: "CO", postalCode: "80202" } },
      prescriber: { fullName: w.prescriber.user.name, npi: "1234567893", dea: { number: DEA_CO, state: "CO" }, address: { line1: "1 Clinic Way" } },
      medication: { drugName: "Ketamine HCl", strength: { value: 100, unit: "mg" }, dosageForm: "troche", drugDescription: "Ketamine HCl 100 mg sublingual troche, compounded", deaScheduleCode: "C48676", quantityUnitCode: "C48548" },
      quantity: { value: 4, unit: "troche" },
      daysSupply: 14,
      refills: 0,
      sig: expect.stringMatching(/^Dissolve 2 troches \(100 mg each\)/),
      pharmacy: { ncpdpId: "7654321" },
      basisVisit: { attestedState: "CO", modality: "audio_video" },
    });

    const signed = await w.prescriber.caller.prescription.sign(signInput(p.patientId, [a, b], await w.prescriber.code()));
    expect(signed.signed.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());

    const row = await prescriptionRow(a.id);
    expect(row).toMatchObject({ status: "signed", signedByUserId: w.prescriber.user.id, writtenDate: clinicDay(), signingKeyId: rxSigner().keyId });
    // The stored bytes are the canonical content, their SHA-256 is stored, and the server's Ed25519 signature verifies.
    expect(row.signedSha256).toBe(sha256Hex(row.signedBytes!));
    expect(rxSigner().verify(row.signedBytes!, row.serverSignature!)).toBe(true);
    const content = ZSignedPrescriptionContent.parse(JSON.parse(row.signedBytes!));
    expect(content).toMatchObject({ prescriptionId: a.id, writtenDate: clinicDay(), decision: { id: p.decision.id, evidenceSha256: p.decision.evidenceSha256 }, lastFillDate: expect.any(String) });
    expect(content.lastFillDate > content.writtenDate).toBe(true);

    // DOMAIN.md §5.3: the NewRx outbox row with the signed bytes and its delivery job rode the signing transaction.
    const [message] = await outboxOf(a.id);
    expect(message).toMatchObject({ type: "NewRx", status: "pending", toNcpdpId: "7654321", payload: row.signedBytes, messageId: signed.signed.find((s) => s.id === a.id)!.messageId });
    // The transmission edge renders SCRIPT from exactly these bytes (1311.170: no content change in transit).
    const xml = renderOutbound(message!.payload, { messageId: message!.messageId, type: "NewRx", toNcpdpId: message!.toNcpdpId, createdAt: message!.createdAt, relatesToMessageId: null });
    for (const part of [DEA_CO, a.id, "Ketamine HCl 100 mg sublingual troche, compounded", "C48676", message!.messageId, "<Gender>M</Gender>"]) expect(xml).toContain(part);
    const jobs = await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'rx.deliver' and data->>'messageId' = ${message!.messageId}`);
    expect(jobs[0]!.n).toBe(1);
    expect((await eventsOf(a.id)).map((e) => [e.fromStatus, e.toStatus, e.event])).toEqual([
      [null, "draft", "create"],
      ["draft", "pending_signature", "mark_ready"],
      ["pending_signature", "signed", "sign"],
    ]);
    const audit = await auditRows(a.id, "epcs.rx.sign");
    expect(audit.map((x) => [x.outcome, x.actorUserId])).toEqual([["success", w.prescriber.user.id]]);
    expect(audit[0]!.detail).toMatchObject({ sha256: row.signedSha256, messageId: message!.messageId, factors: ["password", "totp"] });

    // The database refuses any change of a signed prescription's content, whoever asks.
    await expect(db().execute(sql`update prescription set quantity = 40 where id = ${a.id}`)).rejects.toThrow();
    // Nothing left to sign; the patient sees it in plain words.
    expect((await w.prescriber.caller.prescription.readyForSigning({ patientId: p.patientId })).prescriptions).toEqual([]);
    const mine = await p.patient.caller.prescription.mine();
    expect(mine.items.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
    expect(mine.items.find((i) => i.id === a.id)).toMatchObject({
      status: "signed",
      medication: "Ketamine HCl 100 mg sublingual troche, compounded",
      quantity: "4 troches",
      refills: 0,
      pharmacy: { name: "Test Compounding Pharmacy", address: "9 Mortar Street, Denver, CO 80204" },
      directions: expect.stringMatching(/^Dissolve 2 troches/),
    });
  });

  it("a retry with the same key returns what was signed, without a second signature or message", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    const input = signInput(p.patientId, [a], await w.prescriber.code());
    const first = await w.prescriber.caller.prescription.sign(input);
    // The same code again, as a network retry would send it: the stored result, not a replay refusal.
    expect(await w.prescriber.caller.prescription.sign(input)).toEqual(first);
    expect(await outboxOf(a.id)).toHaveLength(1);
    expect(await auditRows(a.id, "epcs.rx.sign")).toHaveLength(1);
    // The key names that request only.
    expect(await refusalOf(w.prescriber.caller.prescription.sign({ ...input, readyVersions: [a.readyVersion! + 1] }))).toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a wrong TOTP code or a wrong password (both factors, 1311.115), audited as denied; nothing is signed", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    const code = await w.prescriber.code();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(await refusalOf(w.prescriber.caller.prescription.sign(signInput(p.patientId, [a], wrong)))).toMatchObject({ code: "PRECONDITION_FAILED", message: "That code is not right, or it has expired." });
    expect(await refusalOf(w.prescriber.caller.prescription.sign(signInput(p.patientId, [a], code, "not-the-password-1")))).toMatchObject({ code: "PRECONDITION_FAILED", message: "That password is not right." });
    expect((await prescriptionRow(a.id)).status).toBe("pending_signature");
    expect(await outboxOf(a.id)).toEqual([]);
    expect((await auditRows(a.id, "epcs.rx.sign")).map((x) => [x.outcome, (x.detail as { reason: string; failed: string[] }).reason, (x.detail as { failed: string[] }).failed])).toEqual([
      ["denied", "two_factor_failed", ["totp"]],
      ["denied", "two_factor_failed", ["password"]],
    ]);
    // The right pair still signs (the failures so far stay under the lockout threshold and are cleared).
    await w.prescriber.caller.prescription.sign(signInput(p.patientId, [a], code));
    expect((await prescriptionRow(a.id)).status).toBe("signed");
  });

  it("wrong answers count toward the account lockout like any re-authentication", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    for (let i = 0; i < 3; i++) await refusalOf(w.prescriber.caller.prescription.sign(signInput(p.patientId, [a], await w.prescriber.code(), "not-the-password-1")));
    // Locked (test threshold 3): even the right pair is refused unchecked.
    expect(await refusalOf(w.prescriber.caller.prescription.sign(signInput(p.patientId, [a], await w.prescriber.code())))).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/locked/) });
    const lockouts = await db()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, w.prescriber.user.id), eq(schema.auditEvent.action, "auth.locked_out")));
    expect(lockouts.map((r) => r.detail)).toEqual([{ during: "epcs.rx.sign" }]);
    expect((await prescriptionRow(a.id)).status).toBe("pending_signature");
  });

  it("a TOTP code is accepted once: the same step again is refused and audited epcs.totp.replay", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    const b = await readyPrescription(w, p);
    const code = await w.prescriber.code();
    await w.prescriber.caller.prescription.sign(signInput(p.patientId, [a], code));
    const replayed = await refusalOf(w.prescriber.caller.prescription.sign(signInput(p.patientId, [b], code)));
    expect(replayed).toMatchObject({ code: "PRECONDITION_FAILED", message: "This code was already used. Wait for the next code from your authenticator app." });
    expect((await prescriptionRow(b.id)).status).toBe("pending_signature");
    const replays = await db()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, w.prescriber.user.id), eq(schema.auditEvent.action, "epcs.totp.replay")));
    expect(replays.map((r) => [r.outcome, r.patientId])).toEqual([["denied", p.patientId]]);
    expect((await auditRows(b.id, "epcs.rx.sign")).map((x) => [x.outcome, (x.detail as { reason: string }).reason])).toEqual([["denied", "totp_replay"]]);
    // The next step's code signs.
    await w.prescriber.caller.prescription.sign(signInput(p.patientId, [b], await w.prescriber.code(1)));
    expect((await prescriptionRow(b.id)).status).toBe("signed");
  });

  it("only the named prescriber signs (1311.135): another prescriber of the care team is refused, audited", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    const other = await enrolledStaff(w.clinic.id, ["prescriber"]);
    await db().insert(schema.careTeamMember).values({ clinicId: w.clinic.id, patientId: p.patientId, userId: other.user.id, role: "prescriber" });
    // Their ceremony does not list it.
    expect((await other.caller.prescription.readyForSigning({ patientId: p.patientId })).prescriptions).toEqual([]);
    const refused = await refusalOf(other.caller.prescription.sign(signInput(p.patientId, [a], await other.code())));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/named on a prescription/) });
    expect((await prescriptionRow(a.id)).status).toBe("pending_signature");
    expect((await auditRows(a.id, "epcs.rx.sign")).map((x) => [x.outcome, x.actorUserId, (x.detail as { reason: string }).reason])).toEqual([["denied", other.user.id, "not_named_prescriber"]]);
    // A prescriber not assigned to the patient does not even learn it exists.
    const stranger = await enrolledStaff(w.clinic.id, ["prescriber"]);
    expect(await refusalOf(stranger.caller.prescription.sign(signInput(p.patientId, [a], await stranger.code())))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("one patient per ceremony (1311.140(a)(1)): a prescription of a second patient in the list refuses the whole signing", async () => {
    const w = await prescribingClinic();
    const p1 = await rxPatient(w);
    const p2 = await rxPatient(w);
    const a = await readyPrescription(w, p1);
    const b = await readyPrescription(w, p2);
    const refused = await refusalOf(w.prescriber.caller.prescription.sign({ ...signInput(p1.patientId, [a, b], await w.prescriber.code()) }));
    expect(refused).toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/one patient at a time/) });
    expect([(await prescriptionRow(a.id)).status, (await prescriptionRow(b.id)).status]).toEqual(["pending_signature", "pending_signature"]);
    expect((await auditRows(b.id, "epcs.rx.sign")).map((x) => [x.outcome, (x.detail as { reason: string }).reason])).toEqual([["denied", "not_this_patient"]]);
    // Another clinic's prescription is as unknown.
    const other = await prescribingClinic();
    const op = await rxPatient(other);
    const c = await readyPrescription(other, op);
    expect(await refusalOf(w.prescriber.caller.prescription.sign(signInput(p1.patientId, [a, c], await w.prescriber.code())))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("content changed after it was marked ready (here: the formulary entry) sends it back to draft and refuses the signing, naming it", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    const b = await readyPrescription(w, p);
    // An admin edits the entry the prescriptions snapshot (hold time): what the ceremony would sign differs from what was marked ready.
    await db().update(schema.formularyEntry).set({ holdMinutes: 20, version: 2 }).where(eq(schema.formularyEntry.id, w.entry.id));
    expect((await w.prescriber.caller.prescription.readyForSigning({ patientId: p.patientId })).prescriptions.map((x) => x.changedSinceReady)).toEqual([true, true]);
    const refused = await refusalOf(w.prescriber.caller.prescription.sign(signInput(p.patientId, [a, b], await w.prescriber.code())));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/changed after being marked ready, so nothing was signed: .*Ketamine HCl 100 mg sublingual troche, compounded/);
    expect(refused.reasons.join(" ")).toContain(a.id);
    for (const id of [a.id, b.id]) {
      const row = await prescriptionRow(id);
      expect(row).toMatchObject({ status: "draft", readyVersion: null, readyContentSha256: null, signedAt: null });
      expect((await eventsOf(id)).at(-1)).toMatchObject({ fromStatus: "pending_signature", toStatus: "draft", event: "edit", detail: { reason: "content_changed_after_ready" } });
      expect((await auditRows(id, "epcs.rx.sign")).map((x) => [x.outcome, (x.detail as { reason: string }).reason])).toEqual([["denied", "content_changed_after_ready"]]);
    }
    expect(await outboxOf(a.id)).toEqual([]);
    // Marked ready again (the new hold time in its sig), it signs.
    const again = await w.prescriber.caller.prescription.markReady({ id: a.id, version: (await prescriptionRow(a.id)).version });
    expect(again.prescription.sig).toContain("for 20 minutes");
    await w.prescriber.caller.prescription.sign(signInput(p.patientId, [again.prescription], await w.prescriber.code(1)));
    expect((await prescriptionRow(a.id)).status).toBe("signed");
  });

  it("an edit through updateDraft sends a prescription waiting for signature back to draft; a stale ready version is refused", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    const edited = await w.prescriber.caller.prescription.updateDraft({ id: a.id, version: a.version, substitutionsAllowed: false, noteToPharmacy: "Please ship overnight." });
    expect(edited.prescription).toMatchObject({ status: "draft", version: a.version + 1, readyVersion: null });
    expect(await refusalOf(w.prescriber.caller.prescription.sign(signInput(p.patientId, [a], await w.prescriber.code())))).toMatchObject({ code: "CONFLICT" });
    const ready = await w.prescriber.caller.prescription.markReady({ id: a.id, version: edited.prescription.version });
    expect(await refusalOf(w.prescriber.caller.prescription.sign(signInput(p.patientId, [{ id: a.id, readyVersion: a.readyVersion }], await w.prescriber.code(1))))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/changed since you opened it/) });
    await w.prescriber.caller.prescription.sign(signInput(p.patientId, [ready.prescription], await w.prescriber.code(1)));
    expect((await prescriptionRow(a.id)).noteToPharmacy).toBe("Please ship overnight.");
  });

  it("every hard block is re-run at signing with the server's clock: an expired DEA registration (RX12) and a revoked EPCS permission (RX14) refuse it and send it back to draft", async () => {
    // The registration is valid through today (clinic calendar) and expires tomorrow.
    const w = await prescribingClinic({ settings: { pdmpMaxAgeHours: 72 } });
    await db().update(schema.prescriberDeaRegistration).set({ expiresOn: clinicDay() }).where(eq(schema.prescriberDeaRegistration.id, w.dea.id));
    await db().update(schema.prescriberDeaRegistration).set({ verifiedAt: new Date(), verifiedByUserId: w.admin.user.id }).where(eq(schema.prescriberDeaRegistration.id, w.dea.id));
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    const actor = actorOf(w.prescriber, w.clinic.id, ["provider", "prescriber"]);
    const tomorrow = new Date(Date.now() + 26 * 3_600_000);
    const refused = await signPrescriptions(db(), realVerifier, actor, w.clinic.id, signInput(p.patientId, [a], await w.prescriber.code()), tomorrow).then(
      () => null,
      (e: { code: string; reasons?: string[] }) => e,
    );
    expect(refused).toMatchObject({ code: "RULE_FAILED" });
    expect(refused!.reasons!.join("\n")).toMatch(/^RX12: DEA registration AB1234563 cannot be used: it expired on/m);
    // No longer passing its hard blocks, it is no longer ready: back to draft, committed with its event and the denial.
    const afterExpiry = await prescriptionRow(a.id);
    expect(afterExpiry).toMatchObject({ status: "draft", version: a.version + 1, readyVersion: null, readyContentSha256: null });
    const back = await db().select().from(schema.prescriptionEvent).where(eq(schema.prescriptionEvent.prescriptionId, a.id)).orderBy(asc(schema.prescriptionEvent.id));
    expect(back.at(-1)).toMatchObject({ fromStatus: "pending_signature", toStatus: "draft", event: "edit", detail: { reason: "hard_blocks_at_signing", rules: ["RX12"] } });

    // Today it is still valid: ready again, but the EPCS permission is revoked (two people) before signing.
    const again = await w.prescriber.caller.prescription.markReady({ id: a.id, version: afterExpiry.version });
    await epcsChange(w.clinic.id, w.prescriber.user.id, "revoke", w.admin.user.id, w.approver.user.id);
    const revoked = await refusalOf(w.prescriber.caller.prescription.sign(signInput(p.patientId, [again.prescription], await w.prescriber.code(1))));
    expect(revoked).toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringMatching(/back in draft/) });
    expect(revoked.reasons).toEqual([expect.stringMatching(/^RX14: The prescriber's permission to sign controlled-substance prescriptions was revoked/)]);
    expect((await prescriptionRow(a.id)).status).toBe("draft");
    expect((await auditRows(a.id, "epcs.rx.sign")).map((x) => [x.outcome, (x.detail as { rules?: string[] }).rules])).toEqual([
      ["denied", ["RX12"]],
      ["denied", ["RX14"]],
    ]);
  });

  it("without an EPCS permission nothing can be marked ready or signed (RX14)", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const other = await enrolledStaff(w.clinic.id, ["prescriber"]);
    await db().insert(schema.careTeamMember).values({ clinicId: w.clinic.id, patientId: p.patientId, userId: other.user.id, role: "prescriber" });
    await credentialPrescriber(w.clinic.id, other.user.id, w.admin.user.id, w.approver.user.id, { grant: false });
    const draft = await other.caller.prescription.createDraft({ ...passingDraft(w, p), prescriberUserId: other.user.id });
    expect(draft.check.findings.find((f) => f.ruleId === "RX14")).toMatchObject({ passed: false, message: expect.stringMatching(/no permission/) });
    const refused = await refusalOf(other.caller.prescription.markReady({ id: draft.prescription.id, version: draft.prescription.version }));
    expect(refused.code).toBe("UNPROCESSABLE_CONTENT");
    expect(refused.reasons).toEqual([expect.stringMatching(/^RX14:/)]);
  });
});

describe("cancel (DOMAIN.md §2 transmitted|acknowledged -> cancel_requested, CancelRx through the outbox)", () => {
  it("the issuing prescriber cancels a transmitted prescription: cancel_requested, CancelRx with the signed bytes, in one transaction; others are refused", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    await w.prescriber.caller.prescription.sign(signInput(p.patientId, [a], await w.prescriber.code()));
    // Not yet at the pharmacy: nothing to cancel there yet.
    expect(await refusalOf(w.prescriber.caller.prescription.cancel({ id: a.id, reason: "Dose to be changed." }))).toMatchObject({ code: "CONFLICT" });
    // The relay's first send (transmission is tested on its own).
    await db().update(schema.prescription).set({ status: "transmitted", transmittedAt: new Date() }).where(eq(schema.prescription.id, a.id));

    const other = await enrolledStaff(w.clinic.id, ["prescriber"]);
    await db().insert(schema.careTeamMember).values({ clinicId: w.clinic.id, patientId: p.patientId, userId: other.user.id, role: "prescriber" });
    expect(await refusalOf(other.caller.prescription.cancel({ id: a.id, reason: "Not mine to cancel." }))).toMatchObject({ code: "FORBIDDEN" });

    const cancelled = await w.prescriber.caller.prescription.cancel({ id: a.id, reason: "Dose to be changed." });
    expect(cancelled).toMatchObject({ status: "cancel_requested", cancelRequestedReason: "Dose to be changed.", cancelRequestedAt: expect.any(Date) });
    const messages = await outboxOf(a.id);
    const row = await prescriptionRow(a.id);
    expect(messages.map((m) => [m.type, m.status, m.payload === row.signedBytes])).toEqual([
      ["NewRx", "pending", true],
      ["CancelRx", "pending", true],
    ]);
    expect((await eventsOf(a.id)).at(-1)).toMatchObject({ fromStatus: "transmitted", toStatus: "cancel_requested", event: "request_cancel" });
    expect((await auditRows(a.id, "epcs.rx.cancel")).map((x) => [x.outcome, x.actorUserId])).toEqual([
      ["denied", other.user.id],
      ["success", w.prescriber.user.id],
    ]);
    // Once is enough: a second cancel is refused, no second CancelRx.
    expect(await refusalOf(w.prescriber.caller.prescription.cancel({ id: a.id, reason: "Again." }))).toMatchObject({ code: "CONFLICT" });
    expect(await outboxOf(a.id)).toHaveLength(2);
    expect((await p.patient.caller.prescription.mine()).items[0]).toMatchObject({ status: "cancel_requested", statusText: "Being cancelled" });
  });
});
