import { createHash, randomUUID } from "node:crypto";

import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { schema } from "@clearwell/db/client";
import type { TEvaluationFindings } from "@clearwell/validators/note";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { signedPayload } from "../src/services/note/canonical";
import { PASSWORD, makeClinic, makePatient, ownerDb, providerCaller, staffSession, testAuth, testDb } from "./harness";

type Session = Awaited<ReturnType<typeof staffSession>>;

const SOAP = { subjective: "Low mood for months.", objective: "Calm, engaged.", assessment: "MDD, moderate.", plan: "Proceed to eligibility decision." };

let slot = 0;

/** A patient with a submitted intake flagging E06 and E13, and an evaluation visit of `provider` with an attested location. */
async function evaluationVisit(clinicId: string, provider: Session, flags = ["E06", "E13"]) {
  const db = testDb();
  const { patient, user } = await makePatient(clinicId);
  await db.insert(schema.intake).values({
    clinicId,
    patientId: patient.id,
    version: 1,
    submittedAt: new Date(),
    screening: { flags: flags.map((ruleId) => ({ ruleId, effect: "warning", finding: "x", source: "y" })), mostRestrictive: "warning", crisisPathway: false },
  });
  // A slot of its own for each visit: one provider's appointments never overlap.
  const startsAt = new Date(Date.now() + (10 + 120 * slot++) * 60_000);
  const [appointment] = await db
    .insert(schema.appointment)
    .values({ clinicId, patientId: patient.id, providerUserId: provider.user.id, kind: "evaluation", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), patientState: "CO", patientTimezone: "America/Denver", bookedByUserId: user!.id })
    .returning();
  await db.insert(schema.visit).values({ clinicId, appointmentId: appointment!.id, patientId: patient.id, providerUserId: provider.user.id, roomName: `room-${randomUUID()}`, attestedState: "CO", attestedAt: new Date("2026-03-02T15:00:00Z") });
  return { patient, appointment: appointment! };
}

const completeFindings = (flags = ["E06", "E13"]): TEvaluationFindings => ({
  flagReview: flags.map((ruleId, i) => ({ ruleId, resolution: i === 0 ? ("refute" as const) : ("confirm" as const), comment: "Discussed." })),
  mentalStatus: { mood: "Low", affect: "Constricted", thoughtContent: "No SI today" },
  vitals: {
    bpReadings: [
      { systolic: 128, diastolic: 82, takenAt: new Date("2026-03-02T15:05:00Z"), position: "sitting", restMinutes: 5 },
      { systolic: 124, diastolic: 80, takenAt: new Date("2026-03-02T15:10:00Z"), position: "sitting", restMinutes: 10 },
    ],
    heartRate: 72,
  },
  questionnaires: { phq9: { items: [2, 2, 1, 1, 1, 1, 1, 0, 0] } },
  riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
  supportPerson: { confirmed: true, name: "Sam Tester" },
});

/** Opens the visit's draft and saves it with `findings`; returns the saved draft. */
async function draftWith(provider: Session, appointmentId: string, findings: TEvaluationFindings | undefined, sections = SOAP) {
  const draft = await provider.caller.note.openForVisit({ appointmentId });
  return provider.caller.note.saveDraft({ noteId: draft.id, sections, findings, baseUpdatedAt: draft.updatedAt });
}

async function signedEvaluation(clinicId: string, provider: Session) {
  const visit = await evaluationVisit(clinicId, provider);
  const draft = await draftWith(provider, visit.appointment.id, completeFindings());
  const signed = await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: draft.updatedAt });
  return { ...visit, noteId: draft.id, signed };
}

const noteRow = async (id: string) => (await testDb().select().from(schema.clinicalNote).where(eq(schema.clinicalNote.id, id)))[0]!;
const auditOf = (resourceId: string, action: string) =>
  testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.resourceId, resourceId), eq(schema.auditEvent.action, action)));

