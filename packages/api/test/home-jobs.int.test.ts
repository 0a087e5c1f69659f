/**
 * The scheduled jobs of issue 13 driven with a controllable clock (DOMAIN.md §2, §7): alert.escalate,
 * home.sweep, checkin.schedule, regimen.review, scoped to each test's clinic. Clocks are set ahead
 * of the real one, so a real worker running other test files' queues never acts on these rows.
 */
import { randomUUID } from "node:crypto";

import { addCalendarDays, calendarDateIn, ruleA1, ruleA3, ruleA4, ruleA10, sessionMissedAt } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { systemActor } from "../src/actor";
import { scheduleCheckIns } from "../src/services/safety/jobs/checkin-schedule";
import { escalateDueAlerts } from "../src/services/safety/jobs/escalate";
import { sweepHome } from "../src/services/safety/jobs/home-sweep";
import { reviewRegimens } from "../src/services/safety/jobs/regimen-review";
import { applyFollowUpPlan } from "../src/services/safety/plan";
import { META, alertRow, alertWorld, alertsOf, eventsOf, mailsTo, raise } from "./alert-fixtures";
import { testDb } from "./harness";
import { PATIENT_ZONE, currentDecision, homeWorld, openSession, regimenRow, sessionRow } from "./regimen-fixtures";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (t: Date, ms: number) => new Date(t.getTime() + ms);

describe("alert.escalate (DOMAIN.md §7: an SLA breach escalates to the next tier and the admin)", () => {
  it("an open critical alert goes to on-call after 60 min and to the backup after another 60; reruns change nothing", async () => {
    const w = await alertWorld();
    const scope = { clinicIds: [w.clinic.id] };
    const T = at(new Date(), DAY);
    const id = (await raise(w.clinic.id, w.p.patient.id, ruleA1({ item9: 1 })!, { now: T })).alertId!;
    expect(await alertRow(id)).toMatchObject({ tier: 0, ownerUserId: w.provider.user.id, slaDueAt: at(T, 60 * MIN) });

    expect(await escalateDueAlerts(testDb(), at(T, 59 * MIN), scope)).toEqual({ escalated: 0 });
    expect(await escalateDueAlerts(testDb(), at(T, 60 * MIN), scope)).toEqual({ escalated: 1 });
    expect(await alertRow(id)).toMatchObject({ status: "escalated", tier: 1, ownerUserId: w.onCall.user.id, escalatedAt: at(T, 60 * MIN), slaDueAt: at(T, 120 * MIN) });
    expect(await escalateDueAlerts(testDb(), at(T, 61 * MIN), scope)).toEqual({ escalated: 0 });

    // The admin learns of it: a neutral mail and one neutral line in the inbox (no rule, severity or summary).
    expect((await mailsTo(w.admin.user.email)).map((m) => m.subject)).toEqual(["Clearwell: an alert in your clinic was escalated"]);
    const [line] = (await w.admin.caller.alert.list({ scope: "escalated" })).items;
    expect(line).toMatchObject({ id, view: "escalation", type: null, severity: null, summary: "An urgent item needs a clinician", tier: 1 });
    expect(await w.admin.caller.alert.counts()).toMatchObject({ open: 1, critical: 0, escalated: 1 });
    expect(await w.staff.caller.alert.counts()).toMatchObject({ escalated: 1 });

    expect(await escalateDueAlerts(testDb(), at(T, 120 * MIN), scope)).toEqual({ escalated: 1 });
    expect(await alertRow(id)).toMatchObject({ status: "escalated", tier: 2, ownerUserId: w.backup.user.id, slaDueAt: null });
    // The top tier: nowhere further to go.
    expect(await escalateDueAlerts(testDb(), at(T, 600 * MIN), scope)).toEqual({ escalated: 0 });
    expect((await eventsOf(id)).filter((e) => e.kind === "escalated").map((e) => [e.tier, e.actorUserId])).toEqual([
      [1, null],
      [2, null],
    ]);
    expect(await mailsTo(w.backup.user.email)).toHaveLength(1);
    // The backup may open the chart: they joined the care team when the alert reached them.
    await expect(w.backup.caller.chart.get({ patientId: w.p.patient.id })).resolves.toBeTruthy();
  });

  it("an acknowledged alert does not escalate, nor does a LOW one (worklist, no SLA)", async () => {
    const w = await alertWorld();
    const scope = { clinicIds: [w.clinic.id] };
    const T = at(new Date(), DAY);
    const high = (await raise(w.clinic.id, w.p.patient.id, ruleA3({ reading: { systolic: 150, diastolic: 95 }, afterRecheck: true }, { bpSystolicMax: 140, bpDiastolicMax: 90, bpUrgentSystolic: 180, bpUrgentDiastolic: 120 })!, { now: T })).alertId!;
    const low = (await raise(w.clinic.id, w.p.patient.id, ruleA10({ scheduledDate: "2026-12-01", sessionSequence: 1 }), { now: T })).alertId!;
    expect((await alertRow(low)).slaDueAt).toBeNull();
    await w.provider.caller.alert.acknowledge({ alertId: high });
    expect(await escalateDueAlerts(testDb(), at(T, 10 * DAY), scope)).toEqual({ escalated: 0 });
    expect(await alertRow(high)).toMatchObject({ status: "acknowledged", tier: 0 });
    expect(await alertRow(low)).toMatchObject({ status: "open", tier: 0 });
  });
});

