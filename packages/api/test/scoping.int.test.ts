import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { makeClinic, makePatient, patientCaller, patientSession, providerCaller, staffSession, testDb } from "./harness";

describe("clinic scoping for staff", () => {
  it("a provider of clinic B gets NOT_FOUND for a clinic A patient, and the attempt is audited as denied", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const { patient } = await makePatient(a.id);
    const bProvider = await staffSession(b.id, ["provider"]);
    await expect(bProvider.caller.patient.get({ patientId: patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const denied = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, bProvider.user.id), eq(schema.auditEvent.outcome, "denied")));
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ action: "patient.read", resourceId: patient.id, clinicId: b.id });
  });

  it("the patient list shows only the caller's clinic, whatever the search", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const shared = `Samename${Date.now()}`;
    await makePatient(a.id, { familyName: shared });
    await makePatient(b.id, { familyName: shared });
    const aStaff = await staffSession(a.id, ["staff"]);
    const list = await aStaff.caller.patient.list({ q: shared.toLowerCase() });
    expect(list.items).toHaveLength(1);
    expect(list.nextCursor).toBeNull();
    expect(list.items.every((p) => p.familyName === shared)).toBe(true);
    const all = await aStaff.caller.patient.list({ pageSize: 100 });
    const ids = new Set((await testDb().select({ id: schema.patient.id }).from(schema.patient).where(eq(schema.patient.clinicId, a.id))).map((r) => r.id));
    expect(all.items.every((p) => ids.has(p.id))).toBe(true);
  });

  it("asking for another clinic through the clinic header is refused, never a silent switch", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const { patient } = await makePatient(a.id);
    const bStaff = await staffSession(b.id, ["admin"]);
    const headers = new Headers(bStaff.headers);
    headers.set("x-clearwell-clinic", a.id);
    const caller = await providerCaller(headers);
    expect((await caller.session.me()).activeClinic).toBeNull();
    await expect(caller.patient.get({ patientId: patient.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.patient.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a tab pinned to a clinic the person was removed from gets an error, not the other clinic", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const s = await staffSession(a.id, ["staff"]);
    await testDb().insert(schema.clinicMembership).values({ clinicId: b.id, userId: s.user.id, role: "staff" });
    await testDb().delete(schema.clinicMembership).where(and(eq(schema.clinicMembership.userId, s.user.id), eq(schema.clinicMembership.clinicId, b.id)));
    const headers = new Headers(s.headers);
    headers.set("x-clearwell-clinic", b.id);
    const caller = await providerCaller(headers);
    await expect(
      caller.patient.invite({ givenName: "Wrong", familyName: "Clinic", email: "wrong-clinic@example.test", dateOfBirth: "1980-01-01", stateOfResidence: "CO" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await testDb().select().from(schema.patient).where(eq(schema.patient.email, "wrong-clinic@example.test"))).toHaveLength(0);
  });

  it("staff in two clinics switch between them and see each clinic's patients only there", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const { patient: pa } = await makePatient(a.id);
    const { patient: pb } = await makePatient(b.id);
    const s = await staffSession(a.id, ["provider"]);
    await testDb().insert(schema.clinicMembership).values({ clinicId: b.id, userId: s.user.id, role: "provider" });
    const inA = await providerCaller(new Headers({ cookie: `${s.headers.get("cookie")}; cw-clinic=${a.id}` }));
    const inB = await providerCaller(new Headers({ cookie: `${s.headers.get("cookie")}; cw-clinic=${b.id}` }));
    expect((await inA.patient.get({ patientId: pa.id })).id).toBe(pa.id);
    await expect(inA.patient.get({ patientId: pb.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await inB.patient.get({ patientId: pb.id })).id).toBe(pb.id);
  });
});

describe("admins manage only their own clinic's staff", () => {
  it("another clinic's member and invitation are NOT_FOUND to them, and nothing changes", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const adminA = await staffSession(a.id, ["admin"]);
    const providerA = await staffSession(a.id, ["provider"]);
    const inv = await adminA.caller.staff.invite({ email: "someone-new@example.test", roles: ["staff"] });
    const adminB = await staffSession(b.id, ["admin"]);
    await expect(adminB.caller.staff.setRoles({ userId: providerA.user.id, roles: ["admin"] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(adminB.caller.staff.remove({ userId: providerA.user.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(adminB.caller.staff.revokeInvitation({ invitationId: inv.invitationId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const list = await adminB.caller.staff.list();
    expect(list.members.map((m) => m.userId)).toEqual([adminB.user.id]);
    expect(list.invitations).toEqual([]);
    const roles = await testDb().select().from(schema.clinicMembership).where(eq(schema.clinicMembership.userId, providerA.user.id));
    expect(roles.map((r) => [r.clinicId, r.role])).toEqual([[a.id, "provider"]]);
  });
});

describe("patients see only themselves", () => {
  it("profile.get returns the caller's own record and nobody else's", async () => {
    const clinic = await makeClinic();
    const one = await patientSession(clinic.id);
    const two = await patientSession(clinic.id);
    const p1 = await one.caller.profile.get();
    const p2 = await two.caller.profile.get();
    expect(p1.patient.id).toBe(one.patient.id);
    expect(p2.patient.id).toBe(two.patient.id);
  });

  it("a patient cannot reach another clinic's chart through the clinic header", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const me = await patientSession(a.id);
    await makePatient(b.id);
    const headers = new Headers(me.headers);
    headers.set("x-clearwell-clinic", b.id);
    await expect((await patientCaller(headers)).profile.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
    headers.set("x-clearwell-clinic", a.id);
    expect((await (await patientCaller(headers)).profile.get()).patient.id).toBe(me.patient.id);
  });

  it("a patient's update changes only their own record", async () => {
    const clinic = await makeClinic();
    const one = await patientSession(clinic.id);
    const two = await patientSession(clinic.id);
    await one.caller.profile.update({
      stateOfResidence: "NM",
      supportPerson: { name: "Ren Example", relationship: "Partner", phone: "(555) 010-9999" },
      emergencyContact: { name: "Ida Example", relationship: "Aunt", phone: "(555) 010-9998" },
    });
    const [r1] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, one.patient.id));
    const [r2] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, two.patient.id));
    expect(r1).toMatchObject({ stateOfResidence: "NM", supportPersonName: "Ren Example" });
    expect(r2).toMatchObject({ stateOfResidence: "CO", supportPersonName: null });
  });
});