describe("signing a note needs re-authentication (DOMAIN.md §9 're-auth before signing')", () => {
  it("refuses a missing or wrong password, audits each refusal, counts wrong ones toward lockout, and then locks", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { appointment } = await evaluationVisit(clinic.id, provider);
    const draft = await draftWith(provider, appointment.id, completeFindings());
    const sign = (reauth?: { password: string } | { totp: string }) => provider.caller.note.sign({ noteId: draft.id, reauth, expectedVersion: draft.updatedAt });

    await expect(sign()).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(sign({ password: "not-the-password-1" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/password is not right/) });
    await expect(sign({ totp: "123456" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const [u] = await testDb().select().from(schema.user).where(eq(schema.user.id, provider.user.id));
    expect(u!.failedSignInCount).toBe(2);
    const refusals = await auditOf(draft.id, "note.sign");
    expect(refusals.map((r) => [r.outcome, (r.detail as { reason: string }).reason]).sort()).toEqual([
      ["denied", "reauth_failed"],
      ["denied", "reauth_failed"],
      ["denied", "reauth_missing"],
    ]);
    // The third wrong answer reaches the test threshold (3): locked, and then even the right password is refused.
    await expect(sign({ password: "still-not-the-password" })).rejects.toMatchObject({ message: expect.stringMatching(/locked/) });
    await expect(sign({ password: PASSWORD })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/locked/) });
    expect((await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.actorUserId, provider.user.id), eq(schema.auditEvent.action, "auth.locked_out")))).length).toBe(1);
    expect((await noteRow(draft.id)).status).toBe("draft");
  });

  it("signs with a current TOTP code of an enrolled author, and refuses a wrong one", async () => {
    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["provider"], { mfa: false });
    const auth = testAuth("provider");
    const enabled = await auth.api.enableTwoFactor({ body: { password: PASSWORD }, headers: s.headers });
    if (enabled.method !== "totp") throw new Error("expected totp");
    const otp = createOTP(new TextDecoder().decode(base32.decode(new URL(enabled.totpURI).searchParams.get("secret")!)), { digits: 6, period: 30 });
    const verified = await auth.api.verifyTOTP({ body: { code: await otp.totp() }, headers: s.headers, returnHeaders: true });
    const cookie = verified.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const headers = new Headers({ cookie, "user-agent": "vitest" });
    const provider = { ...s, headers, caller: await providerCaller(headers) };

    const { appointment } = await evaluationVisit(clinic.id, provider);
    const draft = await draftWith(provider, appointment.id, completeFindings());
    const code = await otp.totp();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    await expect(provider.caller.note.sign({ noteId: draft.id, reauth: { totp: wrong }, expectedVersion: draft.updatedAt })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const signed = await provider.caller.note.sign({ noteId: draft.id, reauth: { totp: code }, expectedVersion: draft.updatedAt });
    expect(signed.status).toBe("signed");
    expect((await auditOf(draft.id, "note.sign")).find((r) => r.outcome === "success")!.detail).toMatchObject({ reauth: "totp" });
  });
});