describe("home.sweep: missed sessions (A10) and check-ins (A7)", () => {
  it("a session not logged by the end of its local day plus grace is missed once, with A10 and the next session scheduled", async () => {
    const h = await homeWorld();
    const scope = { clinicIds: [h.w.clinicId] };
    const first = (await openSession(h.regimenId))!;
    const missedAt = sessionMissedAt(first.scheduledDate, PATIENT_ZONE, 6);
    expect(await sweepHome(testDb(), at(missedAt, -MIN), scope)).toMatchObject({ missedSessions: 0 });
    expect(await sweepHome(testDb(), missedAt, scope)).toMatchObject({ missedSessions: 1 });
    expect(await sessionRow(first.id)).toMatchObject({ status: "missed", missedAt });
    const next = (await openSession(h.regimenId))!;
    expect(next).toMatchObject({ sequence: first.sequence + 1, scheduledDate: calendarDateIn(PATIENT_ZONE, missedAt) });
    // A second run at the same time creates nothing twice.
    expect(await sweepHome(testDb(), missedAt, scope)).toEqual({ missedSessions: 0, overdueCheckIns: 0, missedCheckIns: 0 });
    const a10 = (await alertsOf(h.w.patientId)).filter((a) => a.type === "A10");
    expect(a10).toMatchObject([{ severity: "low", clinical: true, status: "open", sourceType: "dose_session", sourceId: first.id, slaDueAt: null }]);
    // The next one missed too: the open A10 covers it (dedupe), the session is still marked.
    const nextMissedAt = sessionMissedAt(next.scheduledDate, PATIENT_ZONE, 6);
    expect(await sweepHome(testDb(), nextMissedAt, scope)).toMatchObject({ missedSessions: 1 });
    expect((await alertsOf(h.w.patientId)).filter((a) => a.type === "A10")).toHaveLength(1);
  });

  it("a session left open by a paused regimen is closed as missed without an A10 or a next session", async () => {
    const h = await homeWorld();
    const scope = { clinicIds: [h.w.clinicId] };
    const first = (await openSession(h.regimenId))!;
    await h.prescriber.regimen.pause({ regimenId: h.regimenId, reason: "Reviewing side effects first" });
    const missedAt = sessionMissedAt(first.scheduledDate, PATIENT_ZONE, 6);
    expect(await sweepHome(testDb(), missedAt, scope)).toMatchObject({ missedSessions: 1 });
    expect(await sessionRow(first.id)).toMatchObject({ status: "missed" });
    expect(await openSession(h.regimenId)).toBeNull();
    expect((await alertsOf(h.w.patientId)).filter((a) => a.type === "A10")).toHaveLength(0);
  });

  it("check-ins: scheduled at the cadence once; overdue after grace (A7 LOW + reminder), missed when the next falls due; the second in a row makes A7 MEDIUM", async () => {
    const h = await homeWorld();
    const scope = { clinicIds: [h.w.clinicId] };
    const A = (await regimenRow(h.regimenId)).activatedAt!;
    const ci = schema.checkIn;
    const checkIns = () => testDb().select().from(ci).where(eq(ci.patientId, h.w.patientId)).orderBy(ci.dueAt);

    // No dose taken yet: the pre-first-dose check-in (the fresh baseline), due at activation.
    expect(await scheduleCheckIns(testDb(), at(A, HOUR), scope)).toEqual({ created: 1 });
    expect(await scheduleCheckIns(testDb(), at(A, 2 * HOUR), scope)).toEqual({ created: 0 });
    expect(await checkIns()).toMatchObject([{ kind: "pre_first_dose", status: "due", dueAt: A, overdueAt: at(A, 48 * HOUR), regimenId: h.regimenId }]);

    // Past the 48 h grace: overdue, A7 LOW, the patient reminded (no health information in the mail).
    expect(await sweepHome(testDb(), at(A, 48 * HOUR - MIN), scope)).toMatchObject({ overdueCheckIns: 0 });
    expect(await sweepHome(testDb(), at(A, 48 * HOUR), scope)).toMatchObject({ overdueCheckIns: 1 });
    expect(await sweepHome(testDb(), at(A, 49 * HOUR), scope)).toMatchObject({ overdueCheckIns: 0, missedCheckIns: 0 });
    const [a7] = (await alertsOf(h.w.patientId)).filter((a) => a.type === "A7");
    expect(a7).toMatchObject({ severity: "low", clinical: false, neutralSummary: "A check-in is overdue" });
    const reminders = await mailsTo(h.patient.email);
    expect(reminders.map((m) => m.subject)).toEqual(["You have a check-in waiting in Clearwell"]);
    expect(reminders[0]!.text).not.toMatch(/PHQ|GAD|depress|anxi|ketamine/i);

    // A week on: the weekly check-in falls due; the first one closes as missed.
    expect(await scheduleCheckIns(testDb(), at(A, 7 * DAY + HOUR), scope)).toEqual({ created: 1 });
    expect(await sweepHome(testDb(), at(A, 7 * DAY + HOUR), scope)).toMatchObject({ overdueCheckIns: 0, missedCheckIns: 1 });
    // Its grace passes too: two in a row, A7 becomes MEDIUM (the open one, upgraded).
    expect(await sweepHome(testDb(), at(A, 9 * DAY + HOUR), scope)).toMatchObject({ overdueCheckIns: 1 });
    expect((await checkIns()).map((c) => [c.kind, c.status])).toEqual([
      ["pre_first_dose", "missed"],
      ["weekly", "overdue"],
    ]);
    const a7s = (await alertsOf(h.w.patientId)).filter((a) => a.type === "A7");
    expect(a7s).toMatchObject([{ id: a7!.id, severity: "medium", status: "open", neutralSummary: "2 check-ins in a row not completed" }]);
    expect(await mailsTo(h.patient.email)).toHaveLength(2);
  });
});

