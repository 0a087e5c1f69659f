import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { PASSWORD, captureMailer, makeClinic, patientCaller, providerCaller, signIn, staffSession, testAuth, testDb } from "./harness";

const adultDob = "1990-02-14";
const email = () => `new-${Math.random().toString(36).slice(2, 10)}@example.test`;

describe("self enrolment through a clinic's link", () => {
  it("creates the account and chart together; the patient can then sign in to the patient app only", async () => {
    const clinic = await makeClinic();
    const anon = await patientCaller();
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
    const [p] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, res.patientId));
    expect(p).toMatchObject({ clinicId: clinic.id, status: "registered", email: address, stateOfResidence: "CO" });
    expect((await signIn(testAuth("patient"), address)).status).toBe(200);
    expect((await signIn(testAuth("provider"), address)).status).toBe(403);
  });

  it("refuses a second sign-up with the same email, an under-18 applicant and a closed link", async () => {
    const clinic = await makeClinic();
    const anon = await patientCaller();
    const base = { code: clinic.enrolmentCode, givenName: "Nova", familyName: "Example", password: PASSWORD, stateOfResidence: "CO" as const, acceptTerms: true as const };
    const address = email();
    await anon.enrolment.signUp({ ...base, email: address, dateOfBirth: adultDob });
    await expect(anon.enrolment.signUp({ ...base, email: address, dateOfBirth: adultDob })).rejects.toMatchObject({ code: "CONFLICT" });

    const minor = new Date();
    minor.setFullYear(minor.getFullYear() - 17);
    await expect(anon.enrolment.signUp({ ...base, email: email(), dateOfBirth: minor.toISOString().slice(0, 10) })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });

    await testDb().update(schema.clinic).set({ enrolmentOpen: false }).where(eq(schema.clinic.id, clinic.id));
    await expect(anon.enrolment.signUp({ ...base, email: email(), dateOfBirth: adultDob })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(anon.enrolment.lookup({ code: "no-such-code-123" })).rejects.toMatchObject({ code: "NOT_FOUND" });
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
    const token = inv.inviteUrl.split("/invite/")[1]!;
    expect(sent[0]!.text).toContain(token);
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
    const inv = await s.caller.patient.invite({ givenName: "Iris", familyName: "Example", email: email(), dateOfBirth: adultDob, stateOfResidence: "NM" });
    const token = inv.inviteUrl.split("/invite/")[1]!;
    await expect((await providerCaller()).invitation.accept({ token, name: "X", password: PASSWORD })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await testDb().update(schema.invitation).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.invitation.patientId, inv.patientId));
    await expect((await patientCaller()).invitation.accept({ token, password: PASSWORD })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("an admin invites staff with roles; accepting creates the account and memberships", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const address = email();
    const inv = await admin.caller.staff.invite({ email: address, roles: ["provider", "prescriber"] });
    const token = inv.inviteUrl.split("/invite/")[1]!;
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
    const inv = await adminB.caller.staff.invite({ email: existing.user.email, roles: ["provider"] });
    const token = inv.inviteUrl.split("/invite/")[1]!;
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
    const inv = await adminB.caller.staff.invite({ email: victim.user.email, roles: ["provider"] });
    const token = inv.inviteUrl.split("/invite/")[1]!;
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
    const inv = await admin.caller.staff.invite({ email: email(), roles: ["staff"] });
    await admin.caller.staff.revokeInvitation({ invitationId: inv.invitationId });
    const token = inv.inviteUrl.split("/invite/")[1]!;
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