describe("signing an evaluation note (DOMAIN.md §2 'Clinical note', §1 'A (author)')", () => {
  it("names every missing part of an incomplete evaluation, then signs a complete one with a recomputable hash", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { appointment, patient } = await evaluationVisit(clinic.id, provider);
    // One BP reading, E13 unresolved, no risk assessment or support person, no plan.
    const partial: TEvaluationFindings = { ...completeFindings(["E06"]), vitals: { bpReadings: completeFindings().vitals!.bpReadings.slice(0, 1) }, riskAssessment: { suicideRisk: "moderate" } };
    delete partial.supportPerson;
    const draft = await draftWith(provider, appointment.id, partial, { ...SOAP, plan: " " });
    const refused = await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: draft.updatedAt }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const reasons = (refused as { cause: { reasons: string[] } }).cause.reasons;
    expect(reasons.join("\n")).toMatch(/Plan \(SOAP\)/);
    expect(reasons.join("\n")).toMatch(/Screening flag E13/);
    expect(reasons.join("\n")).not.toMatch(/Screening flag E06/);
    expect(reasons.join("\n")).toMatch(/two blood pressure readings/);
    expect(reasons.join("\n")).toMatch(/safety plan/);
    expect(reasons.join("\n")).toMatch(/misuse risk/);
    expect(reasons.join("\n")).toMatch(/suicide plan or intent/);
    expect(reasons.join("\n")).toMatch(/Support person/);
    expect(reasons).toHaveLength(7);

    // A reason instead of the second reading is accepted; a stale version is refused.
    const fixed = await provider.caller.note.saveDraft({
      noteId: draft.id,
      sections: SOAP,
      findings: { ...completeFindings(), vitals: { bpReadings: partial.vitals!.bpReadings, bpNotTakenReason: "Cuff failed on the second try." } },
      baseUpdatedAt: draft.updatedAt,
    });
    await expect(provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: draft.updatedAt })).rejects.toMatchObject({ code: "CONFLICT" });
    const signed = await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: fixed.updatedAt });
    expect(signed.status).toBe("signed");

    const row = await noteRow(draft.id);
    expect(row).toMatchObject({ status: "signed", signedByUserId: provider.user.id, contentSha256: signed.contentSha256 });
    // The location comes from the visit record, not the client.
    expect(row.findings).toMatchObject({ attestedLocation: { state: "CO", attestedAt: "2026-03-02T15:00:00.000Z" } });
    // Recompute the canonical text from the stored columns and its SHA-256.
    const recomputed = signedPayload(row, { userId: row.signedByUserId!, signedAt: row.signedAt! }, null);
    expect(recomputed).toBe(row.signedContent);
    expect(createHash("sha256").update(recomputed).digest("hex")).toBe(row.contentSha256);
    expect(JSON.parse(recomputed)).toMatchObject({ v: 1, noteId: row.id, patientId: patient.id, signerUserId: provider.user.id, content: { sections: SOAP } });

    // Signed: no more saves, signing twice or discarding.
    await expect(provider.caller.note.saveDraft({ noteId: draft.id, sections: SOAP, baseUpdatedAt: row.updatedAt })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: row.updatedAt })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(provider.caller.note.discard({ noteId: draft.id, expectedVersion: row.updatedAt })).rejects.toMatchObject({ code: "CONFLICT" });
    const audit = (await auditOf(draft.id, "note.sign")).filter((r) => r.outcome === "success");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ sha256: row.contentSha256, reauth: "password" });
  });

  it("only the author signs: a colleague assigned to the same patient cannot, even with their own password", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { appointment, patient } = await evaluationVisit(clinic.id, provider);
    const colleague = await staffSession(clinic.id, ["provider", "prescriber"]);
    await testDb().insert(schema.careTeamMember).values({ clinicId: clinic.id, patientId: patient.id, userId: colleague.user.id, role: "prescriber" });
    const draft = await draftWith(provider, appointment.id, completeFindings());
    await expect(colleague.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: draft.updatedAt })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(colleague.caller.note.discard({ noteId: draft.id, expectedVersion: draft.updatedAt })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A draft is private to its author until signed.
    await expect(colleague.caller.note.get({ noteId: draft.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await colleague.caller.note.list({ patientId: patient.id })).notes).toEqual([]);
    expect((await noteRow(draft.id)).status).toBe("draft");
    // The database refuses a signature by anyone but the author, however the row is written.
    await expect(testDb().execute(sql`update clinical_note set status = 'signed', signed_at = now(), signed_by_user_id = ${colleague.user.id}, signed_content = 'x', content_sha256 = encode(sha256('x'), 'hex') where id = ${draft.id}`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/only the author/) },
    });
    await expect(testDb().execute(sql`update clinical_note set status = 'signed', signed_at = now(), signed_by_user_id = author_user_id, signed_content = 'x', content_sha256 = 'forged' where id = ${draft.id}`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/does not match its hash/) },
    });

    await provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: draft.updatedAt });
    const listed = await colleague.caller.note.list({ patientId: patient.id });
    expect(listed.notes.map((n) => [n.id, n.status, n.signer?.userId])).toEqual([[draft.id, "signed", provider.user.id]]);
    await expect(colleague.caller.note.get({ noteId: draft.id })).resolves.toMatchObject({ sections: SOAP, status: "signed" });
    // An addendum is the author's too (DOMAIN.md §1 "Sign note / add addendum: A (author)").
    await expect(colleague.caller.note.addAddendum({ parentNoteId: draft.id, text: "Colleague's view.", reauth: { password: PASSWORD } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("addenda (DOMAIN.md §2 'addenda are separate signed records pointing at the parent')", () => {
  it("form a chain in signing order, each signed over its parent's hash; only a signed note takes one", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { noteId, patient, signed } = await signedEvaluation(clinic.id, provider);
    await expect(provider.caller.note.addAddendum({ parentNoteId: noteId, text: "Late entry." })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(provider.caller.note.addAddendum({ parentNoteId: noteId, text: "Late entry.", reauth: { password: "wrong-password-123" } })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const first = await provider.caller.note.addAddendum({ parentNoteId: noteId, text: "BP recheck by phone: 122/78.", reauth: { password: PASSWORD } });
    const second = await provider.caller.note.addAddendum({ parentNoteId: noteId, text: "Support person confirmed by phone.", reauth: { password: PASSWORD } });
    // Not onto an addendum, and not onto a draft.
    await expect(provider.caller.note.addAddendum({ parentNoteId: first.id, text: "Nested.", reauth: { password: PASSWORD } })).rejects.toMatchObject({ code: "CONFLICT" });
    const other = await evaluationVisit(clinic.id, provider);
    const draft = await provider.caller.note.openForVisit({ appointmentId: other.appointment.id });
    await expect(provider.caller.note.addAddendum({ parentNoteId: draft.id, text: "Too early.", reauth: { password: PASSWORD } })).rejects.toMatchObject({ code: "CONFLICT" });

    const { notes } = await provider.caller.note.list({ patientId: patient.id });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ id: noteId, status: "signed", contentSha256: signed.contentSha256, signer: { userId: provider.user.id } });
    expect(notes[0]!.addenda.map((a) => [a.id, a.text])).toEqual([
      [first.id, "BP recheck by phone: 122/78."],
      [second.id, "Support person confirmed by phone."],
    ]);
    const row = await noteRow(first.id);
    expect(row).toMatchObject({ kind: "addendum", status: "signed", parentNoteId: noteId, body: "BP recheck by phone: 122/78." });
    expect(JSON.parse(row.signedContent!)).toMatchObject({ kind: "addendum", content: { parentNoteId: noteId, parentSha256: signed.contentSha256 } });
    expect(signedPayload(row, { userId: row.signedByUserId!, signedAt: row.signedAt! }, signed.contentSha256)).toBe(row.signedContent);
    expect(createHash("sha256").update(row.signedContent!).digest("hex")).toBe(first.contentSha256);
    // get on the parent carries the chain; get on an addendum returns the addendum.
    await expect(provider.caller.note.get({ noteId })).resolves.toMatchObject({ id: noteId, addenda: [{ id: first.id }, { id: second.id }], signedContent: expect.any(String) });
    await expect(provider.caller.note.get({ noteId: second.id })).resolves.toMatchObject({ id: second.id, kind: "addendum", addenda: [] });
  });
});

describe("signed notes and addenda are immutable in the database", () => {
  it("refuses UPDATE (including a status flip), DELETE and TRUNCATE to the app role, and by trigger to the owner", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { noteId } = await signedEvaluation(clinic.id, provider);
    const addendum = await provider.caller.note.addAddendum({ parentNoteId: noteId, text: "Correction.", reauth: { password: PASSWORD } });
    for (const db of [testDb(), ownerDb()]) {
      for (const id of [noteId, addendum.id]) {
        await expect(db.execute(sql`update clinical_note set body = 'changed', sections = '{"subjective":"","objective":"","assessment":"","plan":""}' where id = ${id}`)).rejects.toMatchObject({
          cause: { message: expect.stringMatching(/signed clinical note/) },
        });
        await expect(db.execute(sql`update clinical_note set status = 'draft', signed_at = null where id = ${id}`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/signed clinical note/) } });
        await expect(db.execute(sql`delete from clinical_note where id = ${id}`)).rejects.toThrow();
      }
      await expect(db.execute(sql`truncate clinical_note`)).rejects.toThrow();
    }
    // A crafted addendum onto a draft is refused by the database as well.
    const other = await evaluationVisit(clinic.id, provider);
    const draft = await provider.caller.note.openForVisit({ appointmentId: other.appointment.id });
    await expect(
      ownerDb().execute(sql`insert into clinical_note (clinic_id, patient_id, author_user_id, kind, status, sections, body, parent_note_id, signed_at, signed_by_user_id, signed_content, content_sha256)
        values (${clinic.id}, ${other.patient.id}, ${provider.user.id}, 'addendum', 'signed', '{}', 'x', ${draft.id}, now(), ${provider.user.id}, 'x', encode(sha256('x'), 'hex'))`),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/addendum points at a signed note/) } });
    expect((await noteRow(noteId)).status).toBe("signed");
    expect((await noteRow(addendum.id)).body).toBe("Correction.");
  });

  it("discarding a draft keeps the row, is audited, and is final; no note is ever deleted", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { appointment, patient } = await evaluationVisit(clinic.id, provider);
    const draft = await draftWith(provider, appointment.id, completeFindings());
    await expect(testDb().execute(sql`delete from clinical_note where id = ${draft.id}`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/discard the draft/) } });
    await expect(provider.caller.note.discard({ noteId: draft.id, expectedVersion: new Date(draft.updatedAt.getTime() - 1000) })).rejects.toMatchObject({ code: "CONFLICT" });
    const discarded = await provider.caller.note.discard({ noteId: draft.id, expectedVersion: draft.updatedAt });
    expect(discarded.status).toBe("discarded");
    const row = await noteRow(draft.id);
    expect(row).toMatchObject({ status: "discarded", sections: SOAP });
    expect(await auditOf(draft.id, "note.discard")).toHaveLength(1);
    await expect(provider.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: row.updatedAt })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(testDb().execute(sql`update clinical_note set status = 'draft', discarded_at = null where id = ${draft.id}`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/discarded/) } });
    // The author still sees it in their list (others never see drafts); reopening the visit starts a new draft.
    expect((await provider.caller.note.list({ patientId: patient.id })).notes.map((n) => n.status)).toEqual(["discarded"]);
    const reopened = await provider.caller.note.openForVisit({ appointmentId: appointment.id });
    expect(reopened.id).not.toBe(draft.id);
  });
});

