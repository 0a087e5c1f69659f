import { describe, expect, it } from "vitest";

import { DEFAULT_DECISION_POLICY, type DecisionChoice, type DecisionPolicy, type RuleOverride, validateDecision } from "./decision";
import type { ClinicRole, EligibilityOutcome } from "./outcome";
import { type EvaluationFindings, proposeEligibility } from "./proposal";
import { CLEAR_FINDINGS, CLEAR_INTAKE } from "./test-fixtures";
import type { ScreeningInput } from "./types";

const propose = (intake: Partial<ScreeningInput> = {}, findings: Partial<EvaluationFindings> = {}) =>
  proposeEligibility({ intake: { ...CLEAR_INTAKE, ...intake }, findings: { ...CLEAR_FINDINGS, ...findings }, decisionDate: "2026-11-23" });

const TEXT_30 = "Cleared by ophthalmology 2026."; // exactly 30 characters
const TEXT_29 = "Cleared by ophthalmology 2026"; // 29
const override = (ruleId: string, extra: Partial<RuleOverride> = {}): RuleOverride => ({
  ruleId,
  justification: { reasonCode: "specialist_clearance", text: TEXT_30 },
  ...extra,
});
const choose = (outcome: EligibilityOutcome, extra: Partial<DecisionChoice> = {}): DecisionChoice => ({
  outcome,
  overrides: [],
  acknowledgedWarnings: [],
  decider: { userId: "u-prescriber", roles: ["prescriber"] },
  ...extra,
});
const codes = (r: ReturnType<typeof validateDecision>) => (r.ok ? [] : r.refusals.map((x) => `${x.code}${x.ruleId ? `:${x.ruleId}` : ""}`));

const OV = propose({ raisedIntraocularPressureOrAngleClosure: true }); // E09 OV
const NE = propose({ ketamineHypersensitivity: true }); // E01 NE
const IO = propose({ psychosisHistory: true }); // E03 IO
const IO_OV = propose({ psychosisHistory: true, priorSevereKetamineReaction: true }); // E03 IO + E22 OV
const DEFERRED = propose({}, { bloodPressureReadings: [{ systolic: 150, diastolic: 95 }, { systolic: 148, diastolic: 94 }] });
const CLEAR = propose();
const WARN = propose({ lowerUrinaryTractSymptoms: true }); // E12 W

describe("the proposals under test", () => {
  it("have the outcomes the tables assume", () => {
    expect([OV, NE, IO, IO_OV, DEFERRED, CLEAR, WARN].map((p) => p.outcome)).toEqual([
      "in_office_only",
      "not_eligible",
      "in_office_only",
      "in_office_only",
      "deferred",
      "eligible_at_home",
      "eligible_at_home",
    ]);
  });
});

// A more restrictive (or equal) outcome is always allowed; deferred and not_eligible authorize nothing.
describe("outcome vs proposal", () => {
  it.each<[string, ReturnType<typeof propose>, EligibilityOutcome, string[]]>([
    ["clear → at home", CLEAR, "eligible_at_home", []],
    ["clear → in office", CLEAR, "in_office_only", []],
    ["clear → deferred", CLEAR, "deferred", []],
    ["clear → not eligible", CLEAR, "not_eligible", []],
    ["IO → in office", IO, "in_office_only", []],
    ["IO → at home", IO, "eligible_at_home", ["not_overridable:E03"]],
    ["IO → not eligible", IO, "not_eligible", []],
    ["NE → not eligible", NE, "not_eligible", []],
    ["NE → deferred", NE, "deferred", []],
    ["NE → in office", NE, "in_office_only", ["not_overridable:E01"]],
    ["NE → at home", NE, "eligible_at_home", ["not_overridable:E01"]],
    ["deferred BP → deferred", DEFERRED, "deferred", []],
    ["deferred BP → not eligible", DEFERRED, "not_eligible", []],
    ["deferred BP → in office", DEFERRED, "in_office_only", ["not_overridable:E06"]],
    ["deferred BP → at home", DEFERRED, "eligible_at_home", ["not_overridable:E06"]],
    ["OV → in office", OV, "in_office_only", []],
    ["OV → at home without override", OV, "eligible_at_home", ["override_missing:E09"]],
  ])("%s: %s", (_label, proposal, outcome, refusals) => {
    expect(codes(validateDecision(proposal, choose(outcome)))).toEqual(refusals);
  });

  it("NE and IO are never overridden to at home, whatever overrides are sent", () => {
    expect(codes(validateDecision(NE, choose("eligible_at_home", { overrides: [override("E01")] })))).toEqual(["not_overridable:E01", "override_not_applicable:E01"]);
    expect(codes(validateDecision(IO_OV, choose("eligible_at_home", { overrides: [override("E22")] })))).toEqual(["not_overridable:E03"]);
  });
});

