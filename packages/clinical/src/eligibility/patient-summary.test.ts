import { describe, expect, it } from "vitest";

import { patientDecisionSummary } from "./patient-summary";

const text = (s: ReturnType<typeof patientDecisionSummary>) => [s.headline, ...s.explanation, ...s.nextSteps].join("\n");

describe("patientDecisionSummary (issue 11 §7: plain words, never rule ids or findings)", () => {
  it.each([
    ["eligible_at_home", [], /at home/, /prescription/],
    ["in_office_only", [{ ruleId: "E03", effect: "in_office_only" }], /in the clinic/, /book a supervised in-office session/],
    ["not_eligible", [{ ruleId: "E01", effect: "not_eligible" }], /isn't recommended/, /988/],
    ["deferred", [{ ruleId: "E06", effect: "deferred" }], /on hold/, /Recheck your blood pressure/],
  ] as const)("%s", (outcome, rules, headline, step) => {
    const s = patientDecisionSummary({ outcome, state: "current", rules });
    expect(s.headline).toMatch(headline);
    expect(s.nextSteps.join("\n")).toMatch(step);
    expect(text(s)).not.toMatch(/\bE\d{2}\b/);
  });

  it("says why in-office in general words, without overridden rules", () => {
    const s = patientDecisionSummary({
      outcome: "in_office_only",
      state: "current",
      rules: [
        { ruleId: "E17", effect: "in_office_only" },
        { ruleId: "E04", effect: "override_required" },
        { ruleId: "E22", effect: "override_required" },
      ],
      overriddenRuleIds: ["E22"],
    });
    expect(s.explanation[0]).toBe("Because of not having a working blood pressure cuff at home and your history with alcohol or other substances, your treatment should be supervised in the clinic rather than at home.");
    expect(text(s)).not.toMatch(/past reaction/);
  });

  it("names each thing a deferral waits on, and a generic line for open questions", () => {
    const s = patientDecisionSummary({
      outcome: "deferred",
      state: "current",
      rules: [
        { ruleId: "E15", effect: "deferred" },
        { ruleId: "E17", effect: "deferred" },
        { ruleId: "E13", effect: "deferred" },
        { ruleId: "E21", effect: "warning" },
      ],
    });
    expect(s.explanation).toEqual([
      "We still need to confirm that an adult support person can be with you for every session.",
      "We still need to confirm that you have a working blood pressure cuff at home.",
      "A few of your answers need to be talked through with your clinician.",
    ]);
    expect(s.nextSteps.at(-1)).toMatch(/Book a follow-up visit/);
  });

  it("an expired or invalidated decision asks for a new review whatever the outcome", () => {
    const s = patientDecisionSummary({ outcome: "eligible_at_home", state: "needs_review", rules: [] });
    expect(s.headline).toMatch(/reviewed again/);
    expect(text(s)).not.toMatch(/prescription/);
  });

  it("says nothing about the outcome while the decision waits for a co-signature (issue 11 §3)", () => {
    for (const outcome of ["eligible_at_home", "in_office_only", "not_eligible", "deferred"] as const) {
      const s = patientDecisionSummary({ outcome, state: "being_decided", rules: [{ ruleId: "E22", effect: "override_required" }], overriddenRuleIds: ["E22"] });
      expect(s.headline).toBe("Your clinician is still finishing your decision");
      expect(text(s)).not.toMatch(/\bE\d{2}\b|at home treatment is|in the clinic rather|isn't recommended|past reaction/);
      expect(s.nextSteps.join("\n")).toMatch(/Don't start any at-home sessions/);
    }
  });
});
