import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { getPrescriber } from "../src/services/prescribing-admin/credentials";
import { refusalOf } from "./decision-fixtures";
import { makeClinic, ownerDb, staffSession, testDb } from "./harness";
import { auditRows, deaNumber, inDays, npi, totpStaff, verifiedDea } from "./prescribing-admin-fixtures";

const zodFields = async (p: Promise<unknown>) => {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as { code?: string; cause?: unknown } | null;
  if (!e) throw new Error("expected a refusal");
  return { code: e.code, fields: e.cause instanceof z.ZodError ? e.cause.issues.map((i) => i.path.join(".")) : [] };
};

describe("prescriber credentials (issue 12 §2; 21 CFR 1311.125(a))", () => {
  it("the admin records NPI, licence and DEA registration; the recorder cannot verify; another admin does; an edit clears verification", async () => {
    const clinic = await makeClinic();
    const recorder = await staffSession(clinic.id, ["admin"]);
    const verifier = await staffSession(clinic.id, ["admin"]);
    const prescriber = await staffSession(clinic.id, ["provider", "prescriber"]);
    const userId = prescriber.user.id;

    // NPI: ten digits with the Luhn check digit; the DEA number's check digit (packages/clinical).
    expect(await zodFields(recorder.caller.prescriber.saveProfile({ userId, npi: "1234567890", address: { line1: "1 Clinic Way", city: "Denver", state: "CO", postalCode: "80202" }, phone: "(555) 010-0300" }))).toEqual({ code: "BAD_REQUEST", fields: ["npi"] });
    const profile = await recorder.caller.prescriber.saveProfile({ userId, npi: "1234567893", address: { line1: "1 Clinic Way", city: "Denver", state: "CO", postalCode: "80202" }, phone: "(555) 010-0300" });
    expect(profile.prescriber.profile).toMatchObject({ npi: "1234567893", address: { line1: "1 Clinic Way", line2: null, state: "CO" } });
    expect(await zodFields(recorder.caller.prescriber.saveDea({ userId, number: "AB1234567", state: "CO", schedules: ["3N"], expiresOn: inDays(365) }))).toEqual({ code: "BAD_REQUEST", fields: ["number"] });
    expect(await zodFields(recorder.caller.prescriber.saveDea({ userId, number: "1234567", state: "CO", schedules: [], expiresOn: inDays(365) }))).toMatchObject({ code: "BAD_REQUEST", fields: expect.arrayContaining(["number", "schedules"]) });

    const number = deaNumber();
    const dea = await recorder.caller.prescriber.saveDea({ userId, number: number.toLowerCase(), state: "CO", schedules: ["3N", "2N", "3N"].slice(0, 2) as ["3N", "2N"], expiresOn: inDays(365) });
    const stored = () => getPrescriber(testDb(), clinic.id, userId).then((p) => p.deaRegistrations.find((d) => d.id === dea.id));
    expect(await stored()).toMatchObject({ number, schedules: ["2N", "3N"], verified: false, current: false, recordedByUserId: recorder.user.id });
    const licence = await recorder.caller.prescriber.saveLicence({ userId, state: "CO", number: "CO-12345", expiresOn: inDays(365) });

    // 1311.125(a): verified by someone other than the recorder; refusals audited (EPCS-tagged).
    expect(await refusalOf(recorder.caller.prescriber.verifyCredential({ kind: "dea", id: dea.id, note: "I checked it myself." }))).toMatchObject({ code: "FORBIDDEN" });
    const [refusal] = await auditRows(clinic.id, "epcs.credential.verified");
    expect(refusal).toMatchObject({ outcome: "denied", actorUserId: recorder.user.id, resourceId: dea.id, detail: { kind: "dea", reason: "recorder_cannot_verify" } });
    // Nor by its holder.
    const holderAdmin = await staffSession(clinic.id, ["admin", "prescriber"]);
    const own = await recorder.caller.prescriber.saveDea({ userId: holderAdmin.user.id, number: deaNumber(), state: "CO", schedules: ["3N"], expiresOn: inDays(365) });
    expect(await refusalOf(holderAdmin.caller.prescriber.verifyCredential({ kind: "dea", id: own.id, note: "Mine, checked." }))).toMatchObject({ code: "FORBIDDEN" });

    const verified = await verifier.caller.prescriber.verifyCredential({ kind: "dea", id: dea.id, note: "DEA validation lookup, today." });
    expect(verified.prescriber.deaRegistrations.find((d) => d.id === dea.id)).toMatchObject({ verified: true, current: true, verifiedByUserId: verifier.user.id, verifiedByName: verifier.user.name });
    expect(verified.prescriber.deaRegistrant).toBe(true);
    expect(await refusalOf(verifier.caller.prescriber.verifyCredential({ kind: "dea", id: dea.id, note: "Again." }))).toMatchObject({ code: "CONFLICT" });
    await verifier.caller.prescriber.verifyCredential({ kind: "licence", id: licence.id, note: "Board lookup." });

    // The recorder corrects the expiry: same record, verification cleared (the trigger).
    const corrected = await recorder.caller.prescriber.saveDea({ id: dea.id, userId, number, state: "CO", schedules: ["2N", "3N"], expiresOn: inDays(400) });
    expect(corrected.id).toBe(dea.id);
    expect(await stored()).toMatchObject({ verified: false, current: false, verifiedAt: null });
    // Re-saving the same values changes nothing and keeps a verification.
    await verifier.caller.prescriber.verifyCredential({ kind: "dea", id: dea.id, note: "Rechecked." });
    await recorder.caller.prescriber.saveDea({ id: dea.id, userId, number, state: "CO", schedules: ["3N", "2N"], expiresOn: inDays(400) });
    expect(await stored()).toMatchObject({ verified: true });

    // Another admin's change is recorded in their name, so they cannot verify what they typed.
    const replaced = await verifier.caller.prescriber.saveLicence({ id: licence.id, userId, state: "CO", number: "CO-12346", expiresOn: inDays(365) });
    expect(replaced.id).not.toBe(licence.id);
    expect(replaced.prescriber.licences.map((l) => [l.id, l.number, l.verified, l.recordedByUserId])).toEqual([[replaced.id, "CO-12346", false, verifier.user.id]]);
    expect(await refusalOf(verifier.caller.prescriber.verifyCredential({ kind: "licence", id: replaced.id, note: "Board lookup." }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusalOf(verifier.caller.prescriber.verifyCredential({ kind: "licence", id: licence.id, note: "Old one." }))).toMatchObject({ code: "NOT_FOUND" });
    await recorder.caller.prescriber.verifyCredential({ kind: "licence", id: replaced.id, note: "Board lookup." });

    // The database refuses a verification by the recorder whoever writes it.
    await expect(ownerDb().update(schema.prescriberDeaRegistration).set({ verifiedAt: new Date(), verifiedByUserId: recorder.user.id }).where(eq(schema.prescriberDeaRegistration.id, own.id))).rejects.toThrow();

    // Removal keeps the record, out of the list; a removed one cannot be verified or removed again.
    await recorder.caller.prescriber.removeDea({ id: own.id });
    expect((await getPrescriber(testDb(), clinic.id, holderAdmin.user.id)).deaRegistrations).toEqual([]);
    expect(await refusalOf(recorder.caller.prescriber.removeDea({ id: own.id }))).toMatchObject({ code: "NOT_FOUND" });

    const actions = (await testDb().select({ action: schema.auditEvent.action, outcome: schema.auditEvent.outcome }).from(schema.auditEvent).where(and(eq(schema.auditEvent.clinicId, clinic.id), like(schema.auditEvent.action, "epcs.credential.%")))).map((a) => `${a.action}:${a.outcome}`);
    expect(new Set(actions)).toEqual(new Set(["epcs.credential.recorded:success", "epcs.credential.verified:success", "epcs.credential.verified:denied", "epcs.credential.removed:success"]));
  });

  it("an expired DEA registration is not current: it cannot be verified, and a verified one stops counting after its last day", async () => {
    const clinic = await makeClinic();
    const [a, b] = [await staffSession(clinic.id, ["admin"]), await staffSession(clinic.id, ["admin"])];
    const prescriber = await staffSession(clinic.id, ["prescriber"]);
    const expired = await a.caller.prescriber.saveDea({ userId: prescriber.user.id, number: deaNumber(), state: "NM", schedules: ["3N"], expiresOn: inDays(-2) });
    expect(expired.prescriber.deaRegistrations[0]).toMatchObject({ expired: true, current: false });
    expect(await refusalOf(b.caller.prescriber.verifyCredential({ kind: "dea", id: expired.id, note: "Lookup." }))).toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringContaining("expired") });

    const expiresOn = inDays(3);
    const id = await verifiedDea(a, b, prescriber.user.id, { expiresOn });
    const on = (days: number) => getPrescriber(testDb(), clinic.id, prescriber.user.id, new Date(Date.now() + days * 86_400_000));
    expect((await on(0)).deaRegistrations.find((d) => d.id === id)).toMatchObject({ verified: true, expired: false, current: true });
    // Valid through its last calendar day (the clinic's), not after.
    const later = await on(6);
    expect(later.deaRegistrations.find((d) => d.id === id)).toMatchObject({ verified: true, expired: true, current: false });
    expect(later.deaRegistrant).toBe(false);
  });

  it("only the clinic's admins record credentials, for its own clinicians; others are refused or not found", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const otherAdmin = await staffSession(other.id, ["admin"]);
    const prescriber = await staffSession(clinic.id, ["prescriber"]);
    const front = await staffSession(clinic.id, ["staff"]);
    const input = { userId: prescriber.user.id, state: "CO" as const, number: "CO-1", expiresOn: inDays(100) };
    for (const role of ["provider", "prescriber", "staff"] as const) {
      const s = await staffSession(clinic.id, [role]);
      expect(await refusalOf(s.caller.prescriber.saveLicence(input)), role).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusalOf(s.caller.prescriber.list()), role).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await refusalOf(otherAdmin.caller.prescriber.saveLicence(input))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusalOf(otherAdmin.caller.prescriber.get({ userId: prescriber.user.id }))).toMatchObject({ code: "NOT_FOUND" });
    // Front-desk staff hold no clinical role: no credentials for them.
    expect(await refusalOf(admin.caller.prescriber.saveLicence({ ...input, userId: front.user.id }))).toMatchObject({ code: "NOT_FOUND" });
    const saved = await admin.caller.prescriber.saveLicence(input);
    expect(await refusalOf(otherAdmin.caller.prescriber.removeLicence({ id: saved.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusalOf(admin.caller.prescriber.saveLicence(input))).toMatchObject({ code: "CONFLICT" });
    const listed = (await admin.caller.prescriber.list()).items;
    expect(listed.map((i) => i.userId)).toContain(prescriber.user.id);
    // Clinicians only: no admin or front-desk staff in the list.
    expect(listed.map((i) => i.userId)).not.toContain(front.user.id);
    expect(listed.map((i) => i.userId)).not.toContain(admin.user.id);
    expect((await otherAdmin.caller.prescriber.list()).items).toEqual([]);
  });
});

describe("EPCS logical access control (21 CFR 1311.125: two people, the approver a DEA registrant with 2FA)", () => {
  it("grant: entered by an admin, refused to the enterer, to a non-registrant, to a wrong or reused code; approved by a registrant -> granted; then revoked", async () => {
    const clinic = await makeClinic();
    const adminA = await staffSession(clinic.id, ["admin"]);
    const adminB = await staffSession(clinic.id, ["admin"]);
    // An admin who is also a DEA registrant (the enterer who could otherwise approve their own entry).
    const adminRegistrant = await totpStaff(clinic.id, ["admin", "prescriber"]);
    const subject = await totpStaff(clinic.id, ["provider", "prescriber"]);
    const approver = await totpStaff(clinic.id, ["prescriber"]);
    const nonRegistrant = await totpStaff(clinic.id, ["prescriber"]);
    await verifiedDea(adminA, adminB, adminRegistrant.user.id);
    await verifiedDea(adminA, adminB, approver.user.id);

    // A grant needs the subject's verified, current DEA registration (1311.125(b)).
    expect(await refusalOf(adminRegistrant.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "grant", reason: "New prescriber." }))).toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringContaining("DEA registration") });
    await verifiedDea(adminA, adminB, subject.user.id);
    expect(await refusalOf(adminA.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "revoke", reason: "Nothing to revoke." }))).toMatchObject({ code: "CONFLICT" });

    const entered = await adminRegistrant.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "grant", reason: "Credentialed 2026; starts prescribing." });
    expect(entered).toMatchObject({ status: "pending", action: "grant", enteredByUserId: adminRegistrant.user.id, subjectName: subject.user.name });
    expect(await refusalOf(adminA.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "grant", reason: "Twice." }))).toMatchObject({ code: "CONFLICT" });
    const listed = (await adminA.caller.prescriber.list()).items.find((i) => i.userId === subject.user.id)!;
    expect(listed.epcs).toMatchObject({ permission: "none", pending: { id: entered.id, action: "grant", enteredByName: adminRegistrant.user.name } });
    expect(listed.totpEnrolled).toBe(true);

    // The enterer may not approve, even as a registrant with a right code.
    expect(await refusalOf(adminRegistrant.caller.epcs.approveChange({ id: entered.id, totp: await adminRegistrant.code() }))).toMatchObject({ code: "FORBIDDEN" });
    // Nor may the subject approve their own access.
    expect(await refusalOf(subject.caller.epcs.approveChange({ id: entered.id, totp: await subject.code() }))).toMatchObject({ code: "FORBIDDEN" });
    // A prescriber without a verified DEA registration is not a registrant.
    expect(await refusalOf(nonRegistrant.caller.epcs.approveChange({ id: entered.id, totp: await nonRegistrant.code() }))).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("DEA registrant") });
    // Admins, providers and staff are not approvers by role.
    for (const s of [adminA, await staffSession(clinic.id, ["provider"]), await staffSession(clinic.id, ["staff"])]) {
      expect(await refusalOf(s.caller.epcs.approveChange({ id: entered.id, totp: "123456" }))).toMatchObject({ code: "FORBIDDEN" });
    }
    // A wrong code.
    const code = await approver.code();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(await refusalOf(approver.caller.epcs.approveChange({ id: entered.id, totp: wrong }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((await adminA.caller.epcs.changes({ status: "pending" })).items.map((c) => c.id)).toEqual([entered.id]);

    const approved = await approver.caller.epcs.approveChange({ id: entered.id, totp: code, note: "Verified registration on file." });
    expect(approved).toMatchObject({ status: "approved", decidedByUserId: approver.user.id, decisionNote: "Verified registration on file." });
    expect((await adminA.caller.prescriber.list()).items.find((i) => i.userId === subject.user.id)!.epcs).toMatchObject({ permission: "granted", pending: null });
    expect(await refusalOf(approver.caller.epcs.approveChange({ id: entered.id, totp: await approver.code(1) }))).toMatchObject({ code: "CONFLICT" });

    // The same code again, for another change: refused as a replay (totp_step_use), audited epcs.totp.replay.
    const second = await totpStaff(clinic.id, ["prescriber"]);
    await verifiedDea(adminA, adminB, second.user.id);
    const other = await adminA.caller.epcs.enterChange({ subjectUserId: second.user.id, action: "grant", reason: "Second prescriber." });
    expect(await refusalOf(approver.caller.epcs.approveChange({ id: other.id, totp: code }))).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("already been used") });
    expect((await auditRows(clinic.id, "epcs.totp.replay")).map((a) => [a.actorUserId, a.outcome])).toEqual([[approver.user.id, "denied"]]);
    // Rejection takes a fresh code and a reason.
    const rejected = await approver.caller.epcs.rejectChange({ id: other.id, totp: await approver.code(1), note: "Registration not yet received." });
    expect(rejected).toMatchObject({ status: "rejected" });
    expect((await adminA.caller.prescriber.list()).items.find((i) => i.userId === second.user.id)!.epcs.permission).toBe("none");

    // Revoke: the enterer may withdraw it, nobody else; entered again and approved -> revoked.
    const revoke = await adminA.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "revoke", reason: "Leaving the clinic." });
    expect(await refusalOf(adminB.caller.epcs.withdrawChange({ id: revoke.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await adminA.caller.epcs.withdrawChange({ id: revoke.id })).toMatchObject({ status: "withdrawn", decidedByUserId: adminA.user.id });
    const revoke2 = await adminA.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "revoke", reason: "Leaving the clinic." });
    expect(await adminRegistrant.caller.epcs.approveChange({ id: revoke2.id, totp: await adminRegistrant.code(1) })).toMatchObject({ status: "approved" });
    expect((await adminA.caller.prescriber.get({ userId: subject.user.id })).epcs).toMatchObject({ permission: "revoked", pending: null });

    // Every step is an EPCS-tagged audit event, refusals included.
    const epcs = await testDb()
      .select({ action: schema.auditEvent.action, outcome: schema.auditEvent.outcome, detail: schema.auditEvent.detail })
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.clinicId, clinic.id), like(schema.auditEvent.action, "epcs.access.%")));
    const seen = epcs.map((a) => `${a.action}:${a.outcome}:${(a.detail as { reason?: string }).reason ?? ""}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        "epcs.access.entered:success:",
        "epcs.access.approved:denied:enterer_cannot_decide",
        "epcs.access.approved:denied:subject_cannot_decide",
        "epcs.access.approved:denied:not_dea_registrant",
        "epcs.access.approved:denied:totp_wrong",
        "epcs.access.approved:denied:totp_replayed",
        "epcs.access.approved:success:",
        "epcs.access.rejected:success:",
        "epcs.access.withdrawn:denied:not_enterer",
        "epcs.access.withdrawn:success:",
      ]),
    );
    // The database keeps a decided change as decided.
    await expect(ownerDb().update(schema.epcsAccessChange).set({ status: "rejected" }).where(eq(schema.epcsAccessChange.id, entered.id))).rejects.toThrow();
    // And refuses an approval by the enterer whoever writes it.
    const pending = await adminA.caller.epcs.enterChange({ subjectUserId: second.user.id, action: "grant", reason: "Try again." });
    await expect(ownerDb().update(schema.epcsAccessChange).set({ status: "approved", decidedByUserId: adminA.user.id, decidedAt: new Date() }).where(eq(schema.epcsAccessChange.id, pending.id))).rejects.toThrow();
  });

  it("a grant needs the subject's authenticator; another clinic's changes are not found; staff see no changes", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const [a, b] = [await staffSession(clinic.id, ["admin"]), await staffSession(clinic.id, ["admin"])];
    const noTotp = await staffSession(clinic.id, ["prescriber"]);
    await verifiedDea(a, b, noTotp.user.id);
    expect(await refusalOf(a.caller.epcs.enterChange({ subjectUserId: noTotp.user.id, action: "grant", reason: "Needs TOTP." }))).toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringContaining("authenticator") });
    const provider = await staffSession(clinic.id, ["provider"]);
    expect(await refusalOf(a.caller.epcs.enterChange({ subjectUserId: provider.user.id, action: "grant", reason: "Not a prescriber." }))).toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    expect(await refusalOf(a.caller.epcs.enterChange({ subjectUserId: randomUUID(), action: "grant", reason: "Nobody." }))).toMatchObject({ code: "NOT_FOUND" });

    const subject = await totpStaff(clinic.id, ["prescriber"]);
    await verifiedDea(a, b, subject.user.id);
    const change = await a.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "grant", reason: "Start." });
    const outsider = await totpStaff(other.id, ["prescriber", "admin"]);
    const otherAdmin = await staffSession(other.id, ["admin"]);
    expect(await refusalOf(outsider.caller.epcs.approveChange({ id: change.id, totp: await outsider.code() }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusalOf(otherAdmin.caller.epcs.withdrawChange({ id: change.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await otherAdmin.caller.epcs.changes()).items).toEqual([]);
    for (const role of ["provider", "staff"] as const) {
      const s = await staffSession(clinic.id, [role]);
      expect(await refusalOf(s.caller.epcs.changes()), role).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusalOf(s.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "grant", reason: "x y z" })), role).toMatchObject({ code: "FORBIDDEN" });
    }
    const prescriber = await staffSession(clinic.id, ["prescriber"]);
    expect(await refusalOf(prescriber.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "grant", reason: "Self-serve." }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await prescriber.caller.epcs.changes()).items.map((c) => c.id)).toEqual([change.id]);
    expect(npi()).toMatch(/^\d{10}$/);
  });
});
