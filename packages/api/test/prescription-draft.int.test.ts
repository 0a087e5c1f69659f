import { schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { checkDraft } from "../src/services/prescription/draft";
import { signPrescriptions } from "../src/services/prescription/sign";
import { evaluated, key, refusalOf } from "./decision-fixtures";
import { staffSession, testDb } from "./harness";
import { actorOf, auditRows, passingDraft, prescribingClinic, prescriptionRow, readyPrescription, realVerifier, rxPatient } from "./prescription-fixtures";

const db = () => testDb();
const DAY_MS = 86_400_000;
/** Noon in Denver (the clinic's zone) on a calendar day. */
const noonDenver = (day: string) => new Date(`${day}T19:00:00Z`);
const finding = (check: { findings: { ruleId: string; passed: boolean; message: string; severity: string }[] }, ruleId: string) => check.findings.find((f) => f.ruleId === ruleId)!;

describe("drafting (DOMAIN.md §2 Prescription 'create': current eligible_at_home decision and a linked audio-video visit)", () => {
  it("creates a draft naming the prescriber, with the clinic's default refills, the quantity until the follow-up, the flexibility as legal basis and the sig rendered; a retry returns it", async () => {
    const w = await prescribingClinic({ settings: { defaultRefills: 1, maxRefills: 3 } });
    const p = await rxPatient(w, { followUpDays: 15 });
    const input = { patientId: p.patientId, idempotencyKey: key(), basisAppointmentId: p.appointmentId, formularyEntryId: w.entry.id, pharmacyId: w.pharmacy.id, unitsPerSession: 2, daysBetweenSessions: 7 };
    const created = await w.prescriber.caller.prescription.createDraft(input);
    expect(created.prescription).toMatchObject({
      status: "draft",
      version: 1,
      prescriber: { userId: w.prescriber.user.id },
      createdBy: { userId: w.prescriber.user.id },
      decisionId: p.decision.id,
      noteId: p.noteId,
      refills: 1,
      // Follow-up in 15 days, a session every 7: 3 sessions fit (today, +7, +14), 2 troches each.
      quantity: 6,
      legalBasis: { kind: "temporary_flexibility", validUntil: "2026-12-31" },
      sig: "Dissolve 2 troches (100 mg each), 1 at a time, under the tongue for 15 minutes without swallowing, then spit out what remains. Total 200 mg per session. Use only on scheduled session days, with your support person present. No more than 1 session every 7 days.",
      drugDescription: "Ketamine HCl 100 mg sublingual troche, compounded",
      pharmacyName: "Test Compounding Pharmacy",
    });
    // The whole checklist, in rule order; refills 1 of a 6-month window passes; nothing blocks.
    expect(created.check.findings.map((f) => f.ruleId)).toEqual(Array.from({ length: 19 }, (_, i) => `RX${String(i + 1).padStart(2, "0")}`));
    expect(created.check.ok).toBe(true);
    expect(created.check).toMatchObject({ deaRegistrationId: w.dea.id, figures: { daysSupply: 21, sessionsPerFill: 3, doseMgPerSession: 200 } });

    expect(await w.prescriber.caller.prescription.createDraft(input)).toMatchObject({ prescription: { id: created.prescription.id, version: 1 } });
    expect(await db().select().from(schema.prescription).where(eq(schema.prescription.patientId, p.patientId))).toHaveLength(1);
    const other = await rxPatient(w);
    expect(await refusalOf(w.prescriber.caller.prescription.createDraft({ ...input, patientId: other.patientId, basisAppointmentId: other.appointmentId }))).toMatchObject({ code: "CONFLICT" });
    expect((await auditRows(created.prescription.id, "prescription.draft")).map((a) => (a.detail as { event: string }).event)).toEqual(["create"]);
    expect(await db().select().from(schema.prescriptionEvent).where(eq(schema.prescriptionEvent.prescriptionId, created.prescription.id))).toMatchObject([{ fromStatus: null, toStatus: "draft", event: "create" }]);
  });

  it("refuses a draft without a current at-home decision (RX10) or an audio-video basis visit (RX13)", async () => {
    const w = await prescribingClinic();
    // Evaluated by the prescriber but no decision recorded yet.
    const e = await evaluated(w.clinic.id, w.prescriber);
    await db().update(schema.visit).set({ modality: "audio_video" }).where(eq(schema.visit.appointmentId, e.appointmentId));
    const noDecision = await refusalOf(w.prescriber.caller.prescription.createDraft({ ...passingDraft(w, e) }));
    expect(noDecision).toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    expect(noDecision.reasons).toEqual([expect.stringMatching(/^RX10: There is no eligibility decision/)]);

    const p = await rxPatient(w);
    await db().update(schema.visit).set({ modality: "audio_only" }).where(eq(schema.visit.appointmentId, p.appointmentId));
    const audioOnly = await refusalOf(w.prescriber.caller.prescription.createDraft(passingDraft(w, p)));
    expect(audioOnly.reasons).toEqual([expect.stringMatching(/^RX13: The basis visit was not an audio-video visit/)]);
    expect(await db().select().from(schema.prescription).where(eq(schema.prescription.clinicId, w.clinic.id))).toEqual([]);
  });

  it("the live check writes nothing and says what to fix, by rule; the clinic's refill limit applies", async () => {
    const w = await prescribingClinic({ settings: { maxRefills: 2 } });
    const p = await rxPatient(w);
    const base = { patientId: p.patientId, basisAppointmentId: p.appointmentId, formularyEntryId: w.entry.id, pharmacyId: w.pharmacy.id, daysBetweenSessions: 7, refills: 0 };
    const tooMuch = await w.prescriber.caller.prescription.check({ ...base, unitsPerSession: 5, quantity: 10 });
    expect(finding(tooMuch, "RX05")).toMatchObject({ passed: false, message: "500 mg per session is outside the clinic's range for this formulation (100-400 mg). Change the units per session." });
    expect(tooMuch.ok).toBe(false);
    const refills = await w.prescriber.caller.prescription.check({ ...base, unitsPerSession: 2, quantity: 4, refills: 3 });
    expect(finding(refills, "RX02")).toMatchObject({ passed: false, message: expect.stringMatching(/the clinic allows at most 2/) });
    expect(await refusalOf(w.prescriber.caller.prescription.check({ ...base, unitsPerSession: 2, quantity: 4, refills: 6 }))).toMatchObject({ code: "BAD_REQUEST" });
    const fine = await w.prescriber.caller.prescription.check({ ...base, unitsPerSession: 2, quantity: 4 });
    expect(fine.ok).toBe(true);
    expect(await db().select().from(schema.prescription).where(eq(schema.prescription.clinicId, w.clinic.id))).toEqual([]);
    expect((await auditRows(p.patientId, "prescription.check")).length).toBe(3);
  });

  it("a provider may prepare a draft naming the prescriber where the clinic allows it, never sign it; with the setting off they are refused", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const provider = await staffSession(w.clinic.id, ["provider"]);
    await db().insert(schema.careTeamMember).values({ clinicId: w.clinic.id, patientId: p.patientId, userId: provider.user.id, role: "primary_provider" });
    // A provider must name who signs (1311.135), and it must be a prescriber among the patient's clinicians.
    expect(await refusalOf(provider.caller.prescription.createDraft({ ...passingDraft(w, p), prescriberUserId: undefined }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusalOf(provider.caller.prescription.createDraft({ ...passingDraft(w, p), prescriberUserId: provider.user.id }))).toMatchObject({ code: "BAD_REQUEST" });
    const draft = await provider.caller.prescription.createDraft(passingDraft(w, p));
    expect(draft.prescription).toMatchObject({ prescriber: { userId: w.prescriber.user.id }, createdBy: { userId: provider.user.id } });
    const ready = await provider.caller.prescription.markReady({ id: draft.prescription.id, version: 1 });
    expect(ready.prescription.status).toBe("pending_signature");
    // The named prescriber's ceremony lists it.
    expect((await w.prescriber.caller.prescription.readyForSigning({ patientId: p.patientId })).prescriptions.map((x) => x.id)).toEqual([draft.prescription.id]);

    await db().update(schema.clinicPrescribingSettings).set({ allowProviderDrafts: false }).where(eq(schema.clinicPrescribingSettings.clinicId, w.clinic.id));
    const off = await refusalOf(provider.caller.prescription.createDraft(passingDraft(w, p)));
    expect(off).toMatchObject({ code: "FORBIDDEN", message: "In this clinic only prescribers prepare prescriptions." });
    expect(await refusalOf(provider.caller.prescription.void({ id: draft.prescription.id, reason: "Not needed." }))).toMatchObject({ code: "FORBIDDEN" });
    const denials = await db()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, provider.user.id), eq(schema.auditEvent.outcome, "denied")))
      .orderBy(schema.auditEvent.id);
    expect(denials.map((d) => [d.action, (d.detail as { reason: string }).reason])).toEqual([
      ["prescription.draft", "provider_drafts_off"],
      ["prescription.void", "provider_drafts_off"],
    ]);
    // A prescriber still drafts.
    expect((await w.prescriber.caller.prescription.createDraft(passingDraft(w, p))).prescription.status).toBe("draft");
  });

  it("voids a draft or a prescription waiting for signature, never a signed one; backToDraft reopens a ready one", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    const back = await w.prescriber.caller.prescription.backToDraft({ id: a.id });
    expect(back).toMatchObject({ status: "draft", version: a.version + 1, readyVersion: null });
    expect(await refusalOf(w.prescriber.caller.prescription.backToDraft({ id: a.id }))).toMatchObject({ code: "CONFLICT" });
    const voided = await w.prescriber.caller.prescription.void({ id: a.id, reason: "Patient prefers to wait." });
    expect(voided).toMatchObject({ status: "voided", voidedReason: "Patient prefers to wait." });
    expect(await refusalOf(w.prescriber.caller.prescription.updateDraft({ id: a.id, version: voided.version, refills: 1 }))).toMatchObject({ code: "CONFLICT" });
    // Stale version.
    const b = await w.prescriber.caller.prescription.createDraft(passingDraft(w, p));
    await w.prescriber.caller.prescription.updateDraft({ id: b.prescription.id, version: 1, refills: 1 });
    expect(await refusalOf(w.prescriber.caller.prescription.updateDraft({ id: b.prescription.id, version: 1, refills: 0 }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/changed since you opened it/) });
  });
});

