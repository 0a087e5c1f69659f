import { describe, expect, it } from "vitest";

import { ageOn, calendarDateIn, isAdult } from "./age";

// DOMAIN.md §3 E19 (adults only): the boundary is the 18th birthday itself.
describe("ageOn / isAdult", () => {
  it.each([
    ["2008-11-23", "2026-11-23", 18, true],
    ["2008-11-24", "2026-11-23", 17, false],
    ["2008-11-22", "2026-11-23", 18, true],
    ["1990-01-01", "2026-11-23", 36, true],
    ["2008-02-29", "2026-02-28", 17, false],
    ["2008-02-29", "2026-03-01", 18, true],
  ])("born %s, on %s: age %i, adult %s", (dob, today, age, adult) => {
    expect(ageOn(dob, today)).toBe(age);
    expect(isAdult(dob, today)).toBe(adult);
  });

  it("rejects impossible dates", () => {
    expect(() => ageOn("2001-02-30", "2026-01-01")).toThrow(RangeError);
    expect(() => ageOn("01/02/2001", "2026-01-01")).toThrow(RangeError);
  });
});

describe("calendarDateIn", () => {
  it("uses the clinic's zone, not UTC", () => {
    const instant = new Date("2026-11-23T03:30:00Z");
    expect(calendarDateIn("UTC", instant)).toBe("2026-11-23");
    expect(calendarDateIn("America/Los_Angeles", instant)).toBe("2026-11-22");
  });
});