// DOMAIN.md §1 "Override an OV rule": prescriber only, with a structured justification (co-sign C).
describe("OV overrides", () => {
  const cosignPolicy: DecisionPolicy = { ...DEFAULT_DECISION_POLICY, overrideCoSignRequired: true };
  const other = { userId: "u-other", roles: ["prescriber"] as ClinicRole[] };
  it.each<[string, Partial<DecisionChoice>, DecisionPolicy, string[]]>([
    ["prescriber with a 30-character justification", { overrides: [override("E09")] }, DEFAULT_DECISION_POLICY, []],
    ["no override", {}, DEFAULT_DECISION_POLICY, ["override_missing:E09"]],
    ["provider (not prescriber) overrides", { overrides: [override("E09")], decider: { userId: "u-provider", roles: ["provider"] } }, DEFAULT_DECISION_POLICY, ["override_needs_prescriber:E09"]],
    ["provider + prescriber overrides", { overrides: [override("E09")], decider: { userId: "u-both", roles: ["provider", "prescriber"] } }, DEFAULT_DECISION_POLICY, []],
    ["29-character justification", { overrides: [override("E09", { justification: { reasonCode: "specialist_clearance", text: TEXT_29 } })] }, DEFAULT_DECISION_POLICY, ["justification_invalid:E09"]],
    ["30 characters padded with spaces to look longer", { overrides: [override("E09", { justification: { reasonCode: "specialist_clearance", text: `  ${TEXT_29}  ` } })] }, DEFAULT_DECISION_POLICY, ["justification_invalid:E09"]],
    ["unknown reason code", { overrides: [override("E09", { justification: { reasonCode: "because" as never, text: TEXT_30 } })] }, DEFAULT_DECISION_POLICY, ["justification_invalid:E09"]],
    ["co-sign required, none", { overrides: [override("E09")] }, cosignPolicy, ["co_sign_missing:E09"]],
    ["co-sign required, signed by a provider", { overrides: [override("E09", { coSigner: { userId: "u-p", roles: ["provider"] } })] }, cosignPolicy, ["co_sign_missing:E09"]],
    ["co-sign required, signed by the decider", { overrides: [override("E09", { coSigner: { userId: "u-prescriber", roles: ["prescriber"] } })] }, cosignPolicy, ["co_sign_missing:E09"]],
    ["co-sign required, another prescriber", { overrides: [override("E09", { coSigner: other })] }, cosignPolicy, []],
    ["co-sign required, another prescriber on the care team", { overrides: [override("E09", { coSigner: { ...other, onCareTeam: true } })] }, cosignPolicy, []],
    ["co-sign required, a prescriber not on the care team", { overrides: [override("E09", { coSigner: { ...other, onCareTeam: false } })] }, cosignPolicy, ["co_signer_not_on_care_team:E09"]],
    ["co-sign not required, another prescriber named anyway", { overrides: [override("E09", { coSigner: other })] }, DEFAULT_DECISION_POLICY, []],
    ["co-sign not required, the decider named", { overrides: [override("E09", { coSigner: { userId: "u-prescriber", roles: ["prescriber"] } })] }, DEFAULT_DECISION_POLICY, ["co_sign_missing:E09"]],
    ["co-sign not required, someone off the care team named", { overrides: [override("E09", { coSigner: { ...other, onCareTeam: false } })] }, DEFAULT_DECISION_POLICY, ["co_signer_not_on_care_team:E09"]],
    ["override twice", { overrides: [override("E09"), override("E09")] }, DEFAULT_DECISION_POLICY, ["duplicate_override:E09"]],
    ["override of a rule that did not fire", { overrides: [override("E09"), override("E22")] }, DEFAULT_DECISION_POLICY, ["override_not_applicable:E22"]],
  ])("%s", (_label, extra, policy, refusals) => {
    expect(codes(validateDecision(OV, choose("eligible_at_home", extra), policy))).toEqual(refusals);
  });

  it("an override is refused when the outcome does not need one", () => {
    expect(codes(validateDecision(OV, choose("in_office_only", { overrides: [override("E09")] })))).toEqual(["override_not_applicable:E09"]);
  });

  it("every OV rule must be overridden", () => {
    const two = propose({ raisedIntraocularPressureOrAngleClosure: true, priorSevereKetamineReaction: true });
    expect(codes(validateDecision(two, choose("eligible_at_home", { overrides: [override("E09")] })))).toEqual(["override_missing:E22"]);
    expect(validateDecision(two, choose("eligible_at_home", { overrides: [override("E09"), override("E22")] }))).toEqual({ ok: true });
  });

  it("explains a refusal in words", () => {
    const r = validateDecision(OV, choose("eligible_at_home", { decider: { userId: "u", roles: ["provider"] }, overrides: [override("E09")] }));
    expect(r).toEqual({ ok: false, refusals: [{ code: "override_needs_prescriber", ruleId: "E09", message: "Only a prescriber can override E09." }] });
  });

  it("says what is wrong with the co-signer", () => {
    const messages = (coSigner: RuleOverride["coSigner"]) => {
      const r = validateDecision(OV, choose("eligible_at_home", { overrides: [override("E09", { coSigner })] }), cosignPolicy);
      return r.ok ? [] : r.refusals.map((x) => x.message);
    };
    expect(messages(null)).toEqual(["E09: this clinic requires a second prescriber to co-sign overrides. Choose who co-signs."]);
    expect(messages({ userId: "u-prescriber", roles: ["prescriber"] })).toEqual(["E09: you cannot co-sign your own override. Choose another prescriber."]);
    expect(messages({ userId: "u-p", roles: ["provider", "admin"] })).toEqual(["E09: the co-signer must be a prescriber of this clinic."]);
  });
});

describe("warnings", () => {
  it.each<[EligibilityOutcome, string[], string[]]>([
    ["eligible_at_home", [], ["warning_not_acknowledged:E12"]],
    ["eligible_at_home", ["E12"], []],
    ["in_office_only", [], ["warning_not_acknowledged:E12"]],
    ["not_eligible", [], []],
    ["deferred", [], []],
  ])("%s, acknowledged %j", (outcome, acked, refusals) => {
    expect(codes(validateDecision(WARN, choose(outcome, { acknowledgedWarnings: acked })))).toEqual(refusals);
  });
});

describe("who decides", () => {
  it.each<[ClinicRole[], boolean]>([
    [["provider"], true],
    [["prescriber"], true],
    [["admin"], false],
    [["staff"], false],
    [["admin", "staff"], false],
  ])("%j may decide: %s", (roles, ok) => {
    expect(validateDecision(CLEAR, choose("not_eligible", { decider: { userId: "u", roles } })).ok).toBe(ok);
  });
});