describe("checkin.schedule before a follow-up (DOMAIN.md §6)", () => {
  it("a booked follow-up gets its check-in N days before, once, tied to the appointment", async () => {
    const h = await homeWorld();
    const scope = { clinicIds: [h.w.clinicId] };
    const A = (await regimenRow(h.regimenId)).activatedAt!;
    const startsAt = at(A, 20 * DAY);
    const [appt] = await testDb()
      .insert(schema.appointment)
      .values({
        clinicId: h.w.clinicId,
        patientId: h.w.patientId,
        providerUserId: h.w.prescriberId,
        kind: "follow_up",
        status: "booked",
        startsAt,
        endsAt: at(startsAt, 30 * MIN),
        patientState: "CO",
        patientTimezone: PATIENT_ZONE,
        bookedByUserId: h.w.prescriberId,
      })
      .returning();
    // Two days before (the clinic's default), not earlier.
    const due = at(startsAt, -2 * DAY);
    await scheduleCheckIns(testDb(), at(due, -HOUR), scope);
    const kinds = async () => (await testDb().select().from(schema.checkIn).where(eq(schema.checkIn.patientId, h.w.patientId))).map((c) => [c.kind, c.appointmentId]);
    expect((await kinds()).filter(([k]) => k === "pre_follow_up")).toEqual([]);
    await scheduleCheckIns(testDb(), at(due, HOUR), scope);
    await scheduleCheckIns(testDb(), at(due, 2 * HOUR), scope);
    expect((await kinds()).filter(([k]) => k === "pre_follow_up")).toEqual([["pre_follow_up", appt!.id]]);
  });
});

