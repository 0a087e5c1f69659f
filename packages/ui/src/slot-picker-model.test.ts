import { describe, expect, it } from "vitest";

import { buildDays, dayKey, dayPartOf, forProvider, providersOf, timesForDay } from "./slot-picker-model";

const DENVER = "America/Denver";
const slot = (iso: string, providerUserId: string, providerName = providerUserId) => {
  const start = new Date(iso);
  return { start, end: new Date(start.getTime() + 3600_000), providerUserId, providerName, credentials: null };
};

// 2027-03-08 is a Monday; Denver is UTC-7 then (MST).
const slots = [
  slot("2027-03-08T16:00:00Z", "a", "Dr. Ames"), // 09:00 Mon
  slot("2027-03-08T16:00:00Z", "b", "Dr. Bell"), // 09:00 Mon, same time, second provider
  slot("2027-03-08T20:00:00Z", "a", "Dr. Ames"), // 13:00 Mon
  slot("2027-03-09T01:00:00Z", "b", "Dr. Bell"), // 18:00 Mon (next day in UTC)
  slot("2027-03-10T16:00:00Z", "b", "Dr. Bell"), // 09:00 Wed
];

describe("slot picker model", () => {
  it("keys days in the patient's zone, not UTC", () => {
    expect(dayKey(new Date("2027-03-09T01:00:00Z"), DENVER)).toBe("2027-03-08");
    expect(dayKey(new Date("2027-03-09T01:00:00Z"), "UTC")).toBe("2027-03-09");
  });

  it("lists consecutive days with the number of distinct times, a provider's time counted once per time", () => {
    const days = buildDays(slots, DENVER, new Date("2027-03-08T07:30:00Z"), 4);
    expect(days.map((d) => [d.key, d.weekday, d.day, d.count])).toEqual([
      ["2027-03-08", "Mon", 8, 3],
      ["2027-03-09", "Tue", 9, 0],
      ["2027-03-10", "Wed", 10, 1],
      ["2027-03-11", "Thu", 11, 0],
    ]);
    expect(buildDays(forProvider(slots, "a"), DENVER, new Date("2027-03-08T07:30:00Z"), 1)[0]!.count).toBe(2);
  });

  it("crosses month ends and a daylight-saving change without skipping or repeating a day", () => {
    const days = buildDays([], DENVER, new Date("2027-03-13T18:00:00Z"), 3);
    expect(days.map((d) => d.key)).toEqual(["2027-03-13", "2027-03-14", "2027-03-15"]);
    expect(buildDays([], DENVER, new Date("2027-01-31T18:00:00Z"), 2).map((d) => [d.key, d.month])).toEqual([
      ["2027-01-31", "Jan"],
      ["2027-02-01", "Feb"],
    ]);
  });

  it("groups a day's times into morning, afternoon and evening, one entry per time with its free providers", () => {
    const groups = timesForDay(slots, DENVER, "2027-03-08");
    expect(groups.map((g) => [g.part, g.times.map((t) => [t.start.toISOString(), t.providers.map((p) => p.providerUserId)])])).toEqual([
      ["morning", [["2027-03-08T16:00:00.000Z", ["a", "b"]]]],
      ["afternoon", [["2027-03-08T20:00:00.000Z", ["a"]]]],
      ["evening", [["2027-03-09T01:00:00.000Z", ["b"]]]],
    ]);
    expect(timesForDay(slots, DENVER, "2027-03-09")).toEqual([]);
    expect(dayPartOf(new Date("2027-03-08T19:00:00Z"), DENVER)).toBe("afternoon");
    expect(dayPartOf(new Date("2027-03-08T18:59:00Z"), DENVER)).toBe("morning");
  });

  it("lists providers once each, by name", () => {
    expect(providersOf(slots).map((p) => p.name)).toEqual(["Dr. Ames", "Dr. Bell"]);
  });
});
