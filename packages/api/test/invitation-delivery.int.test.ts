import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { hashToken } from "../src/services/tokens";
import { PASSWORD, captureMailer, makeClinic, makePatient, patientCaller, providerCaller, staffSession, testDb } from "./harness";

// Issue 10 finding 8: an invitation's token reaches the invitee's inbox and nothing else.

const adultDob = "1990-02-14";
const email = () => `inv-${Math.random().toString(36).slice(2, 10)}@example.test`;
const tokenIn = (text: string) => /\/invite\/([A-Za-z0-9_-]{20,})/.exec(text)?.[1] ?? null;

async function mailingSession(clinicId: string, roles: Parameters<typeof staffSession>[1]) {
  const s = await staffSession(clinicId, roles);
  const { sent, mailer } = captureMailer();
  return { ...s, sent, caller: await providerCaller(s.headers, { mailer }) };
}

describe("patient invitations", () => {
  it("the inviter gets where it was sent, the patient's inbox gets the link; resend retires the old link", async () => {
    const clinic = await makeClinic();
    const staff = await mailingSession(clinic.id, ["staff"]);
    const address = email();
    const res = await staff.caller.patient.invite({ givenName: "Iris", familyName: "Example", email: address, dateOfBirth: adultDob, stateOfResidence: "NM" });
    expect(Object.keys(res).sort()).toEqual(["mrn", "patientId", "sentTo"]);
    expect(res.sentTo).toBe(address);
    expect(staff.sent).toHaveLength(1);
    expect(staff.sent[0]!.to).toBe(address);
    const first = tokenIn(staff.sent[0]!.text)!;
    expect(JSON.stringify(res)).not.toContain(first);

    const anon = await patientCaller();
    expect(await anon.invitation.lookup({ token: first })).toMatchObject({ email: address });

    const again = await staff.caller.patient.resendInvitation({ patientId: res.patientId });
    expect(again).toMatchObject({ sentTo: address });
    const second = tokenIn(staff.sent[1]!.text)!;
    expect(second).not.toBe(first);
    expect(JSON.stringify(again)).not.toContain(second);
    await expect(anon.invitation.lookup({ token: first })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(anon.invitation.accept({ token: first, password: PASSWORD })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await anon.invitation.accept({ token: second, password: PASSWORD });

    const audit = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.clinicId, clinic.id), eq(schema.auditEvent.action, "invitation.resend")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: staff.user.id, patientId: res.patientId });
    // Accepted: nothing left to resend.
    await expect(staff.caller.patient.resendInvitation({ patientId: res.patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("another staff member cannot obtain the link from any procedure's output", async () => {
    const clinic = await makeClinic();
    const inviter = await mailingSession(clinic.id, ["staff"]);
    const admin = await mailingSession(clinic.id, ["admin"]);
    const colleague = await mailingSession(clinic.id, ["provider"]);
    const res = await inviter.caller.patient.invite({ givenName: "Iris", familyName: "Secret", email: email(), dateOfBirth: adultDob, stateOfResidence: "NM" });
    const staffInv = await admin.caller.staff.invite({ email: email(), roles: ["staff"] });
    const tokens = [tokenIn(inviter.sent[0]!.text)!, tokenIn(admin.sent[0]!.text)!];
    const outputs: unknown[] = [
      res,
      staffInv,
      await colleague.caller.patient.list({}),
      await colleague.caller.patient.get({ patientId: res.patientId }),
      await colleague.caller.patient.resendInvitation({ patientId: res.patientId }),
      await admin.caller.staff.list(),
      await admin.caller.staff.resendInvitation({ invitationId: staffInv.invitationId }),
      await admin.caller.audit.list({}),
    ];
    // The resends went to the invitees, not to whoever asked for them.
    expect(colleague.sent.map((m) => m.to)).toEqual([inviter.sent[0]!.to]);
    tokens.push(tokenIn(colleague.sent[0]!.text)!, tokenIn(admin.sent[1]!.text)!);
    const text = JSON.stringify(outputs);
    for (const t of tokens) {
      expect(text).not.toContain(t);
      expect(text).not.toContain(hashToken(t));
    }
    expect(text).not.toMatch(/\/invite\//);
  });
});

describe("staff invitations", () => {
  it("resend rotates the link and is admin-only", async () => {
    const clinic = await makeClinic();
    const admin = await mailingSession(clinic.id, ["admin"]);
    const address = email();
    const inv = await admin.caller.staff.invite({ email: address, roles: ["provider"] });
    expect(inv).toEqual({ invitationId: inv.invitationId, sentTo: address });
    const first = tokenIn(admin.sent[0]!.text)!;
    await admin.caller.staff.resendInvitation({ invitationId: inv.invitationId });
    const second = tokenIn(admin.sent[1]!.text)!;
    const anon = await providerCaller();
    await expect(anon.invitation.lookup({ token: first })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await anon.invitation.lookup({ token: second })).toMatchObject({ email: address, roles: ["provider"] });

    const provider = await mailingSession(clinic.id, ["provider"]);
    await expect(provider.caller.staff.resendInvitation({ invitationId: inv.invitationId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = await mailingSession((await makeClinic("Other")).id, ["admin"]);
    await expect(other.caller.staff.resendInvitation({ invitationId: inv.invitationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect([...provider.sent, ...other.sent]).toHaveLength(0);
    await admin.caller.staff.revokeInvitation({ invitationId: inv.invitationId });
    await expect(admin.caller.staff.resendInvitation({ invitationId: inv.invitationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("inviting a patient's address (at another clinic) answers as for any address; that inbox is told, without a link", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const patientAtA = await makePatient(a.id);
    const adminB = await mailingSession(b.id, ["admin"]);
    const fresh = email();
    const answers = [
      await adminB.caller.staff.invite({ email: fresh, roles: ["staff"] }),
      await adminB.caller.staff.invite({ email: patientAtA.email, roles: ["staff"] }),
    ];
    expect(answers.map((r) => Object.keys(r).sort())).toEqual([
      ["invitationId", "sentTo"],
      ["invitationId", "sentTo"],
    ]);
    expect(answers.map((r) => r.sentTo)).toEqual([fresh, patientAtA.email]);
    const pending = (await adminB.caller.staff.list()).invitations.map((i) => i.email).sort();
    expect(pending).toEqual([fresh, patientAtA.email].sort());
    expect(adminB.sent.map((m) => m.to)).toEqual([fresh, patientAtA.email]);
    expect(tokenIn(adminB.sent[0]!.text)).toBeTruthy();
    expect(tokenIn(adminB.sent[1]!.text)).toBeNull();
    expect(adminB.sent[1]!.text).toMatch(/patient account/);
    const rows = await testDb().select().from(schema.invitation).where(eq(schema.invitation.clinicId, b.id));
    expect(rows).toHaveLength(2);
  });
});