describe("PDMP (DOMAIN.md §4.3, §4.5; RX17)", () => {
  it("required and missing blocks marking ready; the unavailable path records attempts and limits the supply to 7 days; a reviewed check passes", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w, { pdmp: false });
    const draft = await w.prescriber.caller.prescription.createDraft(passingDraft(w, p));
    expect(finding(draft.check, "RX17")).toMatchObject({ passed: false, severity: "block", message: "Check the CO PDMP and record the result." });
    const missing = await refusalOf(w.prescriber.caller.prescription.markReady({ id: draft.prescription.id, version: 1 }));
    expect(missing).toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    expect(missing.reasons).toEqual([expect.stringMatching(/^RX17:/)]);

    // Unavailable: the attempts recorded (time, reason, who); future times refused.
    expect(
      await refusalOf(w.prescriber.caller.prescription.recordPdmp({ patientId: p.patientId, state: "CO", result: "unavailable", attempts: [{ at: new Date(Date.now() + DAY_MS), reason: "Portal down" }] })),
    ).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusalOf(w.prescriber.caller.prescription.recordPdmp({ patientId: p.patientId, state: "CO", result: "unavailable" }))).toMatchObject({ code: "BAD_REQUEST" });
    const unavailable = await w.prescriber.caller.prescription.recordPdmp({
      patientId: p.patientId,
      state: "CO",
      result: "unavailable",
      attempts: [{ at: new Date(Date.now() - 600_000), reason: "State PDMP portal returned an outage page." }],
      idempotencyKey: key(),
    });
    expect(unavailable).toMatchObject({ result: "unavailable", state: "CO", checkedBy: { userId: w.prescriber.user.id }, attempts: [{ reason: "State PDMP portal returned an outage page.", by: w.prescriber.user.id }] });
    const limited = await w.prescriber.caller.prescription.check({ patientId: p.patientId, id: draft.prescription.id });
    expect(finding(limited, "RX17")).toMatchObject({ passed: false, message: expect.stringMatching(/limited to 7 days; this prescription covers 14 days/) });
    // One session (7 days): within the limit, it can be marked ready.
    const one = await w.prescriber.caller.prescription.updateDraft({ id: draft.prescription.id, version: 1, quantity: 2 });
    expect(finding(one.check, "RX17")).toMatchObject({ passed: true });
    const ready = await w.prescriber.caller.prescription.markReady({ id: draft.prescription.id, version: 2 });
    expect(ready.prescription.pdmpCheckId).toBe(unavailable.id);

    // Append-only: a reviewed check is a new row; the database refuses to change the old one.
    await w.prescriber.caller.prescription.recordPdmp({ patientId: p.patientId, state: "CO", result: "reviewed", interpretation: "Nothing concerning." });
    await expect(db().execute(sql`update pdmp_check set result = 'reviewed' where id = ${unavailable.id}`)).rejects.toThrow();
    expect((await auditRows(unavailable.id, "pdmp.record")).map((a) => a.detail)).toEqual([{ state: "CO", result: "unavailable", attempts: 1 }]);
  });

  it("where the clinic does not require a PDMP check for the state it is recorded, not blocking", async () => {
    const w = await prescribingClinic({ settings: { pdmpRequiredByState: { CO: false } } });
    const p = await rxPatient(w, { pdmp: false });
    const draft = await w.prescriber.caller.prescription.createDraft(passingDraft(w, p));
    expect(finding(draft.check, "RX17")).toMatchObject({ passed: false, severity: "record" });
    expect(draft.check.ok).toBe(true);
    expect((await w.prescriber.caller.prescription.markReady({ id: draft.prescription.id, version: 1 })).prescription.status).toBe("pending_signature");
  });
});

