import { verifyAuditChain } from "@clearwell/db/audit-verify";
import { createDb, schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";

import { createContext } from "../src/context";
import { createProviderCaller } from "../src/root-provider";
import { PATIENT_URL, PROVIDER_URL, makeClinic, makePatient, makeStaff, patientSession, signIn, staffSession, testAuth, testDb, testVideo } from "./harness";

// Issue 15 item 10 / issue 14: list reads audited per request, the patient filter, denied reads and actor roles.
const owner = postgres(inject("ownerDatabaseUrl"), { max: 1, onnotice: () => {} });
afterAll(() => owner.end());

const eventsOf = (actorUserId: string, action?: string) =>
  testDb()
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.actorUserId, actorUserId), action ? eq(schema.auditEvent.action, action) : sql`${schema.auditEvent.action} not like 'auth.%'`))
    .orderBy(schema.auditEvent.id);

/** `n` patients of the clinic with a confirmed appointment each this week, spread over `providers` providers. */
async function busyWeek(clinicId: string, providers: number, n: number) {
  const admin = await makeStaff(clinicId, ["admin"]);
  const provs = await Promise.all(Array.from({ length: providers }, () => makeStaff(clinicId, ["provider"])));
  const patients = await Promise.all(Array.from({ length: n }, () => makePatient(clinicId, { withAccount: false })));
  const monday = new Date(Date.UTC(2031, 0, 6, 15));
  await testDb()
    .insert(schema.appointment)
    .values(
      patients.map(({ patient }, i) => {
        const startsAt = new Date(monday.getTime() + Math.floor(i / providers) * 3_600_000);
        return {
          clinicId,
          patientId: patient.id,
          providerUserId: provs[i % providers]!.id,
          kind: "follow_up" as const,
          status: "confirmed" as const,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 30 * 60_000),
          patientState: "CO",
          patientTimezone: "America/Denver",
          bookedByUserId: admin.id,
        };
      }),
    );
  return { patients: patients.map((p) => p.patient), week: { from: monday, to: new Date(monday.getTime() + 7 * 86_400_000) } };
}

describe("list reads: one audit row per request", () => {
  it("the patient list writes one row naming every patient shown (before: one row per patient)", async () => {
    const clinic = await makeClinic();
    for (let i = 0; i < 7; i++) await makePatient(clinic.id);
    const s = await staffSession(clinic.id, ["staff"]);
    const page = await s.caller.patient.list({ pageSize: 5 });
    const rows = await eventsOf(s.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "patient.list", patientId: null, detail: { shown: 5 } });
    expect(rows[0]!.patientIds!.sort()).toEqual(page.items.map((p) => p.id).sort());
    // A search that finds nobody is still one row on record, naming no one and not the search text.
    await s.caller.patient.list({ q: "zz-nobody-zz" });
    const [, empty] = await eventsOf(s.user.id);
    expect(empty).toMatchObject({ action: "patient.list", patientIds: [], detail: { shown: 0, searched: true } });
    expect(JSON.stringify(empty!.detail)).not.toContain("nobody");
    // The next page (by keyset) is a row of its own naming only the two patients it shows.
    const next = await s.caller.patient.list({ pageSize: 5, cursor: page.nextCursor });
    expect(next.items).toHaveLength(2);
    expect(next.nextCursor).toBeNull();
    const [, , second] = await eventsOf(s.user.id);
    expect(second!.patientIds!.sort()).toEqual(next.items.map((p) => p.id).sort());
  });

  it("an admin's week of a busy clinic is one schedule row and the dashboard one row of its own", async () => {
    const clinic = await makeClinic();
    const { patients, week } = await busyWeek(clinic.id, 4, 40);
    const admin = await staffSession(clinic.id, ["admin"]);
    const shown = await admin.caller.schedule.list(week);
    expect(shown).toHaveLength(40);
    const rows = await eventsOf(admin.user.id);
    expect(rows.map((r) => r.action)).toEqual(["schedule.read"]);
    expect(rows[0]!.patientIds!.sort()).toEqual(patients.map((p) => p.id).sort());

    await admin.caller.schedule.dashboard({ dayStart: week.from, dayEnd: new Date(week.from.getTime() + 86_400_000) });
    const after = await eventsOf(admin.user.id);
    // The dashboard's own list (today's schedule) and its panels: one row each, not one per patient.
    expect(after.slice(1).map((r) => r.action)).toEqual(["schedule.read", "dashboard.read"]);
  });

  it("an admin finds every access to one patient, list reads that showed them included", async () => {
    const clinic = await makeClinic();
    const { patient } = await makePatient(clinic.id, { familyName: "Quillfeather" });
    const { patient: someoneElse } = await makePatient(clinic.id, { familyName: "Aardvark" });
    const staff = await staffSession(clinic.id, ["staff"]);
    await staff.caller.patient.list({ q: "Quillfeather" });
    await staff.caller.patient.list({ q: "Aardvark" });
    await staff.caller.patient.get({ patientId: patient.id });
    const admin = await staffSession(clinic.id, ["admin"]);
    const log = await admin.caller.audit.list({ patientId: patient.id, actorUserId: staff.user.id });
    expect(log.patient).toEqual({ id: patient.id, name: `Pat Quillfeather`, mrn: patient.mrn, dateOfBirth: "1985-05-05" });
    expect(log.items.map((e) => [e.action, e.patientId, e.patientName, e.listedCount])).toEqual([
      ["patient.read", patient.id, "Pat Quillfeather", null],
      ["patient.list", patient.id, "Pat Quillfeather", 1],
    ]);
    // The other patient's list read is theirs alone.
    const theirs = await admin.caller.audit.list({ patientId: someoneElse.id, actorUserId: staff.user.id });
    expect(theirs.items.map((e) => e.action)).toEqual(["patient.list"]);
    // Who a list read showed, by name, on request (itself audited).
    const listRead = log.items[1]!;
    expect(await admin.caller.audit.listReadPatients({ eventId: listRead.id })).toEqual({ items: [log.patient], missing: 0 });
    const [opened] = await eventsOf(admin.user.id, "audit.list_read_patients");
    expect(opened).toMatchObject({ resourceId: String(listRead.id), patientIds: [patient.id] });
  });
});

