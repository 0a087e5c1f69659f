import { describe, expect, it } from "vitest";

import type { EligibilityOutcome } from "./outcome";
import { type EvaluationFindings, type FlagResolution, proposeEligibility } from "./proposal";
import { CLEAR_FINDINGS, CLEAR_INTAKE } from "./test-fixtures";
import { DEFAULT_SCREENING_CONFIG, type ScreeningInput } from "./types";

const DECIDED = "2026-11-23";

const propose = (intake: Partial<ScreeningInput> = {}, findings: Partial<EvaluationFindings> = {}, config = DEFAULT_SCREENING_CONFIG) =>
  proposeEligibility({ intake: { ...CLEAR_INTAKE, ...intake }, findings: { ...CLEAR_FINDINGS, ...findings }, decisionDate: DECIDED, config });

const bp = (...pairs: [number, number][]) => pairs.map(([systolic, diastolic]) => ({ systolic, diastolic }));
const ruleEffects = (p: ReturnType<typeof propose>) => p.rules.map((r) => `${r.ruleId}:${r.effect}`);

describe("a clear intake and evaluation", () => {
  it("proposes at-home treatment with no rule fired", () => {
    const p = propose();
    expect(p).toMatchObject({ outcome: "eligible_at_home", rules: [], cleared: [], overridable: [], warnings: [], signingBlocks: [], crisisPathway: false, atHomeByOverride: false });
  });
});

// DOMAIN.md §3 E06: ">140/90 on repeat reading at evaluation" (the limit itself passes); two readings needed.
describe("E06 blood pressure at the evaluation", () => {
  it.each<[string, ReturnType<typeof bp>, EligibilityOutcome, string[]]>([
    ["no reading", bp(), "deferred", ["E06:deferred"]],
    ["one normal reading", bp([120, 80]), "deferred", ["E06:deferred"]],
    ["one reading exactly 140/90", bp([140, 90]), "deferred", ["E06:deferred"]],
    ["two readings exactly 140/90", bp([140, 90], [140, 90]), "eligible_at_home", []],
    ["two readings 141/90", bp([141, 90], [141, 90]), "deferred", ["E06:deferred"]],
    ["two readings 140/91", bp([140, 91], [140, 91]), "deferred", ["E06:deferred"]],
    ["two readings 141/91", bp([141, 91], [141, 91]), "deferred", ["E06:deferred"]],
    ["high, then normal on repeat", bp([141, 91], [120, 80]), "eligible_at_home", ["E06:warning"]],
    ["normal, then high: repeat again", bp([120, 80], [141, 91]), "deferred", ["E06:deferred"]],
    ["high twice, then normal twice", bp([150, 95], [150, 95], [130, 85], [128, 84]), "eligible_at_home", ["E06:warning"]],
  ])("%s %j → %s", (_label, readings, outcome, rules) => {
    const p = propose({}, { bloodPressureReadings: readings });
    expect(p.outcome).toBe(outcome);
    expect(ruleEffects(p)).toEqual(rules);
    expect(p.rules.every((r) => r.origin === "evaluation")).toBe(true);
  });

  it("names the repeat readings and says to recheck", () => {
    expect(propose({}, { bloodPressureReadings: bp([150, 95], [146, 92]) }).rules[0]).toMatchObject({
      ruleId: "E06",
      finding: "BP above 140/90 on repeat readings (150/95, then 146/92): recheck",
      source: expect.stringContaining("Spravato"),
    });
  });

  // Known uncontrolled hypertension from intake: deferred while high, OV once controlled.
  it.each<[boolean | null, FlagResolution | null, ReturnType<typeof bp>, EligibilityOutcome, string[]]>([
    [true, null, bp([120, 80], [118, 76]), "in_office_only", ["E06:override_required"]],
    [true, "confirm", bp([120, 80], [118, 76]), "in_office_only", ["E06:override_required"]],
    [true, "needs_follow_up", bp([120, 80], [118, 76]), "in_office_only", ["E06:override_required"]],
    [true, "refute", bp([120, 80], [118, 76]), "eligible_at_home", []],
    [true, null, bp([150, 95], [150, 95]), "deferred", ["E06:deferred"]],
    [true, "refute", bp([150, 95], [150, 95]), "deferred", ["E06:deferred"]],
    [null, null, bp([120, 80], [118, 76]), "deferred", ["E06:deferred"]],
    [null, "needs_follow_up", bp([120, 80], [118, 76]), "deferred", ["E06:deferred"]],
    [null, "confirm", bp([120, 80], [118, 76]), "in_office_only", ["E06:override_required"]],
    [null, "refute", bp([120, 80], [118, 76]), "eligible_at_home", []],
  ])("known uncontrolled hypertension %s, resolved %s, readings %j → %s", (known, resolution, readings, outcome, rules) => {
    const p = propose({ knownUncontrolledHypertension: known }, { bloodPressureReadings: readings, flagResolutions: resolution ? [{ ruleId: "E06", resolution }] : [] });
    expect(p.outcome).toBe(outcome);
    expect(ruleEffects(p)).toEqual(rules);
    expect(p.atHomeByOverride).toBe(outcome === "in_office_only");
  });

  it("a deferral for blood pressure, controlled on recheck, becomes OV (deferred -> OV once controlled)", () => {
    const p = propose({}, { previouslyDeferredForBloodPressure: true });
    expect(p).toMatchObject({ outcome: "in_office_only", overridable: ["E06"], atHomeByOverride: true });
  });
});

