import { describe, expect, it } from "vitest";

import { DEFAULT_SAFETY_SETTINGS as S } from "../alerts/settings";
import { earliestSessionDate, evaluateGate, GATE_FAIL_CODES, GATE_FAIL_MESSAGES, type GateInput, type GateOutcome, type PrecheckAnswers } from "./gate";

const TZ = "America/New_York";
const NOW = new Date("2026-05-11T14:00:00Z"); // 10:00 EDT
const mins = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
const okAnswers: PrecheckAnswers = { supportPresent: true, alcoholOrSedativesToday: false, drivingPlan: false, feeling: "calm", fastingFollowed: true, calmPlace: true };

function input(patch: Partial<GateInput> = {}): GateInput {
  return {
    bp1: { systolic: 120, diastolic: 80 },
    bp1At: NOW,
    answers: okAnswers,
    supportConfirmed: true,
    lastTakenAt: new Date("2026-05-04T14:00:00Z"),
    daysBetweenSessions: 7,
    sessionsTaken: 1,
    sessionsPrescribed: 6,
    unitsOnHand: 5,
    unitsPerSession: 1,
    regimenStatus: "active",
    now: NOW,
    timezone: TZ,
    ...patch,
  };
}

const codes = (o: GateOutcome) => (o.kind === "failed" ? o.reasons.map((r) => r.code) : []);
const alertIds = (o: GateOutcome) => (o.kind === "failed" ? o.alerts.map((a) => `${a.ruleId}:${a.severity}`) : []);

describe("a clean check passes", () => {
  it("passed with no advice", () => expect(evaluateGate(input(), S)).toEqual({ kind: "passed", advice: [] }));
  it("first session (nothing taken yet) passes", () => expect(evaluateGate(input({ lastTakenAt: null, sessionsTaken: 0 }), S).kind).toBe("passed"));
  it("fasting and a calm place are advice, not blocks", () => {
    const o = evaluateGate(input({ answers: { ...okAnswers, fastingFollowed: false, calmPlace: false } }), S);
    expect(o.kind).toBe("passed");
    expect(o.kind === "passed" && o.advice).toHaveLength(2);
  });
});

describe("A3 blood pressure at the gate", () => {
  it("140/90 passes", () => expect(evaluateGate(input({ bp1: { systolic: 140, diastolic: 90 } }), S).kind).toBe("passed"));
  it.each([
    [141, 90],
    [140, 91],
    [179, 119],
  ])("%i/%i needs a recheck after the clinic's rest", (systolic, diastolic) => {
    const o = evaluateGate(input({ bp1: { systolic, diastolic } }), S);
    expect(o).toMatchObject({ kind: "needs_recheck", restUntil: mins(NOW, S.bpRecheckRestMinutes) });
  });
  it("still high on the recheck fails with HIGH A3", () => {
    const o = evaluateGate(input({ bp1: { systolic: 141, diastolic: 90 }, bp2: { systolic: 150, diastolic: 92 }, bp2At: mins(NOW, 5) }), S);
    expect(o).toMatchObject({ kind: "failed", urgentCare: false, crisis: false });
    expect(codes(o)).toEqual(["bp_high"]);
    expect(alertIds(o)).toEqual(["A3:high"]);
  });
  it("a fine recheck passes", () => {
    expect(evaluateGate(input({ bp1: { systolic: 141, diastolic: 90 }, bp2: { systolic: 140, diastolic: 90 }, bp2At: mins(NOW, 5) }), S)).toEqual({ kind: "passed", advice: [] });
  });
  it("a recheck before the rest has elapsed is ignored: needs_recheck again with the same restUntil", () => {
    const o = evaluateGate(input({ bp1: { systolic: 141, diastolic: 90 }, bp2: { systolic: 120, diastolic: 80 }, bp2At: mins(NOW, 4) }), S);
    expect(o).toMatchObject({ kind: "needs_recheck", restUntil: mins(NOW, 5) });
  });
  it.each([
    [180, 100],
    [150, 120],
  ])("%i/%i is critical A3 + urgent care at once, no recheck", (systolic, diastolic) => {
    const o = evaluateGate(input({ bp1: { systolic, diastolic } }), S);
    expect(o).toMatchObject({ kind: "failed", urgentCare: true });
    expect(codes(o)).toEqual(["bp_urgent"]);
    expect(alertIds(o)).toEqual(["A3:critical"]);
  });
  it("high then urgent on the recheck is critical + urgent care", () => {
    const o = evaluateGate(input({ bp1: { systolic: 160, diastolic: 95 }, bp2: { systolic: 182, diastolic: 100 }, bp2At: mins(NOW, 6) }), S);
    expect(o).toMatchObject({ kind: "failed", urgentCare: true });
    expect(alertIds(o)).toEqual(["A3:critical"]);
  });
  it("a high first reading with another block fails on that block without a recheck or an A3", () => {
    const o = evaluateGate(input({ bp1: { systolic: 150, diastolic: 85 }, answers: { ...okAnswers, drivingPlan: true } }), S);
    expect(codes(o)).toEqual(["driving_plan"]);
    expect(alertIds(o)).toEqual([]);
  });
  it("uses the clinic's thresholds and rest", () => {
    const s = { ...S, bpSystolicMax: 130, bpRecheckRestMinutes: 10 };
    expect(evaluateGate(input({ bp1: { systolic: 135, diastolic: 80 } }), s)).toMatchObject({ kind: "needs_recheck", restUntil: mins(NOW, 10) });
  });
  it("an impossible reading is refused", () => expect(() => evaluateGate(input({ bp1: { systolic: 80, diastolic: 120 } }), S)).toThrow(RangeError));
});

