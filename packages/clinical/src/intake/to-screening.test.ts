import { describe, expect, it } from "vitest";

import { screenForAtHomeKetamine } from "../eligibility/screen";
import { type IntakeScreeningAnswers, screeningInputFromIntake } from "./to-screening";

const clean: IntakeScreeningAnswers = {
  about: { dateOfBirth: "1985-04-12" },
  contacts: { supportPersonPresentEveryDose: "yes", supportPersonIsAdult: "yes" },
  history: {
    ketamineHypersensitivity: "no",
    priorSevereKetamineReaction: "no",
    aneurysmalVascularDisease: "no",
    arteriovenousMalformation: "no",
    intracerebralHemorrhageHistory: "no",
    psychosisHistory: "no",
    maniaHistory: "no",
    activeSubstanceUseDisorder: "no",
    dissociativeMisuseEver: "no",
    opioidUseDisorderHistory: "no",
    pregnant: "no",
    planningPregnancy: "no",
    breastfeeding: "no",
    knownUncontrolledHypertension: "no",
    unstableCardiovascularDisease: "no",
    cardiovascularEvent: "no",
    raisedIntracranialPressure: "no",
    raisedIntraocularPressureOrAngleClosure: "no",
    hepaticImpairment: "none",
    suicideAttemptEver: "no",
    activeSuicidalIntentOrPlan: "no",
    lowerUrinaryTractSymptoms: "no",
    heavyAlcoholUse: "no",
  },
  medications: { benzodiazepines: "no", opioids: "no", otherCnsDepressants: "no", maoi: "no", psychostimulants: "no" },
  home: { safeQuietPlaceForDoses: "yes", noDrivingUntilNextDay: "yes", hasWorkingHomeBpCuff: "yes", canCommitToFollowUps: "yes" },
};
const baseline = { phq9: 16, gad7: 12 };
const ruleIds = (a: IntakeScreeningAnswers, b = baseline) =>
  screenForAtHomeKetamine(screeningInputFromIntake(a, b), "2026-11-23").flags.map((f) => f.ruleId);
const withHistory = (h: Partial<IntakeScreeningAnswers["history"]>): IntakeScreeningAnswers => ({ ...clean, history: { ...clean.history, ...h } });

describe("screeningInputFromIntake", () => {
  it("a clean intake with moderate baselines raises no flag", () => {
    expect(ruleIds(clean)).toEqual([]);
  });

  it.each([
    ["ketamine hypersensitivity", withHistory({ ketamineHypersensitivity: "yes" }), "E01"],
    ["psychosis", withHistory({ psychosisHistory: "yes" }), "E03"],
    ["pregnancy", withHistory({ pregnant: "yes" }), "E05"],
    ["recent cardiovascular event", withHistory({ cardiovascularEvent: "yes", monthsSinceCardiovascularEvent: 2 }), "E07"],
    ["active suicidal intent", withHistory({ activeSuicidalIntentOrPlan: "yes" }), "E11"],
    ["severe hepatic impairment", withHistory({ hepaticImpairment: "severe" }), "E10"],
    ["opioids", { ...clean, medications: { ...clean.medications, opioids: "yes" } }, "E13"],
    ["MAOI", { ...clean, medications: { ...clean.medications, maoi: "yes" } }, "E14"],
    ["support person not adult", { ...clean, contacts: { ...clean.contacts, supportPersonIsAdult: "no" } }, "E15"],
    ["will drive", { ...clean, home: { ...clean.home, noDrivingUntilNextDay: "no" } }, "E16"],
    ["no BP cuff", { ...clean, home: { ...clean.home, hasWorkingHomeBpCuff: "no" } }, "E17"],
  ] as const)("%s maps to %s", (_label, answers, rule) => {
    expect(ruleIds(answers)).toContain(rule);
  });

  it("an old cardiovascular event outside the window is not flagged", () => {
    expect(ruleIds(withHistory({ cardiovascularEvent: "yes", monthsSinceCardiovascularEvent: 60 }))).not.toContain("E07");
  });

  it("'unsure' is never a pass: it raises a flag to confirm at evaluation", () => {
    const result = screenForAtHomeKetamine(screeningInputFromIntake(withHistory({ pregnant: "unsure" }), baseline), "2026-11-23");
    expect(result.flags.find((f) => f.ruleId === "E05")?.unanswered).toBe(true);
  });

  it("an attempt of unknown timing takes the crisis pathway, flagged as unconfirmed rather than reported", () => {
    const result = screenForAtHomeKetamine(screeningInputFromIntake(withHistory({ suicideAttemptEver: "unsure" }), baseline), "2026-11-23");
    expect(result.crisisPathway).toBe(true);
    const e11 = result.flags.find((f) => f.ruleId === "E11");
    expect(e11).toMatchObject({ effect: "in_office_only", unanswered: true });
    expect(e11?.finding).toMatch(/unsure whether or when/);
    expect(e11?.finding).not.toMatch(/^Suicide attempt within/);
  });

  it.each([
    ["unsure", undefined],
    ["yes", undefined],
  ] as const)("a cardiovascular event answered %s with no time stays cautious but unconfirmed", (answer, months) => {
    const input = screeningInputFromIntake(withHistory({ cardiovascularEvent: answer, monthsSinceCardiovascularEvent: months }), baseline);
    expect(input.monthsSinceCardiovascularEvent).toBe("unknown");
    const e07 = screenForAtHomeKetamine(input, "2026-11-23").flags.find((f) => f.ruleId === "E07");
    expect(e07).toMatchObject({ effect: "in_office_only", unanswered: true });
    expect(e07?.finding).toMatch(/unsure whether or when/);
  });

  it("a reported recent event is a plain flag, not an unconfirmed one", () => {
    const e07 = screenForAtHomeKetamine(screeningInputFromIntake(withHistory({ cardiovascularEvent: "yes", monthsSinceCardiovascularEvent: 2 }), baseline), "2026-11-23").flags.find(
      (f) => f.ruleId === "E07",
    );
    expect(e07?.unanswered).toBeUndefined();
  });

  it("no event means no timing at all", () => {
    expect(screeningInputFromIntake(withHistory({ cardiovascularEvent: "no", monthsSinceCardiovascularEvent: 3 }), baseline).monthsSinceCardiovascularEvent).toBeNull();
  });

  it("SUD in long remission uses the remission months (override instead of in-office)", () => {
    const inRemission = screeningInputFromIntake(
      withHistory({ activeSubstanceUseDisorder: "yes", substanceUseInRemission: "yes", substanceRemissionMonths: 24 }),
      baseline,
    );
    expect(inRemission.substanceRemissionMonths).toBe(24);
    const notInRemission = screeningInputFromIntake(withHistory({ activeSubstanceUseDisorder: "yes", substanceUseInRemission: "no", substanceRemissionMonths: 24 }), baseline);
    expect(notInRemission.substanceRemissionMonths).toBeNull();
  });

  it("low baselines raise the E21 warning", () => {
    expect(ruleIds(clean, { phq9: 6, gad7: 4 })).toContain("E21");
  });
});
