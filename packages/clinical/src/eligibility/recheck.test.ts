import { describe, expect, it } from "vitest";

import type { EligibilityOutcome } from "./outcome";
import { proposeEligibility } from "./proposal";
import { compareWithDecision, type DecisionRules } from "./recheck";
import { CLEAR_FINDINGS, CLEAR_INTAKE } from "./test-fixtures";
import type { Effect } from "./types";

type R = [string, Effect];
const rules = (rs: R[]) => rs.map(([ruleId, effect]) => ({ ruleId, effect, finding: `${ruleId} finding` }));
const decision = (outcome: EligibilityOutcome, rs: R[], overriddenRuleIds: string[] = []): DecisionRules => ({ outcome, rules: rules(rs), overriddenRuleIds });
/** A proposal as packages/clinical builds it (outcome precedence NE > IO > deferred > OV), from its rules alone. */
function proposal(rs: R[]) {
  const has = (e: Effect) => rs.some(([, x]) => x === e);
  const outcome: EligibilityOutcome = has("not_eligible") ? "not_eligible" : has("in_office_only") ? "in_office_only" : has("deferred") ? "deferred" : has("override_required") ? "in_office_only" : "eligible_at_home";
  const overridable = [...new Set(rs.filter(([, e]) => e === "override_required").map(([id]) => id))];
  return { outcome, rules: rules(rs), overridable, atHomeByOverride: outcome === "in_office_only" && !has("in_office_only") && overridable.length > 0 };
}
const kinds = (c: ReturnType<typeof compareWithDecision>) => c.changes.map((x) => `${x.kind}:${x.ruleId}`);