// Issue 11 §1: each intake flag is confirmed, refuted or left for follow-up at the evaluation.
describe("flag resolutions", () => {
  it.each<[string, Partial<ScreeningInput>, string, FlagResolution | null, EligibilityOutcome, string[]]>([
    ["psychosis history", { psychosisHistory: true }, "E03", null, "in_office_only", ["E03:in_office_only"]],
    ["psychosis history", { psychosisHistory: true }, "E03", "confirm", "in_office_only", ["E03:in_office_only"]],
    ["psychosis history", { psychosisHistory: true }, "E03", "needs_follow_up", "in_office_only", ["E03:in_office_only"]],
    ["psychosis history", { psychosisHistory: true }, "E03", "refute", "eligible_at_home", []],
    // An unanswered question: confirm means the condition is present, so the rule's real effect applies.
    ["hypersensitivity unsure", { ketamineHypersensitivity: null }, "E01", null, "deferred", ["E01:deferred"]],
    ["hypersensitivity unsure", { ketamineHypersensitivity: null }, "E01", "needs_follow_up", "deferred", ["E01:deferred"]],
    ["hypersensitivity unsure", { ketamineHypersensitivity: null }, "E01", "confirm", "not_eligible", ["E01:not_eligible"]],
    ["hypersensitivity unsure", { ketamineHypersensitivity: null }, "E01", "refute", "eligible_at_home", []],
    ["support person unsure, confirmed at the visit", { adultSupportPersonForEverySession: null }, "E15", null, "eligible_at_home", []],
    ["hepatic impairment unsure", { hepaticImpairment: null }, "E10", "confirm", "in_office_only", ["E10:in_office_only"]],
    ["cardiac event, timing unsure", { monthsSinceCardiovascularEvent: "unknown" }, "E07", "confirm", "in_office_only", ["E07:in_office_only"]],
    ["cardiac event, timing unsure", { monthsSinceCardiovascularEvent: "unknown" }, "E07", "refute", "eligible_at_home", []],
    ["opioids unsure", { takesOpioids: null }, "E13", "confirm", "in_office_only", ["E13:override_required"]],
    ["resolution for a rule that did not fire", {}, "E02", "confirm", "eligible_at_home", []],
  ])("%s, %s resolved %s → %s", (_label, intake, ruleId, resolution, outcome, rules) => {
    const p = propose(intake, { flagResolutions: resolution ? [{ ruleId, resolution }] : [] });
    expect(p.outcome).toBe(outcome);
    expect(ruleEffects(p)).toEqual(rules);
  });

  it("a refuted flag no longer fires but is kept for the record", () => {
    const p = propose({ maniaHistory: true }, { flagResolutions: [{ ruleId: "E03", resolution: "refute" }] });
    expect(p.rules).toEqual([]);
    expect(p.cleared).toEqual([{ ruleId: "E03", finding: "History of mania", by: "refuted" }]);
  });

  it("records the resolution and says it in the reason", () => {
    const [rule] = propose({ psychosisHistory: true }, { flagResolutions: [{ ruleId: "E03", resolution: "needs_follow_up" }] }).rules;
    expect(rule).toMatchObject({ ruleId: "E03", origin: "intake", resolution: "needs_follow_up", reason: expect.stringContaining("needs follow-up") });
    expect(rule!.reason).toContain("only in the office");
  });

  it("E11 keeps the crisis pathway unless refuted", () => {
    expect(propose({ activeSuicidalIntentOrPlan: true })).toMatchObject({ outcome: "in_office_only", crisisPathway: true });
    expect(propose({ monthsSinceSuicideAttempt: "unknown" }, { flagResolutions: [{ ruleId: "E11", resolution: "confirm" }] })).toMatchObject({ outcome: "in_office_only", crisisPathway: true });
    expect(propose({ activeSuicidalIntentOrPlan: true }, { flagResolutions: [{ ruleId: "E11", resolution: "refute" }] })).toMatchObject({ outcome: "eligible_at_home", crisisPathway: false });
  });

  it("computed rules cannot be refuted (E19 from date of birth)", () => {
    const p = propose({ dateOfBirth: "2010-01-01" }, { flagResolutions: [{ ruleId: "E19", resolution: "refute" }] });
    expect(p.outcome).toBe("not_eligible");
  });
});

