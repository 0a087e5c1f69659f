import { describe, expect, it } from "vitest";

import type { FollowUpPlan } from "../followup/plan";
import {
  followUpLapsed,
  nextSessionDate,
  PAUSE_REASON_TEXT,
  planEffect,
  REGIMEN_PAUSE_REASONS,
  REGIMEN_STATUSES,
  REGIMEN_TRANSITIONS,
  type RegimenEvent,
  type RegimenStatus,
  regimenFromPrescription,
  transitionRegimen,
} from "./lifecycle";

const EVENTS: RegimenEvent[] = [
  { type: "activate", source: "fill" },
  { type: "pause", reason: "alert_A1" },
  { type: "resume" },
  { type: "complete" },
  { type: "stop", reason: "clinician" },
];

// DOMAIN §2 "Regimen": planned -> active <-> paused -> completed | stopped.
const LEGAL: [RegimenStatus, RegimenEvent["type"], RegimenStatus][] = [
  ["planned", "activate", "active"],
  ["planned", "stop", "stopped"],
  ["active", "pause", "paused"],
  ["active", "complete", "completed"],
  ["active", "stop", "stopped"],
  ["paused", "resume", "active"],
  ["paused", "complete", "completed"],
  ["paused", "stop", "stopped"],
];

describe("regimen transitions (DOMAIN §2)", () => {
  it.each(LEGAL)("%s --%s--> %s", (from, type, to) => {
    expect(transitionRegimen(from, EVENTS.find((e) => e.type === type)!)).toEqual({ ok: true, from, to });
  });
  it("the table has exactly these transitions", () => {
    const data = Object.entries(REGIMEN_TRANSITIONS).flatMap(([e, r]) => r.from.map((f) => `${f}:${e}:${r.to}`));
    expect(data.sort()).toEqual(LEGAL.map(([f, e, t]) => `${f}:${e}:${t}`).sort());
  });
  const legal = new Set(LEGAL.map(([f, e]) => `${f}:${e}`));
  const refused = REGIMEN_STATUSES.flatMap((s) => EVENTS.filter((e) => !legal.has(`${s}:${e.type}`)).map((e) => [s, e] as const));
  it("17 refused pairs", () => expect(refused).toHaveLength(17));
  it.each(refused)("%s refuses %o with a plain message", (from, event) => {
    const r = transitionRegimen(from, event);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(from === REGIMEN_TRANSITIONS[event.type].to ? "already_in_state" : "invalid_transition");
      expect(r.message).toMatch(/regimen/i);
    }
  });
  it("terminal states point to a new prescription", () => {
    const r = transitionRegimen("stopped", { type: "resume" });
    expect(!r.ok && r.message).toMatch(/new prescription/);
  });
  it("a planned regimen cannot be paused before the medicine arrives", () => {
    const r = transitionRegimen("planned", { type: "pause", reason: "clinician" });
    expect(!r.ok && r.message).toMatch(/not started/);
  });
});

describe("planEffect (DOMAIN §8 P)", () => {
  const plan = (action: FollowUpPlan["action"]) => ({ action });
  it("pause -> pause plan_pause", () => expect(planEffect(plan("pause"))).toEqual({ type: "pause", reason: "plan_pause" }));
  it("stop -> stop", () => expect(planEffect(plan("stop"))).toEqual({ type: "stop", reason: "plan_stop" }));
  it("switch_to_in_office -> stop", () => expect(planEffect(plan("switch_to_in_office"))).toEqual({ type: "stop", reason: "switch_to_in_office" }));
  it("continue -> resume (a paused regimen resumes; an active one is already so)", () => {
    const e = planEffect(plan("continue"))!;
    expect(e).toEqual({ type: "resume" });
    expect(transitionRegimen("paused", e)).toMatchObject({ ok: true, to: "active" });
    expect(transitionRegimen("active", e)).toMatchObject({ ok: false, code: "already_in_state" });
  });
  it("titrate and refer leave the regimen alone", () => {
    expect(planEffect(plan("titrate"))).toBeNull();
    expect(planEffect(plan("refer"))).toBeNull();
  });
});

