import { describe, expect, it } from "vitest";

import { classifyBp, ruleA1, ruleA10, ruleA2, ruleA3, ruleA4, ruleA5, ruleA6, ruleA7, ruleA8, ruleA9, bpReadingProblem } from "./rules";
import { DEFAULT_SAFETY_SETTINGS as S } from "./settings";
import { EMERGENCY_SIDE_EFFECT_CODES, needsEmergencyCare, SIDE_EFFECTS, type SideEffectCode } from "./side-effects";

describe("A1 PHQ-9 item 9 (DOMAIN §6 item-9 rule, §7)", () => {
  it("0 raises nothing", () => expect(ruleA1({ item9: 0 })).toBeNull());
  it("1 is critical without paging the backup", () => {
    const hit = ruleA1({ item9: 1 })!;
    expect(hit).toMatchObject({ ruleId: "A1", severity: "critical", clinical: true, detail: { item9: 1 } });
    expect(hit.pageBackup).toBeUndefined();
  });
  it("2 is critical and pages the backup", () => expect(ruleA1({ item9: 2 })).toMatchObject({ severity: "critical", pageBackup: true }));
  it("3 pages the backup too", () => expect(ruleA1({ item9: 3 })?.pageBackup).toBe(true));
  it("the neutral summary carries no health information", () => {
    const hit = ruleA1({ item9: 2 })!;
    expect(hit.neutralSummary).not.toMatch(/PHQ|self-harm|dead|item 9/i);
    expect(hit.summary).toMatch(/item 9/);
  });
  it("refuses an impossible answer", () => expect(() => ruleA1({ item9: 4 })).toThrow(RangeError));
});

describe("A2 worsening vs baseline or entry into the top band", () => {
  it("PHQ-9 +4 vs baseline is not enough, +5 is HIGH", () => {
    expect(ruleA2({ phq9: { baseline: 10, previous: 12, current: 14 } })).toBeNull();
    expect(ruleA2({ phq9: { baseline: 10, previous: 12, current: 15 } })).toMatchObject({ ruleId: "A2", severity: "high", clinical: true, detail: { phq9Rise: true } });
  });
  it("GAD-7 +3 vs baseline is not enough, +4 is HIGH", () => {
    expect(ruleA2({ gad7: { baseline: 6, previous: 6, current: 9 } })).toBeNull();
    expect(ruleA2({ gad7: { baseline: 6, previous: 6, current: 10 } })?.detail).toMatchObject({ gad7Rise: true });
  });
  it("an improvement raises nothing", () => expect(ruleA2({ phq9: { baseline: 18, previous: 12, current: 8 }, gad7: { baseline: 12, previous: 10, current: 5 } })).toBeNull());
  it("entry into PHQ-9 >= 20 from below is HIGH even when the rise is small", () => {
    const hit = ruleA2({ phq9: { baseline: 17, previous: 19, current: 20 } })!;
    expect(hit.detail).toMatchObject({ phq9Entry: true });
    expect(hit.detail.phq9Rise).toBeUndefined();
  });
  it("already inside PHQ-9 >= 20 does not re-trigger on entry", () => expect(ruleA2({ phq9: { baseline: 19, previous: 20, current: 22 } })).toBeNull());
  it("entry into GAD-7 >= 15 from below; 14 is not in the band; already inside does not re-trigger", () => {
    expect(ruleA2({ gad7: { baseline: 12, previous: 13, current: 15 } })?.detail).toMatchObject({ gad7Entry: true });
    expect(ruleA2({ gad7: { baseline: 12, previous: 13, current: 14 } })).toBeNull();
    expect(ruleA2({ gad7: { baseline: 14, previous: 15, current: 16 } })).toBeNull();
  });
  it("with no previous score, entry is measured from baseline", () => {
    expect(ruleA2({ phq9: { baseline: 18, previous: null, current: 21 } })?.detail).toMatchObject({ phq9Entry: true });
  });
  it("a first-ever score with no baseline and no previous never triggers", () => expect(ruleA2({ phq9: { baseline: null, previous: null, current: 25 } })).toBeNull());
  it("both instruments join in one alert", () => {
    const hit = ruleA2({ phq9: { baseline: 8, previous: 9, current: 14 }, gad7: { baseline: 5, previous: 5, current: 9 } })!;
    expect(hit.detail).toMatchObject({ phq9Rise: true, gad7Rise: true });
    expect(hit.summary).toMatch(/PHQ-9.*GAD-7/);
  });
  it("thresholds are configurable", () => {
    expect(ruleA2({ phq9: { baseline: 10, previous: 10, current: 13 } }, { phq9Rise: 3, gad7Rise: 4, phq9Entry: 20, gad7Entry: 15 })).not.toBeNull();
  });
});