// E15 and E17 are at-home requirements attested at eligibility (DOMAIN.md §3).
describe("E15 support person and E17 home BP cuff at the evaluation", () => {
  it.each<[string, Partial<ScreeningInput>, Partial<EvaluationFindings>, EligibilityOutcome, string[]]>([
    ["support confirmed", {}, { supportPersonConfirmed: true }, "eligible_at_home", []],
    ["support not confirmed yet", {}, { supportPersonConfirmed: null }, "deferred", ["E15:deferred"]],
    ["no support person at the visit", {}, { supportPersonConfirmed: false }, "in_office_only", ["E15:in_office_only"]],
    ["intake said none, visit confirms one", { adultSupportPersonForEverySession: false }, { supportPersonConfirmed: true }, "eligible_at_home", []],
    ["intake said none, not confirmed", { adultSupportPersonForEverySession: false }, { supportPersonConfirmed: null }, "in_office_only", ["E15:in_office_only"]],
    ["cuff confirmed", {}, { homeBpCuffConfirmed: true }, "eligible_at_home", []],
    ["cuff not confirmed yet", {}, { homeBpCuffConfirmed: null }, "deferred", ["E17:deferred"]],
    ["no cuff", {}, { homeBpCuffConfirmed: false }, "in_office_only", ["E17:in_office_only"]],
    ["intake said no cuff, visit confirms one", { hasWorkingHomeBpCuff: false }, { homeBpCuffConfirmed: true }, "eligible_at_home", []],
  ])("%s → %s", (_label, intake, findings, outcome, rules) => {
    const p = propose(intake, findings);
    expect(p.outcome).toBe(outcome);
    expect(ruleEffects(p)).toEqual(rules);
  });

  it("records an intake answer superseded by the evaluation", () => {
    expect(propose({ hasWorkingHomeBpCuff: false }).cleared).toEqual([{ ruleId: "E17", finding: "No working home BP cuff", by: "evaluation" }]);
  });
});

describe("E05 pregnancy at the evaluation", () => {
  it.each<[string, Partial<ScreeningInput>, Partial<EvaluationFindings>, EligibilityOutcome, string[]]>([
    ["found at the visit", {}, { pregnant: true }, "not_eligible", ["E05:not_eligible"]],
    ["intake flag refuted, but found at the visit", { pregnant: true }, { pregnant: true, flagResolutions: [{ ruleId: "E05", resolution: "refute" }] }, "not_eligible", ["E05:not_eligible"]],
    ["intake flag refuted, visit negative", { pregnant: true }, { pregnant: false, flagResolutions: [{ ruleId: "E05", resolution: "refute" }] }, "eligible_at_home", []],
    ["intake flag not resolved, visit negative", { pregnant: true }, { pregnant: false }, "not_eligible", ["E05:not_eligible"]],
  ])("%s → %s", (_label, intake, findings, outcome, rules) => {
    const p = propose(intake, findings);
    expect(p.outcome).toBe(outcome);
    expect(ruleEffects(p)).toEqual(rules);
  });

  it("follows the clinic's pregnancy effect (C)", () => {
    expect(propose({}, { pregnant: true }, { ...DEFAULT_SCREENING_CONFIG, pregnancyEffect: "in_office_only" }).outcome).toBe("in_office_only");
  });
});