describe("legal basis (DOMAIN.md §4.4; RX16): the flexibility fails closed from 2027-01-01 unless the configuration changes", () => {
  it("checked and signed with the server's clock: 2026-12-31 passes, 2027-01-01 refuses; a prior in-person evaluation still passes", async () => {
    // PDMP not required here: a check from today is not 24 hours fresh a month ahead.
    const w = await prescribingClinic({ settings: { pdmpRequiredByState: { CO: false } } });
    const p = await rxPatient(w, { followUpDays: 60 });
    const a = await readyPrescription(w, p);
    const actor = actorOf(w.prescriber, w.clinic.id, ["provider", "prescriber"]);
    const at = async (day: string) => finding(await checkDraft(db(), actor, w.clinic.id, { patientId: p.patientId, id: a.id }, noonDenver(day)), "RX16");
    expect(await at("2026-12-31")).toMatchObject({ passed: true });
    expect(await at("2027-01-01")).toMatchObject({ passed: false, message: "The telemedicine flexibility ended on 2026-12-31. A prior in-person evaluation is now required: record it as the legal basis." });

    const sign = (day: string, code: string, readyVersion: number) =>
      signPrescriptions(db(), realVerifier, actor, w.clinic.id, { patientId: p.patientId, prescriptionIds: [a.id], readyVersions: [readyVersion], password: "correct-horse-battery-9", totp: code, idempotencyKey: key() }, noonDenver(day));
    const refused = await sign("2027-01-01", await w.prescriber.code(), a.readyVersion!).then(
      () => null,
      (e: { code: string; reasons?: string[] }) => e,
    );
    expect(refused).toMatchObject({ code: "RULE_FAILED" });
    expect(refused!.reasons).toEqual([expect.stringMatching(/^RX16: The telemedicine flexibility ended on 2026-12-31/)]);
    // No longer passing its checks, it is no longer ready: back to draft; marked ready again today, it signs on the 31st.
    const back = await prescriptionRow(a.id);
    expect(back.status).toBe("draft");
    const again = await w.prescriber.caller.prescription.markReady({ id: a.id, version: back.version });
    const signed = await sign("2026-12-31", await w.prescriber.code(1), again.prescription.readyVersion!);
    expect(signed.signed[0]).toMatchObject({ id: a.id, writtenDate: "2026-12-31" });

    // With a prior in-person evaluation recorded as the basis, 2027 passes.
    const b = await w.prescriber.caller.prescription.createDraft({ ...passingDraft(w, p), legalBasis: { kind: "prior_in_person_eval", date: "2026-10-01", practitioner: "Dr. Sam Example" } });
    expect(finding(await checkDraft(db(), actor, w.clinic.id, { patientId: p.patientId, id: b.prescription.id }, noonDenver("2027-01-01")), "RX16")).toMatchObject({ passed: true });
  });

  it("a clinic whose configuration names no flexibility fails closed at once", async () => {
    const w = await prescribingClinic({ settings: { flexibilityValidUntil: null } });
    const p = await rxPatient(w);
    const draft = await w.prescriber.caller.prescription.createDraft(passingDraft(w, p));
    expect(draft.prescription.legalBasis).toBeNull();
    expect(finding(draft.check, "RX16")).toMatchObject({ passed: false, message: expect.stringMatching(/^Choose the legal basis/) });
  });
});

