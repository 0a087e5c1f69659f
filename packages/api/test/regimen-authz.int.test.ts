import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { staffSession, testDb } from "./harness";
import { ANSWERS_OK, BP_OK, alertsOf, codeFor, currentDecision, homeWorld, key, openSession, regimenRow, supportReady } from "./regimen-fixtures";

// DOMAIN.md §1: the patient reads and acts on their own regimen, sessions and check-ins ("O");
// another's is NOT_FOUND (never "forbidden": existence does not leak). The chart's regimen panel
// and pause/resume/stop are for the patient's assigned clinicians; admin and staff never.

describe("patients reach only their own", () => {
  it("another patient's regimen, sessions and check-ins are NOT_FOUND, audited, and nothing changes", async () => {
    const a = await homeWorld();
    const b = await homeWorld();
    const session = (await openSession(a.regimenId))!;
    const [checkIn] = await testDb()
      .insert(schema.checkIn)
      .values({ clinicId: a.w.clinicId, patientId: a.w.patientId, regimenId: a.regimenId, kind: "weekly", dueAt: new Date(Date.now() - 3_600_000), overdueAt: new Date(Date.now() + 3_600_000) })
      .returning();
    const bc = b.patient.caller;
    const attempts: [string, () => Promise<unknown>][] = [
      ["dose.session", () => bc.dose.session({ sessionId: session.id })],
      ["dose.list", () => bc.dose.list({ regimenId: a.regimenId })],
      ["dose.precheck", () => bc.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: ANSWERS_OK, idempotencyKey: key() })],
      ["dose.log", () => bc.dose.log({ sessionId: session.id, takenAt: new Date(), unitsTaken: 1, dissociationMinutes: 0, sideEffects: [], supportSignoffName: "X Y", idempotencyKey: key() })],
      ["dose.postcheck", () => bc.dose.postcheck({ sessionId: session.id, feeling: "well", sideEffects: [], dissociationResolved: true, idempotencyKey: key() })],
      ["dose.reschedule", () => bc.dose.reschedule({ sessionId: session.id, scheduledDate: "2030-01-01" })],
      ["regimen.confirmReceipt", () => bc.regimen.confirmReceipt({ regimenId: a.regimenId, idempotencyKey: key() })],
      ["regimen.reportLostOrStolen", () => bc.regimen.reportLostOrStolen({ regimenId: a.regimenId, units: 1, description: "Lost it", idempotencyKey: key() })],
      ["regimen.requestRenewal", () => bc.regimen.requestRenewal({ regimenId: a.regimenId, idempotencyKey: key() })],
      ["checkIn.submit", () => bc.checkIn.submit({ checkInId: checkIn!.id, phq9: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 0] }, gad7: { answers: [0, 0, 0, 0, 0, 0, 0] }, idempotencyKey: key() })],
    ];
    for (const [name, run] of attempts) await expect(run(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.actorUserId, b.patient.user.id), eq(schema.auditEvent.outcome, "denied")))).toHaveLength(attempts.length);
    // B's own views never show A's.
    expect((await bc.regimen.mine()).regimen?.id).toBe(b.regimenId);
    expect((await bc.checkIn.mine()).due).toEqual([]);
    expect((await openSession(a.regimenId))!.status).toBe("scheduled");
    expect(await alertsOf(a.w.patientId)).toEqual([]);
  });
});

describe("the chart's regimen panel", () => {
  it("admin and staff are refused (FORBIDDEN); an unassigned clinician gets NOT_FOUND; the assigned prescriber reads it", async () => {
    const h = await homeWorld();
    const admin = await staffSession(h.w.clinicId, ["admin"]);
    const staff = await staffSession(h.w.clinicId, ["staff"]);
    const stranger = await staffSession(h.w.clinicId, ["provider", "prescriber"]);
    for (const s of [admin, staff]) {
      await expect(s.caller.regimen.forPatient({ patientId: h.w.patientId })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(s.caller.regimen.pause({ regimenId: h.regimenId, reason: "Testing access" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(s.caller.regimen.resume({ regimenId: h.regimenId, reason: "Testing access" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(s.caller.regimen.stop({ regimenId: h.regimenId, reason: "Testing access" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(stranger.caller.regimen.forPatient({ patientId: h.w.patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.caller.regimen.pause({ regimenId: h.regimenId, reason: "Not my patient" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await regimenRow(h.regimenId)).status).toBe("active");
    // Another clinic's clinician, the same.
    const other = await homeWorld();
    await expect(other.prescriber.regimen.forPatient({ patientId: h.w.patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const panel = await h.prescriber.regimen.forPatient({ patientId: h.w.patientId });
    expect(panel.regimen).toMatchObject({ id: h.regimenId, status: "active", sessionsPrescribed: 4 });
    expect(panel.sessions).toHaveLength(1);
  });

  it("pause and stop with a reason; resume waits for the A1/A4 alert and a current eligibility decision", async () => {
    const h = await homeWorld();
    await currentDecision(h.w);
    const paused = await h.prescriber.regimen.pause({ regimenId: h.regimenId, reason: "Wait for the blood pressure review" });
    expect(paused.regimen).toMatchObject({ status: "paused", pauseReason: "clinician" });
    expect(paused.events[0]).toMatchObject({ fromStatus: "active", toStatus: "paused", reason: "Wait for the blood pressure review", sourceType: "staff" });
    expect(paused.resumeBlockers).toEqual([]);
    await expect(h.prescriber.regimen.pause({ regimenId: h.regimenId, reason: "Again" })).rejects.toMatchObject({ code: "CONFLICT" });
    const resumed = await h.prescriber.regimen.resume({ regimenId: h.regimenId, reason: "Reviewed: fine" });
    expect(resumed.regimen).toMatchObject({ status: "active", pauseReason: null });

    // An emergency after a session: A4 critical pauses it; resume is refused while the alert is
    // open, and, the decision being invalidated by A4, until eligibility is decided again.
    const support = await supportReady(h);
    const session = (await openSession(h.regimenId))!;
    const supportCode = await codeFor(support.anon, support.token, session.id);
    expect((await h.patient.caller.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: ANSWERS_OK, supportCode, idempotencyKey: key() })).outcome).toBe("passed");
    await h.patient.caller.dose.log({ sessionId: session.id, takenAt: new Date(), unitsTaken: 1, dissociationMinutes: 10, sideEffects: [{ code: "seizure", severity: "severe" }], supportSignoffName: "Sam Helper", idempotencyKey: key() });
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "paused", pauseReason: "alert_A4" });
    const err = await h.prescriber.regimen.resume({ regimenId: h.regimenId, reason: "Patient is fine" }).catch((e: { code: string; shape?: { data?: { reasons?: string[] } } }) => e);
    expect(err).toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const panel = await h.prescriber.regimen.forPatient({ patientId: h.w.patientId });
    expect(panel.resumeBlockers.join(" ")).toMatch(/A4 alert/);
    expect(panel.resumeBlockers.join(" ")).toMatch(/not current/);
    expect((await regimenRow(h.regimenId)).status).toBe("paused");

    const stopped = await h.prescriber.regimen.stop({ regimenId: h.regimenId, reason: "Moving to in-office care" });
    expect(stopped.regimen).toMatchObject({ status: "stopped", endReason: "clinician" });
    await expect(h.prescriber.regimen.resume({ regimenId: h.regimenId, reason: "Undo" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
