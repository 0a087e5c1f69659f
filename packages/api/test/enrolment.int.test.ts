import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { PASSWORD, captureMailer, makeClinic, makePatient, makeStaff, patientCaller, providerCaller, signIn, staffSession, testAuth, testDb } from "./harness";

const adultDob = "1990-02-14";
const email = () => `new-${Math.random().toString(36).slice(2, 10)}@example.test`;

const linkToken = (text: string, path: string) => new RegExp(`${path}/([A-Za-z0-9_-]{20,})`).exec(text)?.[1] ?? null;

/** A staff caller whose mail is captured; `token()` is the link in the last message. */
async function mailingCaller(s: { headers: Headers }) {
  const { sent, mailer } = captureMailer();
  const caller = await providerCaller(s.headers, { mailer });
  return { caller, sent, token: () => linkToken(sent.at(-1)!.text, "/invite")! };
}

describe("self enrolment through a clinic's link", () => {
  it("mails a link; the link creates the account and chart together (e-mail verified); the patient can then sign in to the patient app only", async () => {
    const clinic = await makeClinic();
    const { sent, mailer } = captureMailer();
    const anon = await patientCaller(undefined, { mailer });
    expect(await anon.enrolment.lookup({ code: clinic.enrolmentCode })).toMatchObject({ clinicName: clinic.name });
    const address = email();
    const res = await anon.enrolment.signUp({
      code: clinic.enrolmentCode,
      givenName: "Nova",
      familyName: "Example",
      email: address.toUpperCase(),
      password: PASSWORD,
      dateOfBirth: adultDob,
      stateOfResidence: "CO",
      acceptTerms: true,
    });
    expect(res).toEqual({ email: address });
    // Nothing exists until the inbox answers.
    expect(await testDb().select().from(schema.user).where(eq(schema.user.email, address))).toHaveLength(0);
    expect((await signIn(testAuth("patient"), address)).status).toBe(401);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(address);
    const token = linkToken(sent[0]!.text, "/enrol/confirm")!;
    expect(token).toBeTruthy();

    expect(await (await patientCaller()).enrolment.confirm({ token })).toEqual({ email: address });
    await expect((await patientCaller()).enrolment.confirm({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [u] = await testDb().select().from(schema.user).where(eq(schema.user.email, address));
    expect(u).toMatchObject({ kind: "patient", emailVerified: true });
    const [p] = await testDb().select().from(schema.patient).where(eq(schema.patient.userId, u!.id));
    expect(p).toMatchObject({ clinicId: clinic.id, status: "registered", email: address, stateOfResidence: "CO" });
    expect((await signIn(testAuth("patient"), address)).status).toBe(200);
    expect((await signIn(testAuth("provider"), address)).status).toBe(403);
  });

  it("answers an address that already has an account exactly as a new one, and mails the holder instead", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const holder = await makePatient(a.id);
    const staffer = await makeStaff(a.id, ["provider"]);
    const base = { code: b.enrolmentCode, givenName: "Eve", familyName: "Prober", password: "guessing-password-1", stateOfResidence: "CO" as const, acceptTerms: true as const };
    const { sent, mailer } = captureMailer();
    const anon = await patientCaller(undefined, { mailer });
    const fresh = email();
    const answers = [];
    for (const address of [fresh, holder.email, staffer.email.toUpperCase()]) {
      answers.push(await anon.enrolment.signUp({ ...base, email: address, dateOfBirth: adultDob }));
    }
    // Same shape, each echoing only what the caller typed.
    expect(answers).toEqual([{ email: fresh }, { email: holder.email }, { email: staffer.email }]);
    expect(sent.map((m) => m.to)).toEqual([fresh, holder.email, staffer.email]);
    expect(linkToken(sent[0]!.text, "/enrol/confirm")).toBeTruthy();
    for (const m of sent.slice(1)) {
      expect(m.subject).toMatch(/tried to create/);
      expect(m.text).toMatch(/sign-in/);
      expect(m.text).toMatch(/forgot-password/);
      expect(linkToken(m.text, "/enrol/confirm")).toBeNull();
    }
    // The existing account is untouched: its password still works, the guess does not.
    expect((await signIn(testAuth("patient"), holder.email)).status).toBe(200);
    expect((await signIn(testAuth("patient"), holder.email, base.password)).status).toBe(401);
    expect(await testDb().select().from(schema.patient).where(eq(schema.patient.clinicId, b.id))).toHaveLength(0);
  });

  it("caps the mails one address gets, still answering the same", async () => {
    const clinic = await makeClinic();
    const { sent, mailer } = captureMailer();
    const address = email();
    const base = { code: clinic.enrolmentCode, givenName: "Nova", familyName: "Example", email: address, password: PASSWORD, dateOfBirth: adultDob, stateOfResidence: "CO" as const, acceptTerms: true as const };
    for (let i = 0; i < 5; i++) expect(await (await patientCaller(undefined, { mailer })).enrolment.signUp(base)).toEqual({ email: address });
    expect(sent).toHaveLength(3);
  });

  it("refuses an under-18 applicant, a closed link and a link whose clinic closed enrolment meanwhile", async () => {
    const clinic = await makeClinic();
    const { sent, mailer } = captureMailer();
    const anon = await patientCaller(undefined, { mailer });
    const base = { code: clinic.enrolmentCode, givenName: "Nova", familyName: "Example", password: PASSWORD, stateOfResidence: "CO" as const, acceptTerms: true as const };
    await anon.enrolment.signUp({ ...base, email: email(), dateOfBirth: adultDob });

    const minor = new Date();
    minor.setFullYear(minor.getFullYear() - 17);
    await expect(anon.enrolment.signUp({ ...base, email: email(), dateOfBirth: minor.toISOString().slice(0, 10) })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });

    await testDb().update(schema.clinic).set({ enrolmentOpen: false }).where(eq(schema.clinic.id, clinic.id));
    await expect(anon.enrolment.signUp({ ...base, email: email(), dateOfBirth: adultDob })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(anon.enrolment.lookup({ code: "no-such-code-123" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const token = linkToken(sent[0]!.text, "/enrol/confirm")!;
    await expect(anon.enrolment.confirm({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("invitations", () => {
  it("staff invite a patient, who accepts once and signs in", async () => {
    const clinic = await makeClinic();
    const { sent, mailer } = captureMailer();
    const s = await staffSession(clinic.id, ["staff"]);
    const caller = await providerCaller(s.headers, { mailer });
    const address = email();
    const inv = await caller.patient.invite({ givenName: "Iris", familyName: "Example", email: address, dateOfBirth: adultDob, stateOfResidence: "NM" });
    expect(sent[0]!.to).toBe(address);
    const token = linkToken(sent[0]!.text, "/invite")!;
    const anon = await patientCaller();
    expect(await anon.invitation.lookup({ token })).toMatchObject({ email: address, hasAccount: false });
    await anon.invitation.accept({ token, password: PASSWORD });
    await expect(anon.invitation.accept({ token, password: PASSWORD })).rejects.toMatchObject({ code: "CONFLICT" });
    const [p] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, inv.patientId));
    expect(p!.status).toBe("registered");
    expect(p!.userId).toBeTruthy();
    const session = await signIn(testAuth("patient"), address);
    const me = await (await patientCaller(session.headers)).profile.get();
    expect(me.patient.id).toBe(inv.patientId);
  });

  it("a patient invitation cannot be used on the staff side, and an expired one is refused", async () => {
    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["admin"]);
    const m = await mailingCaller(s);
    const inv = await m.caller.patient.invite({ givenName: "Iris", familyName: "Example", email: email(), dateOfBirth: adultDob, stateOfResidence: "NM" });
    const token = m.token();
    await expect((await providerCaller()).invitation.accept({ token, name: "X", password: PASSWORD })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await testDb().update(schema.invitation).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.invitation.patientId, inv.patientId));
    await expect((await patientCaller()).invitation.accept({ token, password: PASSWORD })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("an admin invites staff with roles; accepting creates the account and memberships", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const address = email();
    const m = await mailingCaller(admin);
    await m.caller.staff.invite({ email: address, roles: ["provider", "prescriber"] });
    const token = m.token();
    const anon = await providerCaller();
    expect(await anon.invitation.lookup({ token })).toMatchObject({ roles: ["provider", "prescriber"], hasAccount: false });
    await expect(anon.invitation.accept({ token, password: PASSWORD })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await anon.invitation.accept({ token, name: "Dr. New Example", password: PASSWORD });
    const signedIn = await signIn(testAuth("provider"), address);
    const me = await (await providerCaller(signedIn.headers)).session.me();
    expect(me.activeClinic).toMatchObject({ clinicId: clinic.id, roles: expect.arrayContaining(["provider", "prescriber"]) });
    const list = await admin.caller.staff.list();
    expect(list.members.find((m) => m.email === address)?.roles.sort()).toEqual(["prescriber", "provider"]);
    expect(list.invitations.find((i) => i.email === address)).toBeUndefined();
  });

  it("someone already on staff elsewhere joins a second clinic by proving their password", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const existing = await staffSession(a.id, ["provider"]);
    const adminB = await staffSession(b.id, ["admin"]);
    const m = await mailingCaller(adminB);
    await m.caller.staff.invite({ email: existing.user.email, roles: ["provider"] });
    const token = m.token();
    const anon = await providerCaller();
    await expect(anon.invitation.accept({ token, password: "wrong-password-123" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await anon.invitation.accept({ token, password: PASSWORD });
    const me = await (await providerCaller(existing.headers)).session.me();
    expect(me.memberships.map((m) => m.clinicId).sort()).toEqual([a.id, b.id].sort());
  });
});

describe("invitation links are no way around the sign-in lockout", () => {
  it("wrong passwords on an invitation for an existing account count, lock it, and are audited", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const victim = await staffSession(a.id, ["provider"]);
    const adminB = await staffSession(b.id, ["admin"]);
    const m = await mailingCaller(adminB);
    await m.caller.staff.invite({ email: victim.user.email, roles: ["provider"] });
    const token = m.token();
    const anon = await providerCaller();
    for (let i = 0; i < 3; i++) {
      await expect(anon.invitation.accept({ token, password: `guess-number-${i}-xyz` })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    // Locked now: even the right password is refused, here and at sign-in.
    await expect(anon.invitation.accept({ token, password: PASSWORD })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await signIn(testAuth("provider"), victim.user.email)).body?.code).toBe("ACCOUNT_LOCKED");
    const events = await testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.actorUserId, victim.user.id));
    expect(events.filter((e) => e.action === "invitation.accept" && e.outcome === "denied")).toHaveLength(4);
    expect(events.some((e) => e.action === "auth.locked_out")).toBe(true);
    const memberships = await testDb().select().from(schema.clinicMembership).where(eq(schema.clinicMembership.userId, victim.user.id));
    expect(memberships.map((m) => m.clinicId)).toEqual([a.id]);
  });

  it("a revoked invitation cannot be accepted", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const m = await mailingCaller(admin);
    const inv = await m.caller.staff.invite({ email: email(), roles: ["staff"] });
    await admin.caller.staff.revokeInvitation({ invitationId: inv.invitationId });
    const token = m.token();
    await expect((await providerCaller()).invitation.accept({ token, name: "Late Comer", password: PASSWORD })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("staff administration", () => {
  it("keeps at least one admin and refuses self-removal", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    await expect(admin.caller.staff.setRoles({ userId: admin.user.id, roles: ["provider"] })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.caller.staff.remove({ userId: admin.user.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const other = await staffSession(clinic.id, ["provider"]);
    await admin.caller.staff.setRoles({ userId: other.user.id, roles: ["provider", "admin"] });
    await admin.caller.staff.setRoles({ userId: admin.user.id, roles: ["provider"] });
    // A new request sees the new roles (a caller keeps the context it was built with).
    await expect((await providerCaller(admin.headers)).staff.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("removing a member ends their access to the clinic's patients at once", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const provider = await staffSession(clinic.id, ["provider"]);
    await provider.caller.patient.list({});
    await admin.caller.staff.remove({ userId: provider.user.id });
    await expect((await providerCaller(provider.headers)).patient.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.staff.setRoles({ userId: "no-such-user", roles: ["provider"] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rotating the enrolment link retires the old one", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const before = await admin.caller.clinic.get();
    await admin.caller.clinic.updateEnrolment({ rotate: true });
    const after = await admin.caller.clinic.get();
    expect(after.enrolmentUrl).not.toBe(before.enrolmentUrl);
    const oldCode = before.enrolmentUrl.split("/enrol/")[1]!;
    await expect((await patientCaller()).enrolment.lookup({ code: oldCode })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
