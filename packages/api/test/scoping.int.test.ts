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
    expect(list.total).toBe(1);
    expect(list.items.every((p) => p.familyName === shared)).toBe(true);
    const all = await aStaff.caller.patient.list({ pageSize: 100 });
    const ids = new Set((await testDb().select({ id: schema.patient.id }).from(schema.patient).where(eq(schema.patient.clinicId, a.id))).map((r) => r.id));
    expect(all.items.every((p) => ids.has(p.id))).toBe(true);
  });

  it("asking for another clinic through the clinic header does not switch a non-member into it", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const { patient } = await makePatient(a.id);
    const bStaff = await staffSession(b.id, ["admin"]);
    const headers = new Headers(bStaff.headers);
    headers.set("x-clearwell-clinic", a.id);
    const caller = await providerCaller(headers);
    const me = await caller.session.me();
    expect(me.activeClinic?.clinicId).toBe(b.id);
    await expect(caller.patient.get({ patientId: patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
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
    const caller = await patientCaller(headers);
    const profile = await caller.profile.get();
    expect(profile.patient.id).toBe(me.patient.id);
    expect(profile.patient.clinicId).toBe(a.id);
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