// E19: age on the decision date, in calendar terms.
describe("E19 age on the decision date", () => {
  it.each([
    ["2008-11-24", "not_eligible"], // 17 years 364 days
    ["2008-11-23", "eligible_at_home"], // 18th birthday
    ["2008-11-22", "eligible_at_home"],
  ] as const)("born %s → %s", (dateOfBirth, outcome) => {
    expect(propose({ dateOfBirth }).outcome).toBe(outcome);
  });
});

// E21: baseline PHQ-9 and GAD-7 both below 10 (Hull 2022 inclusion); visit scores are the newer baseline.
describe("E21 baseline scores", () => {
  it.each<[number | null, number | null, number | null, number | null, string[]]>([
    [16, 12, null, null, []],
    [9, 9, null, null, ["E21:warning"]],
    [10, 9, null, null, []],
    [9, 10, null, null, []],
    [16, 12, 9, 9, ["E21:warning"]],
    [4, 3, 10, 9, []],
    [null, null, null, null, ["E21:deferred"]],
    [null, null, 12, 11, []],
  ])("intake %s/%s, visit %s/%s → %j", (iPhq, iGad, vPhq, vGad, rules) => {
    expect(ruleEffects(propose({ baselinePhq9: iPhq, baselineGad7: iGad }, { phq9: vPhq, gad7: vGad }))).toEqual(rules);
  });
});

// E20 is a hard block at prescription signing, reported here but not an eligibility outcome.
describe("E20 licence in the patient's state", () => {
  it.each([
    [true, 0],
    [false, 1],
    [null, 1],
  ] as const)("licensed %s → %d signing block(s), outcome unchanged", (licensed, blocks) => {
    const p = propose({}, { prescriberLicensedInPatientState: licensed });
    expect(p.outcome).toBe("eligible_at_home");
    expect(p.signingBlocks).toHaveLength(blocks);
    expect(p.rules.some((r) => r.ruleId === "E20")).toBe(false);
  });
});

// Precedence: NE > IO > deferred > OV (at home by override) > W.
describe("precedence", () => {
  it.each<[string, Partial<ScreeningInput>, Partial<EvaluationFindings>, EligibilityOutcome, boolean]>([
    ["NE and IO", { ketamineHypersensitivity: true, psychosisHistory: true }, {}, "not_eligible", false],
    ["IO and deferred BP", { psychosisHistory: true }, { bloodPressureReadings: bp([150, 95], [150, 95]) }, "in_office_only", false],
    ["deferred and OV", { priorSevereKetamineReaction: true }, { bloodPressureReadings: bp() }, "deferred", false],
    ["OV and W", { priorSevereKetamineReaction: true, lowerUrinaryTractSymptoms: true }, {}, "in_office_only", true],
    ["IO and OV", { priorSevereKetamineReaction: true, psychosisHistory: true }, {}, "in_office_only", false],
    ["W only", { lowerUrinaryTractSymptoms: true }, {}, "eligible_at_home", false],
  ])("%s → %s (at home by override: %s)", (_label, intake, findings, outcome, byOverride) => {
    const p = propose(intake, findings);
    expect(p.outcome).toBe(outcome);
    expect(p.atHomeByOverride).toBe(byOverride);
  });

  it("lists every rule that fired, most restrictive first, with id, effect, source and reason", () => {
    const p = propose({ takesOpioids: true, takesBenzodiazepines: true, psychosisHistory: true, lowerUrinaryTractSymptoms: true });
    expect(ruleEffects(p)).toEqual(["E03:in_office_only", "E13:override_required", "E12:warning", "E13:warning"]);
    expect(p.overridable).toEqual(["E13"]);
    expect(p.warnings).toEqual(["E12", "E13"]);
    for (const r of p.rules) {
      expect(r.source.length).toBeGreaterThan(0);
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.reason).toMatch(/reported at intake/);
    }
  });
});
