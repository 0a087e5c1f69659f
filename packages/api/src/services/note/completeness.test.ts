import type { TEvaluationFindings } from "@clearwell/validators/note";
import { describe, expect, it } from "vitest";

import { missingForSigning } from "./completeness";

const SOAP = { subjective: "s", objective: "o", assessment: "a", plan: "p" };
const reading = (systolic: number) => ({ systolic, diastolic: 80, takenAt: new Date("2026-03-02T15:00:00Z"), position: "sitting" as const });
const complete: TEvaluationFindings = {
  flagReview: [{ ruleId: "E06", resolution: "refute" }],
  mentalStatus: { mood: "ok", affect: "full", thoughtContent: "no SI" },
  vitals: { bpReadings: [reading(120), reading(122)] },
  riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
  supportPerson: { confirmed: true, name: "Sam" },
};

describe("missingForSigning (an evaluation note is complete before it is signed)", () => {
  it("a complete evaluation lacks nothing", () => {
    expect(missingForSigning("evaluation", SOAP, complete, ["E06"])).toEqual([]);
  });

  it.each<[string, Partial<TEvaluationFindings>, RegExp]>([
    ["one BP reading and no reason (E06 needs repeat readings)", { vitals: { bpReadings: [reading(120)] } }, /two blood pressure readings/],
    ["no vitals at all", { vitals: undefined }, /two blood pressure readings/],
    ["moderate suicide risk without a safety plan", { riskAssessment: { ...complete.riskAssessment, suicideRisk: "moderate" } }, /safety plan/],
    ["no suicide risk rating", { riskAssessment: { misuseRisk: "low", suicidePlanReported: false } }, /rate the suicide risk/],
    ["no misuse risk rating", { riskAssessment: { suicideRisk: "low", suicidePlanReported: false } }, /misuse risk/],
    ["support person confirmed without a name", { supportPerson: { confirmed: true } }, /support person's name/],
    ["no support person answer", { supportPerson: undefined }, /Support person: confirm/],
    ["no mental status", { mentalStatus: { mood: "ok" } }, /Mental status/],
  ])("names %s", (_name, change, reason) => {
    const missing = missingForSigning("evaluation", SOAP, { ...complete, ...change }, ["E06"]);
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(reason);
  });

  it("boundaries: a reason replaces the second reading; low risk needs no safety plan; a declined support person needs no name", () => {
    expect(missingForSigning("evaluation", SOAP, { ...complete, vitals: { bpReadings: [], bpNotTakenReason: "No cuff." } }, ["E06"])).toEqual([]);
    expect(missingForSigning("evaluation", SOAP, { ...complete, vitals: { bpReadings: [], bpNotTakenReason: "  " } }, ["E06"])).toHaveLength(1);
    expect(missingForSigning("evaluation", SOAP, { ...complete, riskAssessment: { ...complete.riskAssessment, suicideRisk: "high", safetyPlan: "Crisis plan." } }, ["E06"])).toEqual([]);
    expect(missingForSigning("evaluation", SOAP, { ...complete, supportPerson: { confirmed: false } }, ["E06"])).toEqual([]);
  });

  it("names every unresolved intake flag once, in rule order", () => {
    expect(missingForSigning("evaluation", SOAP, complete, ["E13", "E06", "E13", "E03"])).toEqual([
      "Screening flag E03: confirm, refute or mark it for follow-up.",
      "Screening flag E13: confirm, refute or mark it for follow-up.",
    ]);
  });

});

describe("missingForSigning (a follow-up note, DOMAIN.md §8)", () => {
  const TODAY = "2026-11-23";
  const snapshot = { schemaVersion: 1 as const, since: null, generatedAt: "2026-11-23T15:00:00.000Z", sections: [], sourceIds: {} };
  const plan = { action: "continue" as const, nextFollowUpOn: "2026-12-21", checkInCadence: "weekly" as const };
  const assessment = {
    response: "response" as const,
    tolerability: "well_tolerated" as const,
    riskAssessment: { suicideRisk: "low" as const, suicidePlanReported: false, misuseRisk: "low" as const },
    continuedEligibility: "unchanged" as const,
  };
  const EMPTY = { subjective: "", objective: "", assessment: "", plan: "" };

  it("needs the structured assessment, the plan and the snapshot; the SOAP text and evaluation parts are optional", () => {
    expect(missingForSigning("follow_up", EMPTY, { snapshot, assessment, plan }, TODAY)).toEqual([]);
    expect(missingForSigning("follow_up", SOAP, null, TODAY)).toEqual([
      "Interval data: reopen the note so the interval snapshot is built.",
      "Assessment: choose the response to treatment.",
      "Assessment: choose how the treatment is tolerated.",
      "Risk assessment: rate the suicide risk.",
      "Risk assessment: record whether the patient reports a suicide plan or intent.",
      "Risk assessment: rate the misuse risk.",
      "Assessment: say whether the patient is still eligible for treatment at home.",
      expect.stringMatching(/^Plan: choose continue, titrate/),
    ]);
  });

  it.each<[string, Record<string, unknown>, RegExp | null]>([
    ["next follow-up tomorrow", { nextFollowUpOn: "2026-11-24" }, null],
    ["next follow-up today (passed since it was saved)", { nextFollowUpOn: TODAY }, /^Plan: .*after today/],
    ["titrate without a direction", { action: "titrate" }, /^Plan: .*increase or decrease/],
    ["refer without a target", { action: "refer", nextFollowUpOn: null, checkInCadence: "none" }, /^Plan: .*referred to/],
  ])("re-checks the plan at signing: %s", (_name, change, reason) => {
    const missing = missingForSigning("follow_up", SOAP, { snapshot, assessment, plan: { ...plan, ...change } }, TODAY);
    if (reason) expect(missing).toEqual([expect.stringMatching(reason)]);
    else expect(missing).toEqual([]);
  });
});