describe("answers and support", () => {
  it.each([
    [{ supportPresent: false }, "support_absent"],
    [{ alcoholOrSedativesToday: true }, "alcohol_or_sedatives"],
    [{ drivingPlan: true }, "driving_plan"],
    [{ feeling: "unwell" as const }, "feeling_unwell"],
    [{ feeling: "in_crisis" as const }, "in_crisis"],
  ])("%o blocks with %s and no alert (A5 is an in-app block)", (patch, code) => {
    const o = evaluateGate(input({ answers: { ...okAnswers, ...patch } }), S);
    expect(codes(o)).toEqual([code]);
    expect(alertIds(o)).toEqual([]);
  });
  it("anxious does not block", () => expect(evaluateGate(input({ answers: { ...okAnswers, feeling: "anxious" } }), S).kind).toBe("passed"));
  it("in crisis shows the crisis resources", () => {
    const o = evaluateGate(input({ answers: { ...okAnswers, feeling: "in_crisis" } }), S);
    expect(o).toMatchObject({ kind: "failed", crisis: true });
    expect(o.kind === "failed" && o.reasons[0]!.message).toMatch(/988.*911/);
  });
  it("support present but not confirmed by code", () => expect(codes(evaluateGate(input({ supportConfirmed: false }), S))).toEqual(["support_unconfirmed"]));
  it("support absent is not also reported as unconfirmed", () => expect(codes(evaluateGate(input({ supportConfirmed: false, answers: { ...okAnswers, supportPresent: false } }), S))).toEqual(["support_absent"]));
});

