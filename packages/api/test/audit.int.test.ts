import { schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";

import { makeClinic, makePatient, patientSession, staffSession, testDb } from "./harness";

// Data-access events only; sign-in events are covered in auth.int.test.ts.
const eventsFor = (actorUserId: string) =>
  testDb()
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.actorUserId, actorUserId), sql`${schema.auditEvent.action} not like 'auth.%'`))
    .orderBy(schema.auditEvent.id);

describe("audit events", () => {
  it("a patient list writes one read event per request naming the patients shown, with request context", async () => {
    const clinic = await makeClinic();
    for (let i = 0; i < 3; i++) await makePatient(clinic.id);
    const s = await staffSession(clinic.id, ["provider"]);
    const list = await s.caller.patient.list({});
    const events = await eventsFor(s.user.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.patientIds!.sort()).toEqual(list.items.map((p) => p.id).sort());
    expect(events[0]).toMatchObject({
      action: "patient.list",
      resourceType: "patient_list",
      patientId: null,
      actorKind: "staff",
      actorRoles: ["provider"],
      clinicId: clinic.id,
      outcome: "success",
      ipAddress: "198.51.100.7",
      userAgent: "vitest",
      detail: { shown: 3 },
    });
    expect(events[0]!.requestId).toBeTruthy();
  });

  it("reading one chart and updating a profile are audited, the update with field names only", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const s = await staffSession(clinic.id, ["provider"]);
    await s.caller.patient.get({ patientId: p.patient.id });
    await p.caller.profile.update({
      phone: "(555) 010-4242",
      stateOfResidence: "CO",
      supportPerson: { name: "Ren Example", relationship: "Partner", phone: "(555) 010-9999" },
      emergencyContact: { name: "Ida Example", relationship: "Aunt", phone: "(555) 010-9998" },
    });
    expect((await eventsFor(s.user.id)).map((e) => [e.action, e.patientId])).toEqual([["patient.read", p.patient.id]]);
    const [update] = (await eventsFor(p.user!.id)).filter((e) => e.action === "profile.update");
    expect(update!.detail).toEqual({ changed: expect.arrayContaining(["phone", "supportPersonName"]) });
    expect(JSON.stringify(update!.detail)).not.toContain("Ren Example");
  });

  it("a failed write leaves neither the record nor its audit event", async () => {
    const clinic = await makeClinic();
    const { email } = await makePatient(clinic.id);
    const s = await staffSession(clinic.id, ["staff"]);
    await expect(
      s.caller.patient.invite({ givenName: "Dup", familyName: "Licate", email, dateOfBirth: "1980-01-01", stateOfResidence: "CO" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await eventsFor(s.user.id)).toHaveLength(0);
    const patients = await testDb().select().from(schema.patient).where(and(eq(schema.patient.clinicId, clinic.id), eq(schema.patient.givenName, "Dup")));
    expect(patients).toHaveLength(0);
  });

  it("the database refuses UPDATE, DELETE and TRUNCATE on audit events, even through raw SQL", async () => {
    const clinic = await makeClinic();
    await makePatient(clinic.id);
    const s = await staffSession(clinic.id, ["admin"]);
    await s.caller.patient.list({});
    const [event] = await eventsFor(s.user.id);
    // As the owner: the triggers hold even for it (the app role lacks the privileges in the first place).
    const raw = postgres(inject("ownerDatabaseUrl"), { max: 1, onnotice: () => {} });
    try {
      await expect(raw`update audit_event set action = 'tampered' where id = ${event!.id}`).rejects.toThrow(/append-only/);
      await expect(raw`delete from audit_event where id = ${event!.id}`).rejects.toThrow(/append-only/);
      // epcs_audit_finding references audit rows, so a plain TRUNCATE stops at the foreign key;
      // with CASCADE it reaches the append-only trigger.
      await expect(raw`truncate audit_event`).rejects.toThrow(/append-only|referenced in a foreign key/);
      await expect(raw`truncate audit_event cascade`).rejects.toThrow(/append-only/);
    } finally {
      await raw.end();
    }
    const [after] = await testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.id, event!.id));
    expect(after!.action).toBe("patient.list");
  });

  it("admins browse and filter their own clinic's audit log only, and browsing is itself audited", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const { patient } = await makePatient(a.id);
    await makePatient(b.id);
    const provider = await staffSession(a.id, ["provider"]);
    await provider.caller.patient.get({ patientId: patient.id });
    await (await staffSession(b.id, ["provider"])).caller.patient.list({});
    const admin = await staffSession(a.id, ["admin"]);
    const log = await admin.caller.audit.list({ patientId: patient.id });
    expect(log.items.length).toBeGreaterThan(0);
    expect(log.items.every((e) => e.patientId === patient.id)).toBe(true);
    expect(log.items[0]).toMatchObject({ action: "patient.read", actorName: provider.user.name, patientMrn: patient.mrn });
    const all = await admin.caller.audit.list({ limit: 200 });
    const clinicOf = await testDb().select({ id: schema.auditEvent.id, clinicId: schema.auditEvent.clinicId }).from(schema.auditEvent).where(sql`${schema.auditEvent.id} in ${all.items.map((e) => e.id)}`);
    expect(clinicOf.every((r) => r.clinicId === a.id)).toBe(true);
    const denied = await admin.caller.audit.list({ outcome: "denied" });
    expect(denied.items.every((e) => e.outcome === "denied")).toBe(true);
    expect((await eventsFor(admin.user.id)).filter((e) => e.action === "audit.list")).toHaveLength(3);
  });

  it("pages through the audit log without gaps or repeats", async () => {
    const clinic = await makeClinic();
    await makePatient(clinic.id);
    const admin = await staffSession(clinic.id, ["admin"]);
    for (let i = 0; i < 12; i++) await admin.caller.patient.list({});
    const seen: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = await admin.caller.audit.list({ action: "patient.list", limit: 10, cursor });
      seen.push(...page.items.map((e) => e.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });
});
