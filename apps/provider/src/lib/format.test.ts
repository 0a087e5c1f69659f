import { describe, expect, it } from "vitest";

import { calendarDateIn, formatDate, formatDateTime, formatDay, formatInstant, formatTime, zoneLabel, zonedTimeToInstant } from "./format";

// Issue 15: an intake submitted at 5:25 PM in Denver on Nov 28 is 00:25 UTC on Nov 29.
const SUBMITTED = new Date("2026-11-29T00:25:52Z");
const DENVER = "America/Denver";

describe("the provider app's date rule: the clinic's time zone", () => {
  it("shows an instant on the clinic's day, whatever zone this process runs in", () => {
    expect(formatDateTime(SUBMITTED, DENVER)).toBe("Nov 28, 2026, 5:25 PM MST");
    expect(formatDay(SUBMITTED, DENVER)).toBe("Nov 28, 2026");
    expect(calendarDateIn(DENVER, SUBMITTED)).toBe("2026-11-28");
    // The same instant for a clinic in UTC (or a browser there) is already the 29th: the zone decides.
    expect(formatDay(SUBMITTED, "UTC")).toBe("Nov 29, 2026");
    expect(calendarDateIn("UTC", SUBMITTED)).toBe("2026-11-29");
  });

  it("accepts the ISO strings and numbers the API's dates arrive as", () => {
    expect(formatDateTime("2026-11-29T00:25:52.711Z", DENVER)).toBe("Nov 28, 2026, 5:25 PM MST");
    expect(formatDay(SUBMITTED.getTime(), DENVER)).toBe("Nov 28, 2026");
  });

  it("states the zone on every time, with daylight saving", () => {
    expect(formatTime(SUBMITTED, DENVER)).toBe("5:25 PM MST");
    expect(formatTime(new Date("2026-07-01T15:00:00Z"), DENVER)).toBe("9:00 AM MDT");
    expect(formatTime(SUBMITTED, DENVER, { zone: false })).toBe("5:25 PM");
    expect(formatInstant(SUBMITTED, "America/New_York")).toBe("Nov 28, 2026, 7:25:52 PM EST");
  });

  it("without a clinic zone yet, still says which zone it used", () => {
    expect(formatDateTime(SUBMITTED, undefined)).toMatch(/^Nov (28|29), 2026, \d{1,2}:25 (AM|PM) \S+$/);
  });

  it("keeps calendar dates (birth dates, scheduled days) as they are, in every zone", () => {
    expect(formatDate("1986-04-12")).toBe("Apr 12, 1986");
    expect(formatDate(null)).toBe("—");
  });

  it("finds the clinic's midnight, across daylight-saving changes", () => {
    expect(zonedTimeToInstant("2026-11-28", "start", DENVER)?.toISOString()).toBe("2026-11-28T07:00:00.000Z");
    expect(zonedTimeToInstant("2026-03-08", "end", DENVER)?.toISOString()).toBe("2026-03-09T05:59:59.999Z");
  });
});

describe("zoneLabel", () => {
  it("names a zone in words with its IANA id", () => {
    expect(zoneLabel(DENVER)).toBe("Mountain Time (America/Denver)");
  });
  it('says "Not set" for a missing or blank zone rather than a blank', () => {
    expect(zoneLabel(null)).toBe("Not set");
    expect(zoneLabel("")).toBe("Not set");
    expect(zoneLabel("  ")).toBe("Not set");
  });
  it("shows an unknown zone as stored", () => {
    expect(zoneLabel("Mars/Olympus_Mons")).toBe("Mars/Olympus_Mons");
  });
});