describe("finding a patient in the audit log", () => {
  it("by name, MRN or date of birth, in the admin's clinic only, with demographics only", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const { patient } = await makePatient(clinic.id, { familyName: "Marchbanks" });
    await testDb().update(schema.patient).set({ dateOfBirth: "1979-11-23" }).where(eq(schema.patient.id, patient.id));
    await makePatient(other.id, { familyName: "Marchbanks" });
    const admin = await staffSession(clinic.id, ["admin"]);
    const expected = { id: patient.id, name: "Pat Marchbanks", mrn: patient.mrn, dateOfBirth: "1979-11-23" };
    expect(await admin.caller.audit.findPatient({ q: "marchb" })).toEqual({ items: [expected], more: false });
    expect((await admin.caller.audit.findPatient({ q: patient.mrn })).items).toEqual([expected]);
    expect((await admin.caller.audit.findPatient({ q: "1979-11-23" })).items).toEqual([expected]);
    expect((await admin.caller.audit.findPatient({ q: "11/23/1979" })).items).toEqual([expected]);
    expect((await admin.caller.audit.findPatient({ q: "2/30/1979" })).items).toEqual([]);
    await expect(admin.caller.audit.findPatient({ q: "m" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Each search is a read of demographics: one list row naming who was shown, never the search text.
    const searches = await eventsOf(admin.user.id, "audit.patient_search");
    expect(searches).toHaveLength(5);
    expect(searches[0]).toMatchObject({ patientIds: [patient.id], detail: { by: "text", shown: 1 } });
    expect(searches[2]).toMatchObject({ detail: { by: "date_of_birth", shown: 1 } });
    expect(JSON.stringify(searches.map((e) => e.detail))).not.toMatch(/marchb|1979/i);
    // Another clinic's patient as a filter: no name, no events of theirs.
    const [otherPatient] = await testDb().select({ id: schema.patient.id }).from(schema.patient).where(eq(schema.patient.clinicId, other.id));
    expect(otherPatient).toBeDefined();
    expect(await admin.caller.audit.list({ patientId: otherPatient!.id })).toMatchObject({ items: [], patient: null });
  });

  it("is for admins only; other roles and patients are refused and the refusal is audited", async () => {
    const clinic = await makeClinic();
    const { patient } = await makePatient(clinic.id);
    for (const roles of [["provider"], ["prescriber"], ["staff"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      await expect(s.caller.audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(s.caller.audit.list({ patientId: patient.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(s.caller.audit.findPatient({ q: "Pat" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(s.caller.audit.listReadPatients({ eventId: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
      const refused = await eventsOf(s.user.id, "procedure.denied");
      expect(refused.map((e) => e.resourceId)).toEqual(["audit.list", "audit.list", "audit.findPatient", "audit.listReadPatients"]);
    }
    const p = await patientSession(clinic.id);
    // The patient app has no audit router at all.
    await expect((p.caller as unknown as { audit: { list: (i: object) => Promise<unknown> } }).audit.list({})).rejects.toMatchObject({ code: "NOT_FOUND" });
    // An admin of another clinic cannot open this clinic's list reads.
    const staff = await staffSession(clinic.id, ["staff"]);
    await staff.caller.patient.list({});
    const [read] = await eventsOf(staff.user.id, "patient.list");
    const outsider = await staffSession((await makeClinic()).id, ["admin"]);
    await expect(outsider.caller.audit.listReadPatients({ eventId: read!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("denied reads", () => {
  it("a denied chart read names the patient asked for, and is written without a second connection", async () => {
    const clinic = await makeClinic();
    const { patient } = await makePatient(clinic.id, { familyName: "Thistlewood" });
    const colleague = await staffSession(clinic.id, ["provider"]);
    // One connection in the pool: the denial's row can only be written once the refused transaction let go of it.
    const one = createDb(inject("databaseUrl"), 1, { acquireTimeoutMs: 3_000 });
    try {
      const caller = createProviderCaller(
        await createContext({ db: one, auth: testAuth("provider"), headers: colleague.headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } }, video: testVideo() }),
      );
      await expect(caller.chart.get({ patientId: patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await one.$end({ timeout: 5 });
    }
    const [row] = await eventsOf(colleague.user.id, "chart.read");
    expect(row).toMatchObject({ outcome: "denied", patientId: patient.id, resourceId: patient.id });
    const admin = await staffSession(clinic.id, ["admin"]);
    const log = await admin.caller.audit.list({ outcome: "denied", actorUserId: colleague.user.id });
    expect(log.items.map((e) => [e.action, e.patientName, e.patientMrn])).toEqual([["chart.read", "Pat Thistlewood", patient.mrn]]);
    // A probe for a patient of another clinic is on record with the id asked for, but no name.
    const { patient: elsewhere } = await makePatient((await makeClinic()).id);
    await expect(colleague.caller.chart.get({ patientId: elsewhere.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const probe = (await admin.caller.audit.list({ outcome: "denied", actorUserId: colleague.user.id })).items[0]!;
    expect(probe).toMatchObject({ action: "chart.read", patientId: elsewhere.id, patientName: null });
  });
});

describe("actor roles", () => {
  it("a person reads the same on sign-in rows as on every other row: the roles they held, one order", async () => {
    // Named so the first (active) clinic is `clinic`: memberships are ordered by clinic name.
    const clinic = await makeClinic("A roles");
    const second = await makeClinic("Z roles");
    await makePatient(clinic.id);
    // Membership rows written in a non-alphabetical order.
    const user = await makeStaff(clinic.id, ["staff", "admin", "provider"]);
    await testDb().insert(schema.clinicMembership).values({ clinicId: second.id, userId: user.id, role: "staff" });
    const signedIn = await signIn(testAuth("provider"), user.email);
    expect(signedIn.status).toBe(200);
    await testDb().update(schema.user).set({ twoFactorEnabled: true }).where(eq(schema.user.id, user.id));
    const caller = createProviderCaller(
      await createContext({ db: testDb(), auth: testAuth("provider"), headers: signedIn.headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } }, video: testVideo() }),
    );
    await caller.patient.list({});
    const rows = await testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.actorUserId, user.id)).orderBy(schema.auditEvent.id);
    const inClinic = rows.filter((r) => r.clinicId === clinic.id);
    expect(inClinic.map((r) => [r.action, r.actorRoles])).toEqual([
      ["auth.sign_in", ["admin", "provider", "staff"]],
      ["patient.list", ["admin", "provider", "staff"]],
    ]);
    // In the other clinic they are staff only, and its log says so.
    expect(rows.filter((r) => r.clinicId === second.id).map((r) => [r.action, r.actorRoles])).toEqual([["auth.sign_in", ["staff"]]]);
    // The admin's view shows the recorded roles on both rows.
    const log = await caller.audit.list({ actorUserId: user.id, action: "auth." });
    expect(log.items.map((e) => e.actorRoles)).toEqual([["admin", "provider", "staff"]]);
    // A patient's sign-in says patient, as their own reads do.
    const p = await patientSession(clinic.id);
    const [patientSignIn] = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.actorUserId, p.user!.id), eq(schema.auditEvent.action, "auth.sign_in")));
    expect(patientSignIn!.actorRoles).toEqual(["patient"]);
  });
});

describe("the hash chain with list reads", () => {
  it("verifies, and an edit of the patients a list read showed is found", async () => {
    const clinic = await makeClinic();
    for (let i = 0; i < 3; i++) await makePatient(clinic.id);
    const s = await staffSession(clinic.id, ["staff"]);
    for (let i = 0; i < 3; i++) await s.caller.patient.list({});
    expect(await verifyAuditChain(owner, { clinicId: clinic.id })).toMatchObject({ breaks: [] });
    const [, middle] = await eventsOf(s.user.id, "patient.list");
    // Around the triggers, as a superuser could: drop one patient from the middle row's set.
    await owner.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_event set patient_ids = patient_ids[2:] where id = ${middle!.id}`;
    });
    const result = await verifyAuditChain(owner, { clinicId: clinic.id });
    expect(result.breaks).toEqual([{ clinicId: clinic.id, id: middle!.id, chainSeq: middle!.chainSeq, problem: "hash" }]);
  });
});
