import { describe, expect, it } from "vitest";

import { SCREENING_RULES } from "./rules";
import { screenForAtHomeKetamine } from "./screen";
import { CLEAR_INTAKE } from "./test-fixtures";
import { DEFAULT_SCREENING_CONFIG, type ScreeningInput } from "./types";

const TODAY = "2026-11-23";

const clear = CLEAR_INTAKE;

const screen = (patch: Partial<ScreeningInput>, config = DEFAULT_SCREENING_CONFIG) => screenForAtHomeKetamine({ ...clear, ...patch }, TODAY, config);

describe("a clear intake", () => {
  it("raises no flag", () => {
    expect(screen({})).toEqual({ flags: [], mostRestrictive: null, crisisPathway: false });
  });
});

// DOMAIN.md §3, one row per condition: the patch, the rule it must raise and the default effect.
const ROWS: [string, Partial<ScreeningInput>, string, string][] = [
  ["ketamine hypersensitivity", { ketamineHypersensitivity: true }, "E01", "not_eligible"],
  ["aneurysm", { aneurysmalVascularDisease: true }, "E02", "not_eligible"],
  ["AV malformation", { arteriovenousMalformation: true }, "E02", "not_eligible"],
  ["intracerebral hemorrhage", { intracerebralHemorrhageHistory: true }, "E02", "not_eligible"],
  ["psychosis", { psychosisHistory: true }, "E03", "in_office_only"],
  ["mania", { maniaHistory: true }, "E03", "in_office_only"],
  ["active SUD", { activeSubstanceUseDisorder: true }, "E04", "in_office_only"],
  ["dissociative misuse", { dissociativeMisuseEver: true }, "E04", "in_office_only"],
  ["OUD history, 6 months remission", { opioidUseDisorderHistory: true, substanceRemissionMonths: 6 }, "E04", "in_office_only"],
  ["OUD history, 12 months remission", { opioidUseDisorderHistory: true, substanceRemissionMonths: 12 }, "E04", "override_required"],
  ["pregnant", { pregnant: true }, "E05", "not_eligible"],
  ["planning pregnancy", { planningPregnancy: true }, "E05", "not_eligible"],
  ["breastfeeding", { breastfeeding: true }, "E05", "not_eligible"],
  ["uncontrolled hypertension", { knownUncontrolledHypertension: true }, "E06", "deferred"],
  ["two readings 141/80", { bloodPressureReadings: [{ systolic: 141, diastolic: 80 }, { systolic: 150, diastolic: 85 }] }, "E06", "deferred"],
  ["one reading 120/91", { bloodPressureReadings: [{ systolic: 120, diastolic: 91 }, { systolic: 130, diastolic: 85 }] }, "E06", "warning"],
  ["unstable cardiovascular disease", { unstableCardiovascularDisease: true }, "E07", "in_office_only"],
  ["cardiac event 5 months ago", { monthsSinceCardiovascularEvent: 5 }, "E07", "in_office_only"],
  ["raised ICP", { raisedIntracranialPressure: true }, "E08", "not_eligible"],
  ["raised IOP", { raisedIntraocularPressureOrAngleClosure: true }, "E09", "override_required"],
  ["severe hepatic impairment", { hepaticImpairment: "severe" }, "E10", "in_office_only"],
  ["moderate hepatic impairment", { hepaticImpairment: "moderate" }, "E10", "warning"],
  ["active suicidal intent", { activeSuicidalIntentOrPlan: true }, "E11", "in_office_only"],
  ["attempt 11 months ago", { monthsSinceSuicideAttempt: 11 }, "E11", "in_office_only"],
  ["urinary symptoms", { lowerUrinaryTractSymptoms: true }, "E12", "warning"],
  ["benzodiazepines", { takesBenzodiazepines: true }, "E13", "warning"],
  ["other CNS depressants", { takesOtherCnsDepressants: true }, "E13", "warning"],
  ["heavy alcohol use", { heavyAlcoholUse: true }, "E13", "warning"],
  ["opioids", { takesOpioids: true }, "E13", "override_required"],
  ["MAOI", { takesMaoi: true }, "E14", "warning"],
  ["psychostimulant", { takesPsychostimulants: true }, "E14", "warning"],
  ["no support person", { adultSupportPersonForEverySession: false }, "E15", "in_office_only"],
  ["unsafe home / driving", { safeHomeAndNoDrivingUntilNextDay: false }, "E16", "in_office_only"],
  ["no BP cuff", { hasWorkingHomeBpCuff: false }, "E17", "in_office_only"],
  ["cannot commit to follow-ups", { canCommitToFollowUps: false }, "E18", "in_office_only"],
  ["17 years old", { dateOfBirth: "2008-11-24" }, "E19", "not_eligible"],
  ["baseline PHQ-9 9 and GAD-7 9", { baselinePhq9: 9, baselineGad7: 9 }, "E21", "warning"],
  ["prior severe reaction", { priorSevereKetamineReaction: true }, "E22", "override_required"],
];