describe("regimen.review (DOMAIN.md §2 auto-pause; §7 A8)", () => {
  it("pauses an active regimen whose follow-up did not happen within N days, once", async () => {
    const h = await homeWorld();
    const scope = { clinicIds: [h.w.clinicId] };
    const today = calendarDateIn(PATIENT_ZONE, new Date());
    await testDb().update(schema.regimen).set({ nextFollowUpDate: addCalendarDays(today, -7) }).where(eq(schema.regimen.id, h.regimenId));
    expect(await reviewRegimens(testDb(), new Date(), scope)).toMatchObject({ paused: 0 });
    await testDb().update(schema.regimen).set({ nextFollowUpDate: addCalendarDays(today, -8) }).where(eq(schema.regimen.id, h.regimenId));
    expect(await reviewRegimens(testDb(), new Date(), scope)).toMatchObject({ paused: 1 });
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "paused", pauseReason: "missed_follow_up" });
    expect(await reviewRegimens(testDb(), new Date(), scope)).toMatchObject({ paused: 0 });
  });

  it("pauses when the eligibility decision has expired (an unreadable decision is left to a clinician)", async () => {
    const h = await homeWorld();
    const scope = { clinicIds: [h.w.clinicId] };
    await testDb().update(schema.regimen).set({ nextFollowUpDate: null }).where(eq(schema.regimen.id, h.regimenId));
    // The fixture's stand-in decision has no intake yet: its status cannot be computed; no pause, no failure.
    expect(await reviewRegimens(testDb(), at(new Date(), 91 * DAY), scope)).toMatchObject({ paused: 0 });
    await currentDecision(h.w);
    expect(await reviewRegimens(testDb(), new Date(), scope)).toMatchObject({ paused: 0 });
    expect(await reviewRegimens(testDb(), at(new Date(), 91 * DAY), scope)).toMatchObject({ paused: 1 });
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "paused", pauseReason: "eligibility_expired" });
  });

  it("a follow-up no-show without its A8 gets one (non-clinical, for staff), once", async () => {
    const h = await homeWorld();
    const scope = { clinicIds: [h.w.clinicId] };
    const startsAt = at(new Date(), -2 * HOUR);
    const [appt] = await testDb()
      .insert(schema.appointment)
      .values({
        clinicId: h.w.clinicId,
        patientId: h.w.patientId,
        providerUserId: h.w.prescriberId,
        kind: "follow_up",
        status: "no_show",
        startsAt,
        endsAt: at(startsAt, 30 * MIN),
        patientState: "CO",
        patientTimezone: PATIENT_ZONE,
        bookedByUserId: h.w.prescriberId,
      })
      .returning();
    expect(await reviewRegimens(testDb(), new Date(), scope)).toMatchObject({ noShowAlerts: 1 });
    expect(await reviewRegimens(testDb(), new Date(), scope)).toMatchObject({ noShowAlerts: 0 });
    expect((await alertsOf(h.w.patientId)).filter((a) => a.type === "A8")).toMatchObject([{ severity: "medium", clinical: false, sourceType: "appointment", sourceId: appt!.id }]);
  });
});