// DOMAIN.md §8 "A": continued eligibility = §3 re-run, changes highlighted.
describe("compareWithDecision", () => {
  it.each<[string, DecisionRules, R[], { effective: EligibilityOutcome; stricter: boolean; reasons: string[]; changes: string[]; unchanged: boolean }]>([
    ["nothing fired, nothing fires", decision("eligible_at_home", []), [], { effective: "eligible_at_home", stricter: false, reasons: [], changes: [], unchanged: true }],
    ["same warning both times", decision("eligible_at_home", [["E21", "warning"]]), [["E21", "warning"]], { effective: "eligible_at_home", stricter: false, reasons: [], changes: [], unchanged: true }],
    ["a new warning: a change, not stricter", decision("eligible_at_home", []), [["E13", "warning"]], { effective: "eligible_at_home", stricter: false, reasons: [], changes: ["new:E13"], unchanged: false }],
    ["a new NE rule", decision("eligible_at_home", []), [["E01", "not_eligible"]], { effective: "not_eligible", stricter: true, reasons: ["E01"], changes: ["new:E01"], unchanged: false }],
    ["a new IO rule", decision("eligible_at_home", [["E21", "warning"]]), [["E03", "in_office_only"], ["E21", "warning"]], { effective: "in_office_only", stricter: true, reasons: ["E03"], changes: ["new:E03"], unchanged: false }],
    ["a new OV rule not overridden", decision("eligible_at_home", []), [["E22", "override_required"]], { effective: "in_office_only", stricter: true, reasons: ["E22"], changes: ["new:E22"], unchanged: false }],
    [
      "an OV rule the decision overrode still OV: at home stands",
      decision("eligible_at_home", [["E22", "override_required"]], ["E22"]),
      [["E22", "override_required"]],
      { effective: "eligible_at_home", stricter: false, reasons: [], changes: [], unchanged: true },
    ],
    [
      "an overridden OV rule plus a new OV rule",
      decision("eligible_at_home", [["E22", "override_required"]], ["E22"]),
      [["E09", "override_required"], ["E22", "override_required"]],
      { effective: "in_office_only", stricter: true, reasons: ["E09"], changes: ["new:E09"], unchanged: false },
    ],
    [
      "an overridden OV rule that became IO",
      decision("eligible_at_home", [["E04", "override_required"]], ["E04"]),
      [["E04", "in_office_only"]],
      { effective: "in_office_only", stricter: true, reasons: ["E04"], changes: ["stricter:E04"], unchanged: false },
    ],
    ["a warning that became OV", decision("eligible_at_home", [["E06", "warning"]]), [["E06", "override_required"]], { effective: "in_office_only", stricter: true, reasons: ["E06"], changes: ["stricter:E06"], unchanged: false }],
    ["a rule that no longer fires", decision("in_office_only", [["E03", "in_office_only"]]), [], { effective: "eligible_at_home", stricter: false, reasons: [], changes: ["gone:E03"], unchanged: false }],
    ["an effect that became milder", decision("in_office_only", [["E04", "in_office_only"]]), [["E04", "override_required"]], { effective: "in_office_only", stricter: false, reasons: [], changes: ["milder:E04"], unchanged: false }],
    ["in-office decision, a new IO rule: not stricter", decision("in_office_only", [["E03", "in_office_only"]]), [["E03", "in_office_only"], ["E16", "in_office_only"]], { effective: "in_office_only", stricter: false, reasons: [], changes: ["new:E16"], unchanged: false }],
    ["in-office decision, a new deferral", decision("in_office_only", [["E04", "override_required"]]), [["E04", "override_required"], ["E15", "deferred"]], { effective: "deferred", stricter: true, reasons: ["E15"], changes: ["new:E15"], unchanged: false }],
    ["deferred decision, now NE", decision("deferred", [["E06", "deferred"]]), [["E06", "deferred"], ["E19", "not_eligible"]], { effective: "not_eligible", stricter: true, reasons: ["E19"], changes: ["new:E19"], unchanged: false }],
    ["not-eligible decision: nothing is stricter", decision("not_eligible", [["E01", "not_eligible"]]), [["E01", "not_eligible"], ["E02", "not_eligible"]], { effective: "not_eligible", stricter: false, reasons: [], changes: ["new:E02"], unchanged: false }],
    [
      "a decision more permissive than its rules: every blocker named",
      decision("eligible_at_home", [["E17", "in_office_only"]]),
      [["E17", "in_office_only"]],
      { effective: "in_office_only", stricter: true, reasons: ["E17"], changes: [], unchanged: false },
    ],
    [
      "new, stricter, milder and gone together, new and stricter first",
      decision("in_office_only", [["E04", "override_required"], ["E09", "override_required"], ["E13", "override_required"]]),
      [["E01", "not_eligible"], ["E04", "in_office_only"], ["E13", "warning"]],
      { effective: "not_eligible", stricter: true, reasons: ["E01"], changes: ["new:E01", "stricter:E04", "milder:E13", "gone:E09"], unchanged: false },
    ],
  ])("%s", (_label, d, now, expected) => {
    const c = compareWithDecision(d, proposal(now));
    expect({ effective: c.effectiveOutcome, stricter: c.outcomeStricter, reasons: c.reasonRuleIds, changes: kinds(c), unchanged: c.unchanged }).toEqual(expected);
  });

  it("takes each rule's most restrictive effect when it fired on several answers", () => {
    const c = compareWithDecision(decision("in_office_only", [["E04", "override_required"], ["E04", "in_office_only"]]), proposal([["E04", "override_required"], ["E04", "in_office_only"]]));
    expect(c.unchanged).toBe(true);
  });

  it("says each change in plain words with the rule id and effects", () => {
    const c = compareWithDecision(decision("eligible_at_home", [["E06", "warning"], ["E21", "warning"]]), proposal([["E03", "in_office_only"], ["E06", "override_required"]]));
    expect(c.changes.map((x) => x.text)).toEqual([
      "E03 fires now (in-office only): E03 finding.",
      "E06 is stricter: warning at the decision, override required now: E06 finding.",
      "E21 no longer fires (was warning).",
    ]);
  });

  it("a decision re-run on the same intake and findings is unchanged", () => {
    const input = { intake: { ...CLEAR_INTAKE, priorSevereKetamineReaction: true }, findings: CLEAR_FINDINGS, decisionDate: "2026-11-23" };
    const at = proposeEligibility(input);
    expect(at).toMatchObject({ outcome: "in_office_only", atHomeByOverride: true, overridable: ["E22"] });
    const c = compareWithDecision({ outcome: "eligible_at_home", rules: at.rules, overriddenRuleIds: ["E22"] }, proposeEligibility({ ...input, decisionDate: "2027-01-10" }));
    expect(c).toMatchObject({ effectiveOutcome: "eligible_at_home", outcomeStricter: false, changes: [], unchanged: true });
  });
});