describe("A3 blood pressure (DOMAIN §7: > 140/90 high, >= 180/120 critical)", () => {
  it.each([
    [140, 90, "ok"],
    [141, 90, "high"],
    [140, 91, "high"],
    [179, 119, "high"],
    [180, 80, "urgent"],
    [130, 120, "urgent"],
    [179, 120, "urgent"],
  ] as const)("%i/%i is %s", (systolic, diastolic, c) => expect(classifyBp({ systolic, diastolic }, S)).toBe(c));

  it("a single high reading raises nothing (the gate asks for a recheck)", () => expect(ruleA3({ reading: { systolic: 150, diastolic: 85 }, afterRecheck: false }, S)).toBeNull());
  it("still high after the recheck is HIGH", () => {
    expect(ruleA3({ reading: { systolic: 141, diastolic: 90 }, afterRecheck: true, firstReading: { systolic: 150, diastolic: 95 } }, S)).toMatchObject({
      ruleId: "A3",
      severity: "high",
      detail: { systolic: 141, firstSystolic: 150, urgent: false },
    });
  });
  it("a fine recheck raises nothing", () => expect(ruleA3({ reading: { systolic: 140, diastolic: 90 }, afterRecheck: true }, S)).toBeNull());
  it("180/x and x/120 are CRITICAL at the first reading", () => {
    expect(ruleA3({ reading: { systolic: 180, diastolic: 70 }, afterRecheck: false }, S)).toMatchObject({ severity: "critical", detail: { urgent: true } });
    expect(ruleA3({ reading: { systolic: 150, diastolic: 120 }, afterRecheck: false }, S)?.severity).toBe("critical");
  });
  it("follows the clinic's thresholds", () => {
    const strict = { ...S, bpSystolicMax: 130, bpDiastolicMax: 85 };
    expect(classifyBp({ systolic: 131, diastolic: 80 }, strict)).toBe("high");
    expect(classifyBp({ systolic: 130, diastolic: 85 }, strict)).toBe("ok");
  });
  it("implausible readings are named plainly", () => {
    expect(bpReadingProblem({ systolic: 120, diastolic: 80 })).toBeNull();
    expect(bpReadingProblem({ systolic: 20, diastolic: 10 })).toMatch(/top \(systolic\)/);
    expect(bpReadingProblem({ systolic: 120, diastolic: 250 })).toMatch(/bottom \(diastolic\)/);
    expect(bpReadingProblem({ systolic: 80, diastolic: 90 })).toMatch(/larger/);
  });
});

describe("A4 dose-log side effects", () => {
  it.each(EMERGENCY_SIDE_EFFECT_CODES)("%s is CRITICAL with call 911, even rated mild", (code) => {
    const hit = ruleA4({ sideEffects: [{ code, severity: "mild" }] }, S)!;
    expect(hit).toMatchObject({ ruleId: "A4", severity: "critical", clinical: true, detail: { call911: true } });
    expect(hit.summary).toMatch(/911/);
  });
  it("the emergency list is exactly DOMAIN §7's", () => expect([...EMERGENCY_SIDE_EFFECT_CODES].sort()).toEqual(["chest_pain", "fainting", "seizure", "severe_confusion", "shortness_of_breath"]));
  it.each(["prolonged_dissociation", "persistent_vomiting", "urinary_problems"] as SideEffectCode[])("%s is HIGH at any severity", (code) => {
    expect(ruleA4({ sideEffects: [{ code, severity: "mild" }] }, S)).toMatchObject({ severity: "high", detail: { call911: false } });
  });
  it("an ordinary side effect rated severe is HIGH", () => expect(ruleA4({ sideEffects: [{ code: "nausea", severity: "severe" }] }, S)?.severity).toBe("high"));
  it("ordinary mild or moderate side effects raise nothing", () => {
    expect(ruleA4({ sideEffects: [{ code: "nausea", severity: "mild" }, { code: "dizziness", severity: "moderate" }] }, S)).toBeNull();
    expect(ruleA4({ sideEffects: [] }, S)).toBeNull();
  });
  it("dissociation at the window raises nothing; one minute over is HIGH", () => {
    expect(ruleA4({ sideEffects: [], dissociationMinutes: S.dissociationWindowMinutes }, S)).toBeNull();
    expect(ruleA4({ sideEffects: [], dissociationMinutes: S.dissociationWindowMinutes + 1 }, S)).toMatchObject({ severity: "high", detail: { dissociationMinutes: 121 } });
  });
  it("dissociation unresolved at the post-dose check is HIGH", () => expect(ruleA4({ sideEffects: [], dissociationResolved: false }, S)?.severity).toBe("high"));
  it("an emergency symptom outranks others in one alert", () => {
    const hit = ruleA4({ sideEffects: [{ code: "nausea", severity: "severe" }, { code: "seizure", severity: "severe" }] }, S)!;
    expect(hit.severity).toBe("critical");
    expect(hit.detail).toMatchObject({ emergencyCount: 1, otherCount: 1 });
  });
  it("unknown codes are refused", () => expect(() => ruleA4({ sideEffects: [{ code: "bogus" as SideEffectCode, severity: "mild" }] }, S)).toThrow(RangeError));
  it("needsEmergencyCare matches the catalogue", () => {
    expect(needsEmergencyCare([{ code: "headache" }])).toBe(false);
    expect(needsEmergencyCare([{ code: "headache" }, { code: "chest_pain" }])).toBe(true);
    expect(SIDE_EFFECTS.filter((s) => s.emergency).every((s) => s.a4)).toBe(true);
  });
});