describe("the regimen side of the alert loop", () => {
  it("A1 pauses the regimen; resolving it with an outreach record resumes it; a critical A4 pauses it and, having invalidated the decision, keeps it paused", async () => {
    const h = await homeWorld();
    await currentDecision(h.w);
    const a1 = (await raise(h.w.clinicId, h.w.patientId, ruleA1({ item9: 1 })!)).alertId!;
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "paused", pauseReason: "alert_A1" });
    const detail = await h.prescriber.alert.get({ alertId: a1 });
    expect(detail.regimen).toMatchObject({ id: h.regimenId, status: "paused", pausedByThisRule: true });
    const outreach = { method: "video" as const, reached: true, riskAssessment: "Passive thoughts, no plan or intent; protective factors strong.", plan: "Safety plan reviewed; continue with support person present." };
    expect(await h.prescriber.alert.resolve({ alertId: a1, code: "outreach_completed", outreach, resumeRegimen: true })).toMatchObject({ status: "resolved", regimenResumed: true });
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "active", pauseReason: null });

    const a4 = (await raise(h.w.clinicId, h.w.patientId, ruleA4({ sideEffects: [{ code: "chest_pain", severity: "severe" }] }, { dissociationWindowMinutes: 120 })!)).alertId!;
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "paused", pauseReason: "alert_A4" });
    await expect(h.prescriber.alert.resolve({ alertId: a4, code: "outreach_completed", outreach, resumeRegimen: true })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: expect.stringMatching(/eligibility decision is not current/),
    });
    // Refused as a whole: the alert is still open and the regimen paused.
    expect(await alertRow(a4)).toMatchObject({ status: "open" });
    expect(await h.prescriber.alert.resolve({ alertId: a4, code: "emergency_services", outreach })).toMatchObject({ status: "resolved", regimenResumed: false });
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "paused", pauseReason: "alert_A4" });
  });

  it("the signed follow-up plan drives the regimen: pause, continue (resume), stop; its next follow-up date becomes the regimen's", async () => {
    const h = await homeWorld();
    await currentDecision(h.w);
    const actor = systemActor(h.w.clinicId, META);
    const note = { id: randomUUID(), clinicId: h.w.clinicId, patientId: h.w.patientId };
    const next = addCalendarDays(calendarDateIn(PATIENT_ZONE, new Date()), 28);
    const apply = (action: "pause" | "continue" | "stop" | "titrate", nextFollowUpOn: string | null = next) =>
      testDb().transaction((tx) => applyFollowUpPlan(tx, actor, note, { action, nextFollowUpOn }, new Date()));

    expect(await apply("pause")).toEqual({ event: "pause", changed: true, heldBy: [] });
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "paused", pauseReason: "plan_pause", nextFollowUpDate: next });
    // An open A1 holds the regimen whatever the plan says.
    const a1 = (await raise(h.w.clinicId, h.w.patientId, ruleA1({ item9: 1 })!)).alertId!;
    expect(await apply("continue")).toMatchObject({ event: "resume", changed: false, heldBy: [expect.stringMatching(/A1/)] });
    await h.prescriber.alert.resolve({ alertId: a1, code: "outreach_completed", outreach: { method: "phone", reached: true, riskAssessment: "Low risk.", plan: "Continue." } });
    expect(await apply("continue")).toEqual({ event: "resume", changed: true, heldBy: [] });
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "active" });
    expect(await apply("titrate")).toEqual({ event: null, changed: false, heldBy: [] });
    expect(await apply("stop", null)).toEqual({ event: "stop", changed: true, heldBy: [] });
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "stopped", endReason: "plan_stop" });
    const events = await testDb()
      .select({ to: schema.regimenEvent.toStatus, sourceType: schema.regimenEvent.sourceType })
      .from(schema.regimenEvent)
      .where(and(eq(schema.regimenEvent.regimenId, h.regimenId), eq(schema.regimenEvent.sourceType, "clinical_note")));
    expect(events.map((e) => e.to)).toEqual(["paused", "active", "stopped"]);
  });
});
