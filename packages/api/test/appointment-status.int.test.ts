import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { makeClinic, makePatient, makeStaff, staffSession, testDb } from "./harness";

const MIN = 60_000;

/** An appointment inserted directly, so its start can be in the past (no-show) or near (cutoff). */
async function appointment(clinicId: string, providerUserId: string, o: { startsInMinutes: number; status?: "booked" | "confirmed"; kind?: "evaluation" | "follow_up" }) {
  const { patient, user } = await makePatient(clinicId);
  const startsAt = new Date(Date.now() + o.startsInMinutes * MIN);
  const [row] = await testDb()
    .insert(schema.appointment)
    .values({
      clinicId,
      patientId: patient.id,
      providerUserId,
      kind: o.kind ?? "evaluation",
      status: o.status ?? "booked",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * MIN),
      patientState: "CO",
      patientTimezone: "America/Denver",
      bookedByUserId: user!.id,
    })
    .returning();
  return row!;
}

const audit = (resourceId: string) => testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.resourceId, resourceId));

describe("schedule.setStatus (DOMAIN.md §2 appointment state machine)", () => {
  it("staff confirm, then record a no-show after the grace period; a follow-up no-show raises A8", async () => {
    const clinic = await makeClinic();
    const provider = await makeStaff(clinic.id, ["provider"]);
    const staff = await staffSession(clinic.id, ["staff"]);

    const soon = await appointment(clinic.id, provider.id, { startsInMinutes: 60 });
    expect(await staff.caller.schedule.setStatus({ appointmentId: soon.id, event: "confirm" })).toMatchObject({ status: "confirmed" });
    await expect(staff.caller.schedule.setStatus({ appointmentId: soon.id, event: "confirm" })).rejects.toMatchObject({ code: "CONFLICT" });
    // Before the start plus grace, a no-show cannot be recorded.
    await expect(staff.caller.schedule.setStatus({ appointmentId: soon.id, event: "mark_no_show" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/15 minutes after the start/) });

    const missed = await appointment(clinic.id, provider.id, { startsInMinutes: -40, status: "confirmed", kind: "follow_up" });
    expect(await staff.caller.schedule.setStatus({ appointmentId: missed.id, event: "mark_no_show" })).toMatchObject({ status: "no_show" });
    const alerts = await testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.patientId, missed.patientId));
    expect(alerts).toMatchObject([{ type: "A8", severity: "medium", status: "open", sourceId: missed.id }]);
    // Staff see it on their dashboard, to rebook the patient.
    const dash = await staff.caller.schedule.dashboard({ dayStart: new Date(Date.now() - 86_400_000), dayEnd: new Date() });
    expect(dash.alerts.map((a) => [a.type, a.patientId])).toContainEqual(["A8", missed.patientId]);
    expect((await audit(missed.id)).map((e) => e.action)).toContain("appointment.no_show");

    // An evaluation no-show raises no alert.
    const missedEval = await appointment(clinic.id, provider.id, { startsInMinutes: -40 - 24 * 60, status: "confirmed" });
    await staff.caller.schedule.setStatus({ appointmentId: missedEval.id, event: "mark_no_show" });
    expect(await testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.patientId, missedEval.patientId))).toEqual([]);
  });

  it("the clinic may cancel inside the patients' cutoff, with a reason, but not after the start", async () => {
    const clinic = await makeClinic();
    const provider = await makeStaff(clinic.id, ["provider"]);
    const admin = await staffSession(clinic.id, ["admin"]);
    const inCutoff = await appointment(clinic.id, provider.id, { startsInMinutes: 120 });
    await expect(admin.caller.schedule.setStatus({ appointmentId: inCutoff.id, event: "cancel", reason: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const cancelled = await admin.caller.schedule.setStatus({ appointmentId: inCutoff.id, event: "cancel", reason: "Provider unwell" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "Provider unwell", cancelledByUserId: admin.user.id });
    expect((await audit(inCutoff.id)).find((e) => e.action === "appointment.cancel")?.detail).toMatchObject({ from: "booked", to: "cancelled", reason: "Provider unwell" });

    const started = await appointment(clinic.id, provider.id, { startsInMinutes: -5 });
    await expect(admin.caller.schedule.setStatus({ appointmentId: started.id, event: "cancel", reason: "Late" })).rejects.toMatchObject({ code: "CONFLICT" });
    const [unchanged] = await testDb().select().from(schema.appointment).where(eq(schema.appointment.id, started.id));
    expect(unchanged!.status).toBe("booked");
  });

  it("providers manage only their own visits; other clinics see nothing", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const colleague = await staffSession(clinic.id, ["provider", "prescriber"]);
    const own = await appointment(clinic.id, provider.user.id, { startsInMinutes: 300 });
    expect(await provider.caller.schedule.setStatus({ appointmentId: own.id, event: "confirm" })).toMatchObject({ status: "confirmed" });

    const theirs = await appointment(clinic.id, colleague.user.id, { startsInMinutes: 300 });
    await expect(provider.caller.schedule.setStatus({ appointmentId: theirs.id, event: "confirm" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const roles of [["admin"], ["staff"], ["provider"]] as const) {
      const outsider = await staffSession((await makeClinic()).id, [...roles]);
      await expect(outsider.caller.schedule.setStatus({ appointmentId: theirs.id, event: "confirm" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const [still] = await testDb().select().from(schema.appointment).where(eq(schema.appointment.id, theirs.id));
    expect(still!.status).toBe("booked");
    const denied = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.resourceId, theirs.id), eq(schema.auditEvent.outcome, "denied")));
    expect(denied.length).toBe(4);
  });

  it("rejects malformed input field by field", async () => {
    const clinic = await makeClinic();
    const staff = await staffSession(clinic.id, ["staff"]);
    await expect(staff.caller.schedule.setStatus({ appointmentId: "nope", event: "confirm" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(staff.caller.schedule.setStatus({ appointmentId: crypto.randomUUID(), event: "end" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("clinic.updateScheduling", () => {
  const settings = { evaluationMinutes: 45, followUpMinutes: 20, cancelCutoffMinutes: 720, minBookingNoticeMinutes: 60, bookingHorizonDays: 42, noShowGraceMinutes: 10, bookingBeforeIntakeReview: false, joinWindowMinutes: 20 };

  it("admins change visit lengths and booking rules; the change is audited with before and after", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    expect(await admin.caller.clinic.updateScheduling(settings)).toEqual(settings);
    expect((await admin.caller.clinic.get()).scheduling).toEqual(settings);
    const [event] = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.resourceId, clinic.id), eq(schema.auditEvent.action, "clinic.scheduling.update")));
    expect(event!.detail).toMatchObject({ evaluationMinutes: { from: 60, to: 45 }, bookingBeforeIntakeReview: { from: true, to: false } });
  });

  it("out-of-range values are refused and nothing is written", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    await expect(admin.caller.clinic.updateScheduling({ ...settings, evaluationMinutes: 5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.caller.clinic.updateScheduling({ ...settings, bookingHorizonDays: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const [row] = await testDb().select().from(schema.clinic).where(eq(schema.clinic.id, clinic.id));
    expect(row!.evaluationMinutes).toBe(60);
  });

  it("is for admins only", async () => {
    const clinic = await makeClinic();
    for (const roles of [["provider"], ["prescriber"], ["staff"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      await expect(s.caller.clinic.updateScheduling(settings)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