describe("regimenFromPrescription", () => {
  const base = { quantity: 6, unitsPerSession: 1, daysBetweenSessions: 7, firstSessionDate: "2026-05-04", nextFollowUpDate: "2026-06-01", form: "troche" as const, strengthMg: 100, drugName: "Ketamine HCl" };
  it("troches: sessions = quantity / units per session", () => {
    expect(regimenFromPrescription(base)).toEqual({
      unitsPerSession: 1,
      daysBetweenSessions: 7,
      sessionsPrescribed: 6,
      unitsPrescribed: 6,
      unitLabel: "troche",
      unitLabelPlural: "troches",
      doseMgPerSession: 100,
      productLabel: "Ketamine HCl 100 mg troche",
      firstSessionDate: "2026-05-04",
      nextFollowUpDate: "2026-06-01",
    });
  });
  it("floors a partial session", () => expect(regimenFromPrescription({ ...base, quantity: 7, unitsPerSession: 2 }).sessionsPrescribed).toBe(3));
  it("nasal spray: mL x sprays per mL", () => {
    const r = regimenFromPrescription({ ...base, form: "nasal_spray", quantity: 1.5, unitsPerSession: 4, strengthMg: 10, doseUnitsPerDispenseUnit: 10 });
    expect(r).toMatchObject({ unitsPrescribed: 15, sessionsPrescribed: 3, unitLabel: "spray", doseMgPerSession: 40 });
  });
  it("decimal units do not lose a session to rounding", () => expect(regimenFromPrescription({ ...base, quantity: 3, unitsPerSession: 0.3 }).sessionsPrescribed).toBe(10));
  it("refuses nonsense", () => {
    expect(() => regimenFromPrescription({ ...base, quantity: 0 })).toThrow(RangeError);
    expect(() => regimenFromPrescription({ ...base, daysBetweenSessions: 0 })).toThrow(RangeError);
    expect(() => regimenFromPrescription({ ...base, firstSessionDate: "2026-02-30" })).toThrow(RangeError);
  });
});

describe("nextSessionDate", () => {
  it("before the first dose: the first session date, or today once it has passed", () => {
    expect(nextSessionDate({ firstSessionDate: "2026-05-04", lastTakenDate: null, daysBetweenSessions: 7, today: "2026-05-01" })).toEqual({ scheduledDate: "2026-05-04", earliestDate: "2026-05-04" });
    expect(nextSessionDate({ firstSessionDate: "2026-05-04", lastTakenDate: null, daysBetweenSessions: 7, today: "2026-05-06" })).toEqual({ scheduledDate: "2026-05-06", earliestDate: "2026-05-04" });
  });
  it("after a dose: last + interval; a missed day rolls forward to today", () => {
    expect(nextSessionDate({ firstSessionDate: "2026-05-04", lastTakenDate: "2026-05-04", daysBetweenSessions: 7, today: "2026-05-05" })).toEqual({ scheduledDate: "2026-05-11", earliestDate: "2026-05-11" });
    expect(nextSessionDate({ firstSessionDate: "2026-05-04", lastTakenDate: "2026-05-04", daysBetweenSessions: 7, today: "2026-05-13" })).toEqual({ scheduledDate: "2026-05-13", earliestDate: "2026-05-11" });
  });
  it("crosses month ends", () => expect(nextSessionDate({ firstSessionDate: "2026-01-01", lastTakenDate: "2026-02-25", daysBetweenSessions: 7, today: "2026-02-25" }).earliestDate).toBe("2026-03-04"));
});

describe("followUpLapsed (A8: pause when no follow-up within N days)", () => {
  const base = { nextFollowUpDate: "2026-06-01", lastCompletedFollowUpDate: null, pauseDays: 7 };
  it("N days after the date is not yet lapsed; N + 1 is", () => {
    expect(followUpLapsed({ ...base, today: "2026-06-08" })).toBe(false);
    expect(followUpLapsed({ ...base, today: "2026-06-09" })).toBe(true);
  });
  it("a completed follow-up near or after the date keeps it going", () => {
    expect(followUpLapsed({ ...base, lastCompletedFollowUpDate: "2026-06-03", today: "2026-06-20" })).toBe(false);
    expect(followUpLapsed({ ...base, lastCompletedFollowUpDate: "2026-05-25", today: "2026-06-20" })).toBe(false);
    expect(followUpLapsed({ ...base, lastCompletedFollowUpDate: "2026-05-01", today: "2026-06-20" })).toBe(true);
  });
  it("no follow-up date, nothing to lapse", () => expect(followUpLapsed({ ...base, nextFollowUpDate: null, today: "2027-01-01" })).toBe(false));
});

it("every pause reason has patient words", () => {
  for (const r of REGIMEN_PAUSE_REASONS) expect(PAUSE_REASON_TEXT[r]).toMatch(/\.$/);
});