describe("each rule raises its flag with its default effect", () => {
  it.each(ROWS)("%s -> %s %s", (_label, patch, ruleId, effect) => {
    const result = screen(patch);
    expect(result.flags.map((f) => [f.ruleId, f.effect])).toEqual([[ruleId, effect]]);
    expect(result.flags[0]!.source.length).toBeGreaterThan(2);
    expect(result.mostRestrictive).toBe(effect);
  });

  it("every rule in the table is exercised", () => {
    const covered = new Set(ROWS.map((r) => r[2]));
    expect(SCREENING_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe("boundaries", () => {
  it.each([
    ["exactly 18 today", { dateOfBirth: "2008-11-23" }, []],
    ["BP at the limit twice (140/90 is not above)", { bloodPressureReadings: [{ systolic: 140, diastolic: 90 }, { systolic: 140, diastolic: 90 }] }, []],
    ["cardiac event exactly 6 months ago (window is < 6)", { monthsSinceCardiovascularEvent: 6 }, []],
    ["attempt exactly 12 months ago", { monthsSinceSuicideAttempt: 12 }, []],
    ["PHQ-9 10 with GAD-7 9", { baselinePhq9: 10, baselineGad7: 9 }, []],
    ["PHQ-9 9 with GAD-7 10", { baselinePhq9: 9, baselineGad7: 10 }, []],
    ["OUD history 11 months in remission", { opioidUseDisorderHistory: true, substanceRemissionMonths: 11 }, [["E04", "in_office_only"]]],
  ] as [string, Partial<ScreeningInput>, [string, string][]][])("%s", (_label, patch, expected) => {
    expect(screen(patch).flags.map((f) => [f.ruleId, f.effect])).toEqual(expected);
  });
});

describe("clinic configuration", () => {
  it("a clinic may make psychosis not eligible and widen the cardiovascular window", () => {
    const config = { ...DEFAULT_SCREENING_CONFIG, psychosisEffect: "not_eligible" as const, cardiovascularWindowMonths: 12 };
    expect(screen({ psychosisHistory: true }, config).mostRestrictive).toBe("not_eligible");
    expect(screen({ monthsSinceCardiovascularEvent: 9 }, config).flags.map((f) => f.ruleId)).toEqual(["E07"]);
  });
});

describe("combined findings and missing answers", () => {
  it("reports every flag and the most restrictive effect", () => {
    const r = screen({ takesMaoi: true, pregnant: true, hasWorkingHomeBpCuff: false });
    expect(r.flags.map((f) => f.ruleId).sort()).toEqual(["E05", "E14", "E17"]);
    expect(r.mostRestrictive).toBe("not_eligible");
  });

  it("an unanswered question is flagged for follow-up, never passed", () => {
    const r = screen({ pregnant: null, hepaticImpairment: null });
    expect(r.flags).toEqual([
      expect.objectContaining({ ruleId: "E05", effect: "deferred", unanswered: true }),
      expect.objectContaining({ ruleId: "E10", effect: "deferred", unanswered: true }),
    ]);
  });

  it("E11 puts the patient on the crisis pathway", () => {
    expect(screen({ activeSuicidalIntentOrPlan: true }).crisisPathway).toBe(true);
    expect(screen({ activeSuicidalIntentOrPlan: null }).crisisPathway).toBe(false);
  });
});