describe("A6 interval, calendar days in the patient's zone", () => {
  it("exactly daysBetweenSessions calendar days later is allowed, one less is too soon", () => {
    const last = new Date("2026-05-04T23:30:00Z"); // 19:30 EDT on May 4
    expect(evaluateGate(input({ lastTakenAt: last, now: new Date("2026-05-11T12:00:00Z") }), S).kind).toBe("passed"); // 08:00 May 11, < 7 x 24 h
    const o = evaluateGate(input({ lastTakenAt: last, now: new Date("2026-05-11T03:00:00Z") }), S); // 23:00 May 10
    expect(codes(o)).toEqual(["too_soon"]);
    expect(alertIds(o)).toEqual(["A6:high"]);
    expect(o.kind === "failed" && o.reasons[0]!.message).toMatch(/2026-05-11/);
  });
  it("across the spring DST change (fewer than 7 x 24 hours) the calendar day decides", () => {
    const last = new Date("2026-03-03T01:00:00Z"); // 20:00 EST on Mar 2 (a naive UTC date would say Mar 3)
    const allowed = new Date("2026-03-09T12:00:00Z"); // 08:00 EDT on Mar 9, after the Mar 8 change
    expect(allowed.getTime() - last.getTime()).toBeLessThan(7 * 86_400_000);
    expect(evaluateGate(input({ lastTakenAt: last, now: allowed, bp1At: allowed }), S).kind).toBe("passed");
    const early = new Date("2026-03-09T03:30:00Z"); // 23:30 EDT on Mar 8
    expect(codes(evaluateGate(input({ lastTakenAt: last, now: early, bp1At: early }), S))).toEqual(["too_soon"]);
  });
  it("on the autumn DST day, just after local midnight, counts the calendar day not 24-hour blocks", () => {
    const last = new Date("2026-10-25T04:30:00Z"); // 00:30 EDT on Oct 25
    const justAfterMidnight = new Date("2026-11-01T04:10:00Z"); // 00:10 EDT on Nov 1 (the change is at 02:00)
    expect(justAfterMidnight.getTime() - last.getTime()).toBeLessThan(7 * 86_400_000);
    expect(evaluateGate(input({ lastTakenAt: last, now: justAfterMidnight, bp1At: justAfterMidnight }), S).kind).toBe("passed");
    const before = new Date("2026-11-01T03:59:00Z"); // 23:59 EDT on Oct 31
    expect(codes(evaluateGate(input({ lastTakenAt: last, now: before, bp1At: before }), S))).toEqual(["too_soon"]);
  });
  it("earliestSessionDate uses the local day of the last dose", () => {
    expect(earliestSessionDate(new Date("2026-03-03T01:00:00Z"), 7, TZ)).toBe("2026-03-09");
    expect(earliestSessionDate(new Date("2026-03-03T01:00:00Z"), 7, "UTC")).toBe("2026-03-10");
  });
});

describe("sessions and units", () => {
  it("sessions exhausted blocks with A6 (more sessions than prescribed attempted)", () => {
    const o = evaluateGate(input({ sessionsTaken: 6, sessionsPrescribed: 6 }), S);
    expect(codes(o)).toEqual(["sessions_exhausted"]);
    expect(alertIds(o)).toEqual(["A6:high"]);
    expect(o.kind === "failed" && o.alerts[0]!.detail).toMatchObject({ "over_sessions.sessionsAttempted": 7, "over_sessions.sessionsPrescribed": 6 });
  });
  it("too few units on hand blocks without an alert", () => {
    const o = evaluateGate(input({ unitsOnHand: 0.5, unitsPerSession: 1 }), S);
    expect(codes(o)).toEqual(["sessions_exhausted"]);
    expect(alertIds(o)).toEqual([]);
  });
  it.each(["planned", "paused", "stopped", "completed"] as const)("a %s regimen blocks", (regimenStatus) => expect(codes(evaluateGate(input({ regimenStatus }), S))).toEqual(["regimen_not_active"]));
});

describe("combinations", () => {
  it("every failing reason is reported, the most urgent first, with one A6 for several signals", () => {
    const o = evaluateGate(
      input({
        bp1: { systolic: 185, diastolic: 95 },
        answers: { ...okAnswers, supportPresent: false, alcoholOrSedativesToday: true, drivingPlan: true, feeling: "in_crisis" },
        lastTakenAt: new Date("2026-05-10T14:00:00Z"),
        sessionsTaken: 6,
        sessionsPrescribed: 6,
      }),
      S,
    );
    expect(codes(o)).toEqual(["bp_urgent", "in_crisis", "sessions_exhausted", "too_soon", "support_absent", "alcohol_or_sedatives", "driving_plan"]);
    expect(alertIds(o)).toEqual(["A3:critical", "A6:high"]);
    expect(o).toMatchObject({ urgentCare: true, crisis: true });
  });
  it("a high reading confirmed on recheck plus a support block gives both", () => {
    const o = evaluateGate(input({ bp1: { systolic: 150, diastolic: 95 }, bp2: { systolic: 148, diastolic: 93 }, bp2At: mins(NOW, 5), supportConfirmed: false }), S);
    expect(codes(o)).toEqual(["bp_high", "support_unconfirmed"]);
  });
});

it("every fail code has a plain message", () => {
  for (const c of GATE_FAIL_CODES) expect(GATE_FAIL_MESSAGES[c]).toMatch(/\.$/);
});
