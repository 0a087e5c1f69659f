import { randomUUID } from "node:crypto";

import { createDb, schema } from "@clearwell/db/client";
import { INTAKE_STEPS } from "@clearwell/validators/intake";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";

import { createContext } from "../src/context";
import { createProviderCaller } from "../src/root-provider";
import { PATIENT_URL, PROVIDER_URL, makeClinic, patientSession, staffSession, testAuth, testDb } from "./harness";
import { licenceIn } from "./booking-fixtures";
import { cleanIntake } from "./intake-fixtures";

const statements: string[] = [];
const countingDb = createDb(inject("databaseUrl"), 4, { onQuery: (q) => statements.push(q) });
afterAll(() => countingDb.$end({ timeout: 5 }));

/** A patient who submitted intake (item 9 positive) and booked an evaluation with `providerId`. */
async function bookedPatient(clinicId: string, providerId: string) {
  const db = testDb();
  await licenceIn(clinicId, providerId, ["CO"]);
  await db.insert(schema.providerProfile).values({ userId: providerId, credentials: "MD", timezone: "America/Denver" }).onConflictDoNothing();
  await db
    .insert(schema.availabilityWindow)
    .values([0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ clinicId, providerUserId: providerId, weekday, startMinute: 540, endMinute: 1020 })));
  const p = await patientSession(clinicId);
  const draft = await p.caller.intake.start();
  const answers = cleanIntake({ phq9: { items: [2, 2, 2, 2, 1, 2, 2, 1, 1] } });
  for (const step of INTAKE_STEPS) await p.caller.intake.saveStep({ intakeId: draft.id, step, data: answers[step] } as never);
  await p.caller.intake.submit({ intakeId: draft.id });
  await db.update(schema.patient).set({ status: "ready_to_schedule" }).where(eq(schema.patient.id, p.patient.id));
  const { slots } = await p.caller.booking.slots({ kind: "evaluation" });
  const appt = await p.caller.booking.book({ kind: "evaluation", providerUserId: providerId, startsAt: slots[0]!.start, idempotencyKey: randomUUID() });
  return { ...p, appt, intakeId: draft.id };
}

