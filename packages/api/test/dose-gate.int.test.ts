import { addCalendarDays } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { precheck } from "../src/services/dose/precheck";
import { testDb } from "./harness";
import { ANSWERS_OK, BP_OK, alertsOf, asOwner, codeFor, homeWorld, key, openSession, patientToday, regimenRow, sessionRow, supportReady } from "./regimen-fixtures";

// Issue 13 §2 (DOMAIN.md §2 "Dose session" pre-check; §7 A3, A5, A6): only a passed gate unlocks a
// session; every refusal says why in plain words and what to do; A3 and A6 ride the same transaction.

async function ready() {
  const h = await homeWorld();
  const support = await supportReady(h);
  const session = (await openSession(h.regimenId))!;
  return { h, support, session };
}

const codes = (out: { outcome: string; reasons?: { code: string }[] }) => (out.reasons ?? []).map((r) => r.code);

describe("the pre-dose gate refuses, each reason in plain words", () => {
  it("answers: support person absent, alcohol or sedatives, a driving plan, feeling unwell; the session is failed and the next one scheduled for the next day", async () => {
    const cases = [
      { answers: { ...ANSWERS_OK, supportPresent: false }, code: "support_absent" },
      { answers: { ...ANSWERS_OK, alcoholOrSedativesToday: true }, code: "alcohol_or_sedatives" },
      { answers: { ...ANSWERS_OK, drivingPlan: true }, code: "driving_plan" },
      { answers: { ...ANSWERS_OK, feeling: "unwell" as const }, code: "feeling_unwell" },
    ];
    for (const c of cases) {
      const { h, support, session } = await ready();
      const supportCode = await codeFor(support.anon, support.token, session.id);
      const out = await h.patient.caller.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: c.answers, supportCode, idempotencyKey: key() });
      expect(out.outcome, c.code).toBe("failed");
      expect(codes(out)).toEqual([c.code]);
      if (out.outcome !== "failed") throw new Error("expected failed");
      expect(out.reasons[0]!.message.length).toBeGreaterThan(20);
      expect(out.urgentCare).toBe(false);
      expect(out.alertRaised).toBe(false);
      // DOMAIN.md §2: a failed gate is final for this session; the next allowed day gets a new one.
      expect(await sessionRow(session.id)).toMatchObject({ status: "precheck_failed", precheckFailedReasons: [c.code] });
      const next = (await openSession(h.regimenId))!;
      expect(next.id).not.toBe(session.id);
      expect(next.scheduledDate > patientToday()).toBe(true);
      expect(out.nextSession).toEqual({ id: next.id, scheduledDate: next.scheduledDate });
      // A dose cannot be logged through a failed gate.
      await expect(h.patient.caller.dose.log({ sessionId: session.id, takenAt: new Date(), unitsTaken: 1, dissociationMinutes: 0, sideEffects: [], supportSignoffName: "Sam Helper", idempotencyKey: key() })).rejects.toMatchObject({
        code: "CONFLICT",
      });
    }
  });

  it("in crisis: blocked with the 988 / 911 resources in the answer", async () => {
    const { h, support, session } = await ready();
    const supportCode = await codeFor(support.anon, support.token, session.id);
    const out = await h.patient.caller.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: { ...ANSWERS_OK, feeling: "in_crisis" }, supportCode, idempotencyKey: key() });
    if (out.outcome !== "failed") throw new Error("expected failed");
    expect(codes(out)).toEqual(["in_crisis"]);
    expect(out.crisis).toBe(true);
    expect(out.crisisResources?.text).toContain("988");
    expect(out.crisisResources?.actions.map((a) => a.href)).toEqual(expect.arrayContaining(["tel:988", "tel:911"]));
  });

  it("without the support person's code: support_unconfirmed", async () => {
    const { h, session } = await ready();
    const out = await h.patient.caller.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: ANSWERS_OK, idempotencyKey: key() });
    expect(codes(out)).toEqual(["support_unconfirmed"]);
  });

  it("blood pressure above 140/90: rest and measure again (the session stays scheduled); still high after rest blocks it and raises a HIGH A3", async () => {
    const { h, support, session } = await ready();
    const supportCode = await codeFor(support.anon, support.token, session.id);
    const first = await h.patient.caller.dose.precheck({ sessionId: session.id, bp: { systolic: 141, diastolic: 90 }, answers: ANSWERS_OK, supportCode, idempotencyKey: key() });
    expect(first.outcome).toBe("needs_recheck");
    if (first.outcome !== "needs_recheck") throw new Error("expected needs_recheck");
    expect(first.restUntil.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
    const stored = await sessionRow(session.id);
    expect(stored).toMatchObject({ status: "scheduled", bp1Systolic: 141, bp1Diastolic: 90, bp2At: null });
    // The code was used at the first step; the recheck carries the second reading only.
    expect(stored.supportConfirmationId).not.toBeNull();
    const view = await h.patient.caller.dose.session({ sessionId: session.id });
    expect(view.precheck.recheckAfter?.getTime()).toBe(first.restUntil.getTime());

    // Measured again too early: still needs a recheck, and the early reading is not kept.
    const early = await h.patient.caller.dose.precheck({ sessionId: session.id, bp: { systolic: 150, diastolic: 95 }, idempotencyKey: key() });
    expect(early.outcome).toBe("needs_recheck");
    expect((await sessionRow(session.id)).bp2At).toBeNull();
    expect(await alertsOf(h.w.patientId)).toEqual([]);

    // After the rest (the service with a clock 6 minutes on).
    const later = new Date(Date.now() + 6 * 60_000);
    const actor = { userId: h.patient.user.id, kind: "patient" as const, roles: ["patient"], clinicId: h.w.clinicId, meta: { requestId: "t", ipAddress: null, userAgent: null } };
    const out = await precheck(testDb(), actor, h.w.clinicId, h.w.patientId, { sessionId: session.id, bp: { systolic: 146, diastolic: 88 }, idempotencyKey: key() }, later);
    if (out.outcome !== "failed") throw new Error("expected failed");
    expect(codes(out)).toEqual(["bp_high"]);
    expect(out.urgentCare).toBe(false);
    expect(out.alertRaised).toBe(true);
    expect(await sessionRow(session.id)).toMatchObject({ status: "precheck_failed", bp2Systolic: 146, bp2Diastolic: 88 });
    const alerts = await alertsOf(h.w.patientId);
    expect(alerts).toMatchObject([{ type: "A3", severity: "high", sourceType: "dose_session", sourceId: session.id }]);
  });

  it("140/90 passes; a reading down to normal after rest passes too", async () => {
    const { h, support, session } = await ready();
    const supportCode = await codeFor(support.anon, support.token, session.id);
    const out = await h.patient.caller.dose.precheck({ sessionId: session.id, bp: { systolic: 140, diastolic: 90 }, answers: ANSWERS_OK, supportCode, idempotencyKey: key() });
    expect(out.outcome).toBe("passed");
    expect(await sessionRow(session.id)).toMatchObject({ status: "precheck_passed" });

    const other = await ready();
    const code2 = await codeFor(other.support.anon, other.support.token, other.session.id);
    expect((await other.h.patient.caller.dose.precheck({ sessionId: other.session.id, bp: { systolic: 150, diastolic: 80 }, answers: ANSWERS_OK, supportCode: code2, idempotencyKey: key() })).outcome).toBe("needs_recheck");
    // The rest is over: the first reading is moved 6 minutes back (the owner, triggers off).
    await asOwner(sql`update dose_session set bp1_at = bp1_at - interval '6 minutes' where id = ${other.session.id}`);
    const second = await other.h.patient.caller.dose.precheck({ sessionId: other.session.id, bp: { systolic: 132, diastolic: 84 }, idempotencyKey: key() });
    expect(second.outcome).toBe("passed");
    expect(await sessionRow(other.session.id)).toMatchObject({ status: "precheck_passed", bp1Systolic: 150, bp2Systolic: 132 });
  });

  it("180/120 or above: seek urgent care now and a CRITICAL A3, without a second reading", async () => {
    const { h, support, session } = await ready();
    const supportCode = await codeFor(support.anon, support.token, session.id);
    const out = await h.patient.caller.dose.precheck({ sessionId: session.id, bp: { systolic: 176, diastolic: 120 }, answers: ANSWERS_OK, supportCode, idempotencyKey: key() });
    if (out.outcome !== "failed") throw new Error("expected failed");
    expect(codes(out)).toEqual(["bp_urgent"]);
    expect(out.urgentCare).toBe(true);
    expect(out.message).toMatch(/urgent care/i);
    expect(await alertsOf(h.w.patientId)).toMatchObject([{ type: "A3", severity: "critical" }]);
  });

  it("too soon after the last session: too_soon and A6; the next session is on the earliest allowed day", async () => {
    const { h, support, session } = await ready();
    const c1 = await codeFor(support.anon, support.token, session.id);
    expect((await h.patient.caller.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: ANSWERS_OK, supportCode: c1, idempotencyKey: key() })).outcome).toBe("passed");
    await h.patient.caller.dose.log({ sessionId: session.id, takenAt: new Date(), unitsTaken: 1, dissociationMinutes: 30, sideEffects: [{ code: "nausea", severity: "mild" }], supportSignoffName: "Sam Helper", idempotencyKey: key() });
    const next = (await openSession(h.regimenId))!;
    // Scheduled 7 days on; the patient moves it to today (refused: not before the earliest day), so
    // the owner moves it, as if the patient's phone tried to start it early.
    await expect(h.patient.caller.dose.reschedule({ sessionId: next.id, scheduledDate: patientToday() })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await asOwner(sql`update dose_session set scheduled_date = ${patientToday()} where id = ${next.id}`);
    const c2 = await codeFor(support.anon, support.token, next.id);
    const out = await h.patient.caller.dose.precheck({ sessionId: next.id, bp: BP_OK, answers: ANSWERS_OK, supportCode: c2, idempotencyKey: key() });
    expect(codes(out)).toEqual(["too_soon"]);
    expect((await alertsOf(h.w.patientId)).map((a) => [a.type, a.severity])).toEqual([["A6", "high"]]);
    const after = (await openSession(h.regimenId))!;
    expect(after.scheduledDate).toBe(addCalendarDays(patientToday(), 7));
    expect((await h.patient.caller.dose.session({ sessionId: after.id })).earliestDate).toBe(addCalendarDays(patientToday(), 7));
  });

  it("a paused regimen: regimen_not_active", async () => {
    const { h, support, session } = await ready();
    await h.prescriber.regimen.pause({ regimenId: h.regimenId, reason: "Reviewing blood pressure log" });
    const supportCode = await codeFor(support.anon, support.token, session.id).catch(() => undefined);
    const out = await h.patient.caller.dose.precheck({ sessionId: session.id, bp: BP_OK, answers: ANSWERS_OK, supportCode, idempotencyKey: key() });
    expect(codes(out)).toContain("regimen_not_active");
    expect(out.outcome === "failed" && out.nextSession).toBeNull();
  });

  it("a retry with the same key answers the same; the same key with other answers is refused", async () => {
    const { h, support, session } = await ready();
    const supportCode = await codeFor(support.anon, support.token, session.id);
    const k = key();
    const input = { sessionId: session.id, bp: BP_OK, answers: ANSWERS_OK, supportCode, idempotencyKey: k };
    const a = await h.patient.caller.dose.precheck(input);
    const b = await h.patient.caller.dose.precheck(input);
    expect(b).toEqual(a);
    await expect(h.patient.caller.dose.precheck({ ...input, bp: { systolic: 120, diastolic: 80 } })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("dose log (DOMAIN.md §7 A4)", () => {
  async function passed() {
    const r = await ready();
    const supportCode = await codeFor(r.support.anon, r.support.token, r.session.id);
    expect((await r.h.patient.caller.dose.precheck({ sessionId: r.session.id, bp: BP_OK, answers: ANSWERS_OK, supportCode, idempotencyKey: key() })).outcome).toBe("passed");
    return r;
  }

  it("an emergency symptom: call 911 at once, a CRITICAL A4, the regimen paused, the dose frozen", async () => {
    const { h, session } = await passed();
    const out = await h.patient.caller.dose.log({
      sessionId: session.id,
      takenAt: new Date(),
      unitsTaken: 1,
      dissociationMinutes: 45,
      sideEffects: [{ code: "chest_pain", severity: "moderate" }, { code: "nausea", severity: "mild" }],
      supportSignoffName: "Sam Helper",
      idempotencyKey: key(),
    });
    expect(out.emergency).toBe(true);
    expect(out.emergencyGuidance).toMatch(/911/);
    expect(out.alertRaised).toBe(true);
    expect(out.postcheckDueAt.getTime()).toBeGreaterThan(Date.now() + 2.9 * 3_600_000);
    expect(await alertsOf(h.w.patientId)).toMatchObject([{ type: "A4", severity: "critical", sourceId: session.id }]);
    expect(await regimenRow(h.regimenId)).toMatchObject({ status: "paused", pauseReason: "alert_A4" });
    const mine = await h.patient.caller.regimen.mine();
    expect(mine.regimen?.pausedReasonText).toMatch(/on hold/);
    // No next session while paused.
    expect(await openSession(h.regimenId)).toBeNull();
    expect(await sessionRow(session.id)).toMatchObject({ status: "taken", unitsTaken: 1, supportSignoffName: "Sam Helper" });
    // Frozen once taken (trigger), even for the application's own role.
    await expect(testDb().update(schema.doseSession).set({ unitsTaken: 2 }).where(eq(schema.doseSession.id, session.id))).rejects.toThrow();
  });

  it("the same alert twice is one alert (dedupe per patient and rule while open)", async () => {
    const { h, session } = await passed();
    await h.patient.caller.dose.log({ sessionId: session.id, takenAt: new Date(), unitsTaken: 1, dissociationMinutes: 200, sideEffects: [], supportSignoffName: "Sam Helper", idempotencyKey: key() });
    expect(await alertsOf(h.w.patientId)).toMatchObject([{ type: "A4", severity: "high" }]);
    await h.patient.caller.dose.postcheck({ sessionId: session.id, feeling: "tired", sideEffects: [{ code: "persistent_vomiting", severity: "moderate" }], dissociationResolved: false, idempotencyKey: key() });
    const alerts = await alertsOf(h.w.patientId);
    expect(alerts.filter((a) => a.type === "A4")).toHaveLength(1);
    const dedupe = await testDb().select().from(schema.auditEvent).where(sql`${schema.auditEvent.patientId} = ${h.w.patientId} and ${schema.auditEvent.action} = 'alert.deduplicated'`);
    expect(dedupe.length).toBeGreaterThanOrEqual(1);
  });

  it("an unknown side effect or a time before the check is refused by field; a retry of the log answers the same", async () => {
    const { h, session } = await passed();
    const base = { sessionId: session.id, takenAt: new Date(), unitsTaken: 1, dissociationMinutes: 20, sideEffects: [] as { code: string; severity: "mild" }[], supportSignoffName: "Sam Helper" };
    await expect(h.patient.caller.dose.log({ ...base, sideEffects: [{ code: "made_up", severity: "mild" }], idempotencyKey: key() })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(h.patient.caller.dose.log({ ...base, takenAt: new Date(Date.now() - 3_600_000), idempotencyKey: key() })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const k = key();
    const a = await h.patient.caller.dose.log({ ...base, idempotencyKey: k });
    expect(a).toMatchObject({ emergency: false, alertRaised: false });
    expect(await h.patient.caller.dose.log({ ...base, idempotencyKey: k })).toEqual(a);
    expect((await alertsOf(h.w.patientId)).length).toBe(0);
    // The next session: 7 days on, in the patient's zone.
    const next = (await openSession(h.regimenId))!;
    expect(next.sequence).toBe(2);
    const mine = await h.patient.caller.regimen.mine();
    expect(mine.regimen).toMatchObject({ sessionsTaken: 1, unitsOnHand: 3, nextSession: { id: next.id, canStartNow: false } });
  });
});
