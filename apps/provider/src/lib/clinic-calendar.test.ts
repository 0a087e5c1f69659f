import { describe, expect, it } from "vitest";

import { addCalendarDays, clinicToday, clinicWallClock, isIsoDate, longDayLabel, scheduleRange, shortDayLabel, weekStart } from "./clinic-calendar";

const DENVER = "America/Denver";

describe("clinic calendar", () => {
  it("counts days and weeks on the calendar, not in the machine's zone", () => {
    expect(addCalendarDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addCalendarDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(weekStart("2026-11-30")).toBe("2026-11-29"); // a Monday's week starts on the Sunday
    expect(weekStart("2026-11-29")).toBe("2026-11-29");
    expect(weekStart("2026-12-05")).toBe("2026-11-29");
    expect(shortDayLabel("2026-11-29")).toBe("Sun, Nov 29");
    expect(longDayLabel("2026-11-30")).toBe("Monday, November 30, 2026");
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-02-28")).toBe(true);
  });

  it("says which day it is at the clinic: 00:25 UTC is still the evening before in Denver", () => {
    expect(clinicToday(DENVER, new Date("2026-11-30T00:25:00Z"))).toBe("2026-11-29");
    expect(clinicToday("UTC", new Date("2026-11-30T00:25:00Z"))).toBe("2026-11-30");
  });

  it("bounds a week by the clinic's midnights, daylight saving included", () => {
    const week = scheduleRange("week", "2026-11-30", DENVER);
    expect(week.days).toEqual(["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"]);
    expect(week.from.toISOString()).toBe("2026-11-29T07:00:00.000Z");
    expect(week.to.toISOString()).toBe("2026-12-06T07:00:00.000Z");
    // Daylight saving starts on Sunday 8 March 2026: the week is an hour short.
    const spring = scheduleRange("week", "2026-03-10", DENVER);
    expect(spring.from.toISOString()).toBe("2026-03-08T07:00:00.000Z");
    expect(spring.to.toISOString()).toBe("2026-03-15T06:00:00.000Z");
    const day = scheduleRange("day", "2026-11-01", DENVER); // the day it ends: 25 hours
    expect(day.days).toEqual(["2026-11-01"]);
    expect(day.to.getTime() - day.from.getTime()).toBe(25 * 3_600_000);
  });

  it("places an instant on the clinic's wall clock", () => {
    expect(clinicWallClock("2026-11-30T16:30:00Z", DENVER)).toEqual({ date: "2026-11-30", minutes: 9 * 60 + 30 });
    expect(clinicWallClock(new Date("2026-11-30T06:59:00Z"), DENVER)).toEqual({ date: "2026-11-29", minutes: 23 * 60 + 59 });
  });
});
