import { describe, expect, it } from "vitest";

import { type FollowUpPlan, planEffects, validateFollowUpPlan } from "./plan";

const TODAY = "2026-11-23";
const base: FollowUpPlan = { action: "continue", nextFollowUpOn: "2026-12-21", checkInCadence: "weekly" };
const problems = (patch: Partial<FollowUpPlan>) => {
  const r = validateFollowUpPlan({ ...base, ...patch }, TODAY);
  return r.ok ? [] : r.problems.map((p) => p.field);
};

describe("follow-up plan validation", () => {
  it.each<[string, Partial<FollowUpPlan>, string[]]>([
    ["continue, in four weeks, weekly", {}, []],
    ["next follow-up today", { nextFollowUpOn: TODAY }, ["nextFollowUpOn"]],
    ["next follow-up yesterday", { nextFollowUpOn: "2026-11-22" }, ["nextFollowUpOn"]],
    ["next follow-up tomorrow", { nextFollowUpOn: "2026-11-24" }, []],
    ["next follow-up in 180 days", { nextFollowUpOn: "2027-05-22" }, []],
    ["next follow-up in 181 days", { nextFollowUpOn: "2027-05-23" }, ["nextFollowUpOn"]],
    ["not a calendar date", { nextFollowUpOn: "2026-02-30" }, ["nextFollowUpOn"]],
    ["continue without a next date", { nextFollowUpOn: null }, ["nextFollowUpOn"]],
    ["continue without check-ins", { checkInCadence: "none" }, ["checkInCadence"]],
    ["titrate without a direction", { action: "titrate" }, ["titrationDirection"]],
    ["titrate up", { action: "titrate", titrationDirection: "increase" }, []],
    ["titrate down", { action: "titrate", titrationDirection: "decrease" }, []],
    ["titrate sideways", { action: "titrate", titrationDirection: "sideways" as never }, ["titrationDirection"]],
    ["a direction without titrating", { titrationDirection: "increase" }, ["titrationDirection"]],
    ["pause without check-ins", { action: "pause", checkInCadence: "none" }, ["checkInCadence"]],
    ["pause without a next date", { action: "pause", nextFollowUpOn: null }, ["nextFollowUpOn"]],
    ["stop, no next date, no check-ins", { action: "stop", nextFollowUpOn: null, checkInCadence: "none" }, []],
    ["stop with a past date", { action: "stop", nextFollowUpOn: "2026-01-01" }, ["nextFollowUpOn"]],
    ["switch to in office without a next date", { action: "switch_to_in_office", nextFollowUpOn: null }, ["nextFollowUpOn"]],
    ["switch to in office, no home check-ins", { action: "switch_to_in_office", checkInCadence: "none" }, []],
    ["refer without a target", { action: "refer", nextFollowUpOn: null }, ["referralTo"]],
    ["refer to blank", { action: "refer", referralTo: "   ", nextFollowUpOn: null }, ["referralTo"]],
    ["refer", { action: "refer", referralTo: "Intensive outpatient program", nextFollowUpOn: null, checkInCadence: "none" }, []],
    ["unknown action", { action: "wait" as never }, ["action"]],
    ["unknown cadence", { checkInCadence: "daily" as never }, ["checkInCadence"]],
  ])("%s", (_label, patch, fields) => {
    expect(problems(patch)).toEqual(fields);
  });

  it("returns the plan when valid and the problems in words when not", () => {
    expect(validateFollowUpPlan(base, TODAY)).toEqual({ ok: true, plan: base });
    expect(validateFollowUpPlan({ ...base, action: "titrate" }, TODAY)).toEqual({ ok: false, problems: [{ field: "titrationDirection", message: "Say whether to increase or decrease the dose." }] });
  });

  it("follows the clinic's horizon", () => {
    expect(validateFollowUpPlan({ ...base, nextFollowUpOn: "2026-12-24" }, TODAY, { maxDaysToNextFollowUp: 30 }).ok).toBe(false);
    expect(validateFollowUpPlan({ ...base, nextFollowUpOn: "2026-12-23" }, TODAY, { maxDaysToNextFollowUp: 30 }).ok).toBe(true);
  });
});

describe("what the regimen does with a plan", () => {
  it.each([
    ["continue", "keep", false],
    ["titrate", "keep", true],
    ["pause", "pause", false],
    ["stop", "stop", false],
    ["refer", "stop", false],
    ["switch_to_in_office", "move_in_office", false],
  ] as const)("%s → %s (Rx draft: %s)", (action, regimen, draft) => {
    expect(planEffects({ ...base, action })).toEqual({ regimen, opensPrescriptionDraft: draft });
  });
});