describe("A5 support person absent", () => {
  it("present raises nothing", () => expect(ruleA5({ supportPresent: true })).toBeNull());
  it("absent when the dose was logged is HIGH", () => expect(ruleA5({ supportPresent: false, sessionSequence: 3 })).toMatchObject({ ruleId: "A5", severity: "high", detail: { sessionSequence: 3 } }));
});

describe("A6 misuse / diversion", () => {
  it("no signal, no alert", () => expect(ruleA6([])).toBeNull());
  it("each signal is HIGH for the prescriber", () => {
    for (const s of [
      { kind: "too_soon", daysSinceLast: 6, minDays: 7 },
      { kind: "over_sessions", sessionsAttempted: 7, sessionsPrescribed: 6 },
      { kind: "units_over_dispensed", unitsLogged: 14, unitsDispensed: 12 },
      { kind: "early_renewal", sessionsRemaining: 3 },
      { kind: "lost_or_stolen", units: 4 },
    ] as const) {
      const hit = ruleA6([s])!;
      expect(hit).toMatchObject({ ruleId: "A6", severity: "high", clinical: true, detail: { notify: "prescriber", signals: s.kind } });
    }
  });
  it("several signals join in one alert with their evidence", () => {
    const hit = ruleA6([
      { kind: "too_soon", daysSinceLast: 3, minDays: 7 },
      { kind: "lost_or_stolen", units: 2 },
    ])!;
    expect(hit.detail).toMatchObject({ signals: "too_soon,lost_or_stolen", "too_soon.daysSinceLast": 3, "lost_or_stolen.units": 2 });
    expect(hit.summary).toMatch(/3 day\(s\).*2 units/);
  });
});

describe("A7 check-in overdue (non-clinical)", () => {
  it("none missed, nothing", () => expect(ruleA7({ consecutiveMissed: 0 })).toBeNull());
  it("first miss is LOW", () => expect(ruleA7({ consecutiveMissed: 1 })).toMatchObject({ ruleId: "A7", severity: "low", clinical: false }));
  it("second consecutive miss is MEDIUM", () => expect(ruleA7({ consecutiveMissed: 2 })?.severity).toBe("medium"));
  it("a third stays MEDIUM", () => expect(ruleA7({ consecutiveMissed: 3 })?.severity).toBe("medium"));
  it("the neutral summary says nothing clinical", () => expect(ruleA7({ consecutiveMissed: 2 })?.neutralSummary).not.toMatch(/PHQ|GAD|depress/i));
});

describe("A8 follow-up no-show (non-clinical)", () => {
  const startsAt = new Date("2026-05-04T15:00:00Z");
  it("a follow-up no-show is MEDIUM", () => expect(ruleA8({ appointmentKind: "follow_up", status: "no_show", startsAt })).toMatchObject({ ruleId: "A8", severity: "medium", clinical: false }));
  it("an evaluation no-show or a completed follow-up raises nothing", () => {
    expect(ruleA8({ appointmentKind: "evaluation", status: "no_show", startsAt })).toBeNull();
    expect(ruleA8({ appointmentKind: "follow_up", status: "completed", startsAt })).toBeNull();
  });
});

describe("A9 and A10", () => {
  it("A9 is HIGH and non-clinical", () => expect(ruleA9({ reason: "dead_letter", prescriptionId: "rx1" })).toMatchObject({ severity: "high", clinical: false }));
  it("A10 is LOW and clinical", () => expect(ruleA10({ scheduledDate: "2026-05-04", sessionSequence: 2 })).toMatchObject({ ruleId: "A10", severity: "low", clinical: true }));
});

describe("neutral summaries (DOMAIN §1 minimum necessary)", () => {
  const hits = [
    ruleA1({ item9: 3 }),
    ruleA2({ phq9: { baseline: 5, previous: 5, current: 21 } }),
    ruleA3({ reading: { systolic: 190, diastolic: 100 }, afterRecheck: false }, S),
    ruleA3({ reading: { systolic: 150, diastolic: 100 }, afterRecheck: true }, S),
    ruleA4({ sideEffects: [{ code: "chest_pain", severity: "severe" }] }, S),
    ruleA4({ sideEffects: [{ code: "urinary_problems", severity: "mild" }] }, S),
    ruleA5({ supportPresent: false }),
    ruleA6([{ kind: "lost_or_stolen", units: 3 }]),
    ruleA10({ scheduledDate: "2026-05-04", sessionSequence: 1 }),
  ];
  it.each(hits.map((h) => [h!.ruleId, h!.severity, h!.neutralSummary]))("%s %s: %s", (_id, _sev, neutral) => {
    expect(neutral).not.toMatch(/PHQ|GAD|blood|pressure|BP|ketamine|dose|session|side effect|chest|urin|diversion|misuse|lost|support|self-harm|suicid|\d/i);
  });
});