describe("patient chart", () => {
  it("brings header, flags, scores, appointments, alerts and timeline together in a fixed number of statements", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const p = await bookedPatient(clinic.id, provider.user.id);
    const caller = createProviderCaller(
      await createContext({
        db: countingDb,
        auth: testAuth("provider"),
        headers: provider.headers,
        outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } },
      }),
    );
    statements.length = 0;
    const t0 = performance.now();
    const chart = await caller.chart.get({ patientId: p.patient.id });
    const ms = performance.now() - t0;
    console.log(`chart.get: ${statements.length} statements, ${ms.toFixed(1)} ms`);
    // begin, the chart (access check, clinic time zone and every section in one statement) sent
    // together with the audit insert, commit: 4 statements in 3 round trips, whatever the row counts.
    expect(statements.length).toBe(4);
    expect(statements.filter((q) => /^\s*insert/i.test(q))).toHaveLength(1);

    expect(chart.header).toMatchObject({ state: "CO", status: "ready_to_schedule", supportPerson: { name: "Alex Testcase" } });
    expect(chart.intake?.crisisPathway).toBe(true);
    expect(chart.scores.map((s) => [s.instrument, s.total])).toEqual(expect.arrayContaining([["phq9", 15], ["gad7", 11]]));
    expect(chart.appointments).toMatchObject([{ id: p.appt.id, status: "booked", providerName: provider.user.name }]);
    expect(chart.alerts).toMatchObject([{ type: "A1", severity: "critical" }]);
    expect(chart.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(["intake.submit", "alert.raise", "appointment.book"]));
  });

  it("the statement count does not grow with the number of rows", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const p = await bookedPatient(clinic.id, provider.user.id);
    const db = testDb();
    await db.insert(schema.questionnaireResponse).values(
      Array.from({ length: 40 }, (_, i) => ({
        clinicId: clinic.id,
        patientId: p.patient.id,
        instrument: (i % 2 ? "phq9" : "gad7") as "phq9" | "gad7",
        context: "check_in" as const,
        answers: [1, 1, 1, 1, 1, 1, 1],
        total: 7,
        severity: "mild",
        completedAt: new Date(Date.now() - i * 86_400_000),
      })),
    );
    const caller = createProviderCaller(
      await createContext({ db: countingDb, auth: testAuth("provider"), headers: provider.headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } } }),
    );
    statements.length = 0;
    const chart = await caller.chart.get({ patientId: p.patient.id });
    expect(chart.scores).toHaveLength(42);
    expect(statements.length).toBe(4);
  });

  it("is refused to staff and admins, to unassigned clinicians once a patient has a clinician, and across clinics", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const p = await bookedPatient(clinic.id, provider.user.id);
    for (const roles of [["staff"], ["admin"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      await expect(s.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const colleague = await staffSession(clinic.id, ["provider", "prescriber"]);
    await expect(colleague.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A cancelled booking with the patient is not a treating relationship.
    await testDb().update(schema.appointment).set({ status: "cancelled", cancelledAt: new Date(), cancelReason: "Changed plans" }).where(eq(schema.appointment.id, p.appt.id));
    await expect(provider.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const otherClinic = await makeClinic();
    const elsewhere = { ...(await staffSession(otherClinic.id, ["provider"])), clinicId: otherClinic.id };
    await expect(elsewhere.caller.chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Another clinic's staff see nothing of this clinic's schedule or dashboard.
    const range = { from: new Date(), to: new Date(Date.now() + 28 * 86_400_000) };
    for (const roles of [["provider"], ["admin"], ["staff"]] as const) {
      const outsider = await staffSession(elsewhere.clinicId, [...roles]);
      expect(await outsider.caller.schedule.list(range)).toEqual([]);
      expect(await outsider.caller.schedule.list({ ...range, providerUserId: provider.user.id })).toEqual([]);
      const dash = await outsider.caller.schedule.dashboard({ dayStart: range.from, dayEnd: range.to });
      expect([...dash.today, ...dash.awaitingReview, ...dash.alerts]).toEqual([]);
    }
    const denied = await testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.actorUserId, colleague.user.id));
    expect(denied.some((e) => e.action === "chart.read" && e.outcome === "denied")).toBe(true);
  });
});

describe("intake review, schedule and dashboard", () => {
  it("a clinician reviews and releases an intake; the dashboard and schedule show the right things to the right roles", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const other = await staffSession(clinic.id, ["provider"]);
    const p = await bookedPatient(clinic.id, provider.user.id);

    const newcomer = await patientSession(clinic.id);
    const draft = await newcomer.caller.intake.start();
    for (const step of INTAKE_STEPS) await newcomer.caller.intake.saveStep({ intakeId: draft.id, step, data: cleanIntake()[step] } as never);
    await newcomer.caller.intake.submit({ intakeId: draft.id });

    const range = { from: new Date(), to: new Date(Date.now() + 28 * 86_400_000) };
    expect((await provider.caller.schedule.list(range)).map((a) => a.id)).toEqual([p.appt.id]);
    expect(await other.caller.schedule.list(range)).toEqual([]);
    const admin = await staffSession(clinic.id, ["admin"]);
    expect((await admin.caller.schedule.list(range)).map((a) => a.id)).toEqual([p.appt.id]);
    expect(await admin.caller.schedule.list({ ...range, providerUserId: other.user.id })).toEqual([]);

    const dash = await provider.caller.schedule.dashboard({ dayStart: range.from, dayEnd: range.to });
    expect(dash.awaitingReview.map((r) => r.id)).toContain(newcomer.patient.id);
    expect(dash.alerts.map((a) => a.patientId)).toContain(p.patient.id);

    // Review: the newcomer has no clinician yet; a clinician takes them on first. Staff may not review.
    const staff = await staffSession(clinic.id, ["staff"]);
    await expect(staff.caller.chart.reviewIntake({ patientId: newcomer.patient.id, intakeId: draft.id, releaseForScheduling: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const elsewhere = await staffSession((await makeClinic()).id, ["provider"]);
    await expect(elsewhere.caller.chart.reviewIntake({ patientId: newcomer.patient.id, intakeId: draft.id, releaseForScheduling: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.chart.reviewIntake({ patientId: newcomer.patient.id, intakeId: draft.id, releaseForScheduling: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await other.caller.careTeam.claim({ patientId: newcomer.patient.id });
    await other.caller.chart.reviewIntake({ patientId: newcomer.patient.id, intakeId: draft.id, note: "No blocking flags.", releaseForScheduling: true });
    const [after] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, newcomer.patient.id));
    expect(after!.status).toBe("ready_to_schedule");
    const dashAfter = await provider.caller.schedule.dashboard({ dayStart: range.from, dayEnd: range.to });
    expect(dashAfter.awaitingReview.map((r) => r.id)).not.toContain(newcomer.patient.id);
    const chart = await other.caller.chart.get({ patientId: newcomer.patient.id });
    expect(chart.intake?.reviewedAt).not.toBeNull();
  });
});

