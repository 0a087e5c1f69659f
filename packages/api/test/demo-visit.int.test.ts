import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, gt, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { createContext } from "../src/context";
import { createProviderCaller } from "../src/root-provider";
import type { DemoVisitSource } from "../src/services/demo/demo-visit";
import { PATIENT_URL, PROVIDER_URL, makeClinic, makePatient, makeStaff, staffSession, testAuth, testDb } from "./harness";

// The admin's "Create a demo visit" (issue 15). The seed's own source books the demo clinic's cast
// (seed.int.test.ts runs it through this service); here a source of the same shape books this
// file's own clinic, so the procedure's roles, clinic gate, audit and transaction are tested apart
// from the one demo clinic a database can hold.
const db = testDb();
const LIVE = ["booked", "confirmed", "checked_in", "in_progress"] as const;
const FIVE_MIN = 5 * 60_000;

async function demoClinic() {
  const clinic = await makeClinic("Demo");
  const provider = await makeStaff(clinic.id, ["provider"]);
  const { patient, email } = await makePatient(clinic.id);
  const source: DemoVisitSource = {
    clinicSlug: clinic.slug,
    patientEmail: email,
    providerEmail: provider.email,
    timezone: "America/Denver",
    // Like the seed's: keep the open visit, else book one from the next five minutes.
    make: async (tx: DbOrTx, now: Date) => {
      const a = schema.appointment;
      const [open] = await tx
        .select()
        .from(a)
        .where(and(eq(a.clinicId, clinic.id), eq(a.patientId, patient.id), inArray(a.status, [...LIVE]), gt(a.endsAt, now)))
        .limit(1);
      if (open) return { visit: open, created: false };
      const startsAt = new Date(Math.ceil(now.getTime() / FIVE_MIN) * FIVE_MIN);
      const [row] = await tx
        .insert(a)
        .values({
          clinicId: clinic.id,
          patientId: patient.id,
          providerUserId: provider.id,
          kind: "evaluation",
          status: "confirmed",
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3_600_000),
          patientState: "CO",
          patientTimezone: "America/Denver",
          bookedByUserId: provider.id,
        })
        .returning();
      return { visit: row!, created: true };
    },
  };
  return { clinic, provider, patient, source };
}

/** A signed-in caller whose server wires in `source`, as the provider app does with the seed's. */
async function callerWith(clinicId: string, roles: Parameters<typeof staffSession>[1], source: DemoVisitSource | undefined) {
  const s = await staffSession(clinicId, roles);
  const ctx = await createContext({
    db,
    auth: testAuth("provider"),
    headers: s.headers,
    outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } },
    ...(source ? { demoVisits: source } : {}),
  });
  return { user: s.user, caller: createProviderCaller(ctx) };
}

const auditOf = (clinicId: string, action: string) =>
  db
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.clinicId, clinicId), eq(schema.auditEvent.action, action)));
const appointmentsOf = (patientId: string) => db.select().from(schema.appointment).where(eq(schema.appointment.patientId, patientId));

describe("demo visits on demand (admin, demo clinic only)", () => {
  it("books a new demo visit for an admin of the demo clinic, keeps it while open, and books another once it has ended; each call audited", async () => {
    const d = await demoClinic();
    const admin = await callerWith(d.clinic.id, ["admin"], d.source);

    expect(await admin.caller.demo.visitOffer()).toEqual({ available: true, patientEmail: d.source.patientEmail, providerEmail: d.source.providerEmail });

    const first = await admin.caller.demo.createVisit();
    expect(first).toMatchObject({ created: true, timezone: "America/Denver", patientEmail: d.source.patientEmail, providerEmail: d.source.providerEmail });
    expect(first.patientLink).toBe(`${PATIENT_URL}/visit/${first.appointmentId}`);
    expect(first.providerLink).toBe(`${PROVIDER_URL}/visits/${first.appointmentId}`);
    const [row] = await db.select().from(schema.appointment).where(eq(schema.appointment.id, first.appointmentId));
    expect(row).toMatchObject({ clinicId: d.clinic.id, patientId: d.patient.id, providerUserId: d.provider.id, status: "confirmed" });

    const [created] = await auditOf(d.clinic.id, "demo_visit.create");
    expect(created).toMatchObject({ actorUserId: admin.user.id, actorKind: "staff", resourceType: "appointment", resourceId: first.appointmentId, patientId: d.patient.id, outcome: "success" });

    // Still open: the same visit again, and the call is on record too.
    const again = await admin.caller.demo.createVisit();
    expect(again).toMatchObject({ appointmentId: first.appointmentId, created: false });
    expect(await auditOf(d.clinic.id, "demo_visit.keep")).toHaveLength(1);

    // Ended: the next call books a fresh one.
    await db.update(schema.appointment).set({ status: "completed" }).where(eq(schema.appointment.id, first.appointmentId));
    const fresh = await admin.caller.demo.createVisit();
    expect(fresh.created).toBe(true);
    expect(fresh.appointmentId).not.toBe(first.appointmentId);
    expect(await auditOf(d.clinic.id, "demo_visit.create")).toHaveLength(2);
  });

  it("refuses providers and front-desk staff of the demo clinic (denied and audited) and books nothing", async () => {
    const d = await demoClinic();
    for (const roles of [["provider"], ["staff"], ["provider", "prescriber"]] as const) {
      const { caller, user } = await callerWith(d.clinic.id, [...roles], d.source);
      await expect(caller.demo.createVisit()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.demo.visitOffer()).rejects.toMatchObject({ code: "FORBIDDEN" });
      const denied = await db
        .select()
        .from(schema.auditEvent)
        .where(and(eq(schema.auditEvent.actorUserId, user.id), eq(schema.auditEvent.action, "procedure.denied")));
      expect(denied.map((e) => [e.resourceId, e.outcome]).sort()).toEqual([
        ["demo.createVisit", "denied"],
        ["demo.visitOffer", "denied"],
      ]);
    }
    expect(await appointmentsOf(d.patient.id)).toEqual([]);
  });

  it("offers nothing to an admin of any other clinic, refuses the call there, and books nothing", async () => {
    const d = await demoClinic();
    const other = await makeClinic("Real");
    const admin = await callerWith(other.id, ["admin"], d.source);
    expect(await admin.caller.demo.visitOffer()).toEqual({ available: false, patientEmail: null, providerEmail: null });
    await expect(admin.caller.demo.createVisit()).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/only in the demo clinic/) });
    expect(await appointmentsOf(d.patient.id)).toEqual([]);
    expect(await auditOf(other.id, "demo_visit.create")).toEqual([]);
  });

  it("offers nothing where the server wires in no demo visit", async () => {
    const d = await demoClinic();
    const admin = await callerWith(d.clinic.id, ["admin"], undefined);
    expect((await admin.caller.demo.visitOffer()).available).toBe(false);
    await expect(admin.caller.demo.createVisit()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rolls the booking back when the visit it made belongs to another clinic (no visit, no audit row)", async () => {
    const d = await demoClinic();
    const elsewhere = await demoClinic();
    // A source whose cast lives in another clinic: its booking must not survive the refusal.
    const stray: DemoVisitSource = { ...elsewhere.source, clinicSlug: d.clinic.slug };
    const admin = await callerWith(d.clinic.id, ["admin"], stray);
    await expect(admin.caller.demo.createVisit()).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/missing from this clinic/) });
    expect(await appointmentsOf(elsewhere.patient.id)).toEqual([]);
    expect(await auditOf(d.clinic.id, "demo_visit.create")).toEqual([]);
    expect(await auditOf(elsewhere.clinic.id, "demo_visit.create")).toEqual([]);
  });
});
