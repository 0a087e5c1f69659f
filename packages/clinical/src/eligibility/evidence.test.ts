import { describe, expect, it } from "vitest";

import { canonicalJson, decisionEvidence } from "./evidence";
import { proposeEligibility } from "./proposal";
import { CLEAR_FINDINGS, CLEAR_INTAKE } from "./test-fixtures";

describe("canonical JSON for the evidence hash", () => {
  it("sorts keys at every depth, drops undefined, writes dates as ISO", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: undefined, x: 2 }], c: new Date("2026-11-23T00:00:00Z") } })).toBe('{"a":{"c":"2026-11-23T00:00:00.000Z","d":[{"x":2,"z":1}]},"b":1}');
  });

  it("is the same whatever order overrides, warnings and roles arrive in", () => {
    const proposal = proposeEligibility({ intake: CLEAR_INTAKE, findings: CLEAR_FINDINGS, decisionDate: "2026-11-23" });
    const j = { reasonCode: "condition_controlled" as const, text: "x".repeat(30) };
    const refs = { intakeId: "i", intakeVersion: 1, noteId: "n" };
    const one = decisionEvidence(proposal, { outcome: "eligible_at_home", overrides: [{ ruleId: "E22", justification: j }, { ruleId: "E09", justification: j }], acknowledgedWarnings: ["E14", "E12"], decider: { userId: "u", roles: ["provider", "prescriber"] } }, refs);
    const two = decisionEvidence(proposal, { outcome: "eligible_at_home", overrides: [{ ruleId: "E09", justification: j }, { ruleId: "E22", justification: j }], acknowledgedWarnings: ["E12", "E14"], decider: { userId: "u", roles: ["prescriber", "provider"] } }, refs);
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson(one)).not.toBe(canonicalJson({ ...two, refs: { ...refs, intakeVersion: 2 } }));
  });
});