describe("authorization of the note procedures (DOMAIN.md §1)", () => {
  it("admin and staff are refused by role; another clinic and an unassigned clinician get NOT_FOUND, audited", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const { noteId, patient } = await signedEvaluation(clinic.id, provider);
    const other = await evaluationVisit(clinic.id, provider);
    const draft = await provider.caller.note.openForVisit({ appointmentId: other.appointment.id });
    // One at a time, so each refusal is awaited (and audited) before the next call starts.
    const calls = (s: Session) => [
      () => s.caller.note.sign({ noteId: draft.id, reauth: { password: PASSWORD }, expectedVersion: draft.updatedAt }),
      () => s.caller.note.discard({ noteId: draft.id, expectedVersion: draft.updatedAt }),
      () => s.caller.note.addAddendum({ parentNoteId: noteId, text: "x", reauth: { password: PASSWORD } }),
      () => s.caller.note.list({ patientId: patient.id }),
      () => s.caller.note.get({ noteId }),
    ];
    for (const roles of [["admin"], ["staff"], ["admin", "staff"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      for (const call of calls(s)) await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const elsewhere = await staffSession((await makeClinic()).id, ["provider", "prescriber"]);
    for (const call of calls(elsewhere)) await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    const unassigned = await staffSession(clinic.id, ["prescriber"]);
    for (const call of calls(unassigned)) await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    const denials = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, unassigned.user.id), eq(schema.auditEvent.outcome, "denied")));
    expect(denials.map((d) => d.action).sort()).toEqual(["note.addendum", "note.discard", "note.list", "note.read", "note.sign"]);
    // Nothing changed.
    expect((await noteRow(draft.id)).status).toBe("draft");
    expect((await provider.caller.note.list({ patientId: patient.id })).notes.find((n) => n.id === noteId)!.addenda).toEqual([]);
  });

  it("the assigned clinicians read the list and each note, and each read is audited", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["prescriber"]);
    const { noteId, patient } = await signedEvaluation(clinic.id, provider);
    const { notes } = await provider.caller.note.list({ patientId: patient.id });
    expect(notes.map((n) => n.id)).toContain(noteId);
    expect(notes[0]).toMatchObject({ author: { userId: provider.user.id, name: provider.user.name }, signer: { name: provider.user.name }, signedAt: expect.any(Date) });
    const got = await provider.caller.note.get({ noteId });
    expect(got.findings).toMatchObject({ vitals: { bpReadings: [{ systolic: 128, takenAt: new Date("2026-03-02T15:05:00Z") }, { systolic: 124 }] } });
    expect(await auditOf(patient.id, "note.list")).toHaveLength(1);
    expect(await auditOf(noteId, "note.read")).toHaveLength(1);
  });
});