describe("who sees prescriptions (DOMAIN.md §1)", () => {
  it("the patient sees only their own signed prescriptions in plain words; drafts are not shown", async () => {
    const w = await prescribingClinic();
    const p1 = await rxPatient(w);
    const p2 = await rxPatient(w);
    const a = await readyPrescription(w, p1);
    const b = await readyPrescription(w, p2);
    await w.prescriber.caller.prescription.createDraft(passingDraft(w, p1));
    await w.prescriber.caller.prescription.sign({ patientId: p1.patientId, prescriptionIds: [a.id], readyVersions: [a.readyVersion!], password: "correct-horse-battery-9", totp: await w.prescriber.code(), idempotencyKey: key() });
    await w.prescriber.caller.prescription.sign({ patientId: p2.patientId, prescriptionIds: [b.id], readyVersions: [b.readyVersion!], password: "correct-horse-battery-9", totp: await w.prescriber.code(1), idempotencyKey: key() });
    expect((await p1.patient.caller.prescription.mine()).items.map((i) => i.id)).toEqual([a.id]);
    expect((await p2.patient.caller.prescription.mine()).items.map((i) => i.id)).toEqual([b.id]);
    expect((await p1.patient.caller.prescription.mine()).items[0]).toMatchObject({ statusText: "Signed by your prescriber and being sent to the pharmacy", prescriberName: w.prescriber.user.name });
    expect((await auditRows(p1.patientId, "prescription.read")).some((r) => r.actorKind === "patient")).toBe(true);
  });

  it("admin and staff are refused; an unassigned clinician and another clinic get not found; the care team reads with an audit row", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    for (const roles of [["admin"], ["staff"]] as const) {
      const s = await staffSession(w.clinic.id, [...roles]);
      expect(await refusalOf(s.caller.prescription.forPatient({ patientId: p.patientId }))).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusalOf(s.caller.prescription.get({ id: a.id }))).toMatchObject({ code: "FORBIDDEN" });
    }
    const unassigned = await staffSession(w.clinic.id, ["provider", "prescriber"]);
    expect(await refusalOf(unassigned.caller.prescription.get({ id: a.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusalOf(unassigned.caller.prescription.forPatient({ patientId: p.patientId }))).toMatchObject({ code: "NOT_FOUND" });
    const elsewhere = await prescribingClinic();
    expect(await refusalOf(elsewhere.prescriber.caller.prescription.get({ id: a.id }))).toMatchObject({ code: "NOT_FOUND" });

    const got = await w.prescriber.caller.prescription.get({ id: a.id });
    expect(got.events.map((e) => [e.toStatus, e.event, e.actorName])).toEqual([
      ["draft", "create", w.prescriber.user.name],
      ["pending_signature", "mark_ready", w.prescriber.user.name],
    ]);
    expect(got.check?.ok).toBe(true);
    const list = await w.prescriber.caller.prescription.forPatient({ patientId: p.patientId });
    expect(list.items.map((i) => [i.id, i.status])).toEqual([[a.id, "pending_signature"]]);
    expect((await auditRows(a.id, "prescription.read")).filter((r) => r.outcome === "success").map((r) => r.actorUserId)).toEqual([w.prescriber.user.id]);

    // The basis visit took place an hour ago (the fixture books it ahead).
    await db()
      .update(schema.appointment)
      .set({ startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() - 600_000) })
      .where(eq(schema.appointment.id, p.appointmentId));
    const context = await w.prescriber.caller.prescription.context({ patientId: p.patientId });
    expect(context).toMatchObject({
      decision: { id: p.decision.id, inEffect: true },
      formulary: [{ id: w.entry.id, drugDescription: "Ketamine HCl 100 mg sublingual troche, compounded" }],
      pharmacies: [{ id: w.pharmacy.id, epcsCapable: true }],
      settings: { canDraft: true, defaultRefills: 0, legalBasisDefault: { kind: "temporary_flexibility", validUntil: "2026-12-31" } },
      nextFollowUp: { appointmentId: p.followUp.id },
      basisVisits: [{ appointmentId: p.appointmentId, attestedState: "CO", modality: "audio_video" }],
      latestPdmp: [{ state: "CO", result: "reviewed", checkedBy: { userId: w.prescriber.user.id } }],
    });
    expect(context.prescribers.map((x) => [x.userId, x.epcsPermission, x.totpEnrolled])).toEqual([[w.prescriber.user.id, "granted", true]]);
  });

  it("onChange pushes the patient's prescriptions again when one changes status", async () => {
    const w = await prescribingClinic();
    const p = await rxPatient(w);
    const a = await readyPrescription(w, p);
    const stream = (await w.prescriber.caller.prescription.onChange({ patientId: p.patientId }))[Symbol.asyncIterator]();
    const first = await stream.next();
    expect((first.value as { items: { status: string }[] }).items.map((i) => i.status)).toEqual(["pending_signature"]);
    await w.prescriber.caller.prescription.sign({ patientId: p.patientId, prescriptionIds: [a.id], readyVersions: [a.readyVersion!], password: "correct-horse-battery-9", totp: await w.prescriber.code(), idempotencyKey: key() });
    const next = await stream.next();
    expect((next.value as { items: { status: string }[] }).items.map((i) => i.status)).toEqual(["signed"]);
    await stream.return?.();
  });
});
