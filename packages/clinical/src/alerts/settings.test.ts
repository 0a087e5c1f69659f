import { describe, expect, it } from "vitest";

import { DEFAULT_SAFETY_SETTINGS, validateSafetySettings } from "./settings";

describe("safety settings", () => {
  it("the defaults are valid and match DOMAIN §7 / issue 13", () => {
    expect(validateSafetySettings(DEFAULT_SAFETY_SETTINGS)).toEqual([]);
    expect(DEFAULT_SAFETY_SETTINGS).toMatchObject({ bpSystolicMax: 140, bpDiastolicMax: 90, bpUrgentSystolic: 180, bpUrgentDiastolic: 120, checkInGraceHours: 48, slaLowMinutes: null });
  });
  it.each([
    [{ bpSystolicMax: 89 }, "bpSystolicMax"],
    [{ bpDiastolicMax: 151 }, "bpDiastolicMax"],
    [{ bpUrgentSystolic: 140 }, "bpUrgentSystolic"],
    [{ bpUrgentDiastolic: 90 }, "bpUrgentDiastolic"],
    [{ bpRecheckRestMinutes: 0 }, "bpRecheckRestMinutes"],
    [{ checkInGraceHours: 1.5 }, "checkInGraceHours"],
    [{ fastingRule: "  " }, "fastingRule"],
    [{ slaCriticalMinutes: 600, slaHighMinutes: 480 }, "slaCriticalMinutes"],
    [{ slaLowMinutes: 0 }, "slaLowMinutes"],
    [{ onCallUserId: "u1", backupOnCallUserId: "u1" }, "backupOnCallUserId"],
  ] as const)("%o is refused on %s", (patch, field) => {
    const problems = validateSafetySettings({ ...DEFAULT_SAFETY_SETTINGS, ...patch });
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems.every((p) => p.message.endsWith("."))).toBe(true);
  });
});
