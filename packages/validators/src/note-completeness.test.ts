import { describe, expect, it } from "vitest";

import type { TFollowUpFindings } from "./note";
import type { TEligibilityRecheck } from "./output/decision-recheck";
import { followUpMissing } from "./note-completeness";

// The follow-up checklist the page shows and the server enforces (DOMAIN.md §8 "A" and "P").
const complete: TFollowUpFindings = {
  assessment: {
    response: "partial_response",
    tolerability: "tolerated_with_side_effects",
    riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
    continuedEligibility: "unchanged",
  },
  plan: { action: "continue", nextFollowUpOn: "2026-12-21", checkInCadence: "weekly" },
};
const withAssessment = (patch: Partial<NonNullable<TFollowUpFindings["assessment"]>>): TFollowUpFindings => ({ ...complete, assessment: { ...complete.assessment, ...patch } });

describe("followUpMissing", () => {
  it("a follow-up with its assessment and plan lacks nothing; S and O are optional", () => {
    expect(followUpMissing(complete)).toEqual([]);
  });

  it.each<[string, TFollowUpFindings, RegExp]>([
    ["no response", withAssessment({ response: undefined }), /response to treatment/],
    ["no tolerability", withAssessment({ tolerability: undefined }), /tolerated/],
    ["no suicide risk", withAssessment({ riskAssessment: { suicidePlanReported: false, misuseRisk: "low" } }), /rate the suicide risk/],
    ["moderate suicide risk without a safety plan", withAssessment({ riskAssessment: { suicideRisk: "moderate", suicidePlanReported: false, misuseRisk: "low" } }), /safety plan/],
    ["no answer about a suicide plan or intent", withAssessment({ riskAssessment: { suicideRisk: "low", misuseRisk: "low" } }), /suicide plan or intent/],
    ["no misuse risk", withAssessment({ riskAssessment: { suicideRisk: "low", suicidePlanReported: false } }), /misuse risk/],
    ["no continued eligibility", withAssessment({ continuedEligibility: undefined }), /still eligible/],
    ["eligibility changed without saying how", withAssessment({ continuedEligibility: "changed", eligibilityComment: "  " }), /what changed/],
    ["no plan", { assessment: complete.assessment }, /^Plan: choose continue, titrate, pause, stop, switch to in-office or refer/],
  ])("names %s, and only that", (_name, findings, reason) => {
    const missing = followUpMissing(findings);
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(reason);
  });

  it("boundaries: a high risk with a safety plan, a changed eligibility explained, a new decision needed and explained", () => {
    expect(followUpMissing(withAssessment({ riskAssessment: { suicideRisk: "high", safetyPlan: "Crisis line; spouse removes means.", suicidePlanReported: false, misuseRisk: "moderate" } }))).toEqual([]);
    expect(followUpMissing(withAssessment({ continuedEligibility: "changed", eligibilityComment: "New beta-blocker." }))).toEqual([]);
    expect(followUpMissing(withAssessment({ continuedEligibility: "needs_new_decision", eligibilityComment: "BP now uncontrolled." }))).toEqual([]);
  });

  it("names everything for an empty note, assessment first, plan last", () => {
    const missing = followUpMissing(null);
    expect(missing).toHaveLength(7);
    expect(missing[0]).toMatch(/^Assessment/);
    expect(missing.at(-1)).toMatch(/^Plan/);
  });

  // DOMAIN.md §8 "A": continued eligibility is the §3 re-run; "unchanged" against a stricter re-run is reconsidered.
  describe("with the eligibility re-run", () => {
    const decision = { outcome: "eligible_at_home" as const } as NonNullable<TEligibilityRecheck["decision"]>;
    const comparison = (c: Partial<NonNullable<TEligibilityRecheck["comparison"]>>): TEligibilityRecheck["comparison"] => ({
      effectiveOutcome: "eligible_at_home",
      outcomeStricter: false,
      reasonRuleIds: [],
      changes: [],
      unchanged: true,
      ...c,
    });
    const stricter = { decision, comparison: comparison({ effectiveOutcome: "in_office_only", outcomeStricter: true, reasonRuleIds: ["E03", "E16"], unchanged: false }) };

    it.each<[string, TFollowUpFindings, Pick<TEligibilityRecheck, "decision" | "comparison"> | null, RegExp | null]>([
      ["no re-run", complete, null, null],
      ["no change", complete, { decision, comparison: comparison({}) }, null],
      ["a change that is not stricter", complete, { decision, comparison: comparison({ unchanged: false }) }, null],
      ["no decision to compare with", complete, { decision: null, comparison: null }, null],
      ["stricter, and 'unchanged' chosen", complete, stricter, /^Continued eligibility: .*in-office only because of E03, E16, stricter than the current decision \(eligible at home\)\. Choose “Still eligible, something changed” or “Needs a new eligibility decision”/],
      ["stricter, 'changed' without a comment", withAssessment({ continuedEligibility: "changed" }), stricter, /what changed about eligibility/],
      ["stricter, a new decision needed and explained", withAssessment({ continuedEligibility: "needs_new_decision", eligibilityComment: "New psychosis history on intake." }), stricter, null],
    ])("%s", (_name, findings, recheck, reason) => {
      const missing = followUpMissing(findings, recheck);
      if (reason === null) expect(missing).toEqual([]);
      else {
        expect(missing).toHaveLength(1);
        expect(missing[0]).toMatch(reason);
      }
    });
  });
});
