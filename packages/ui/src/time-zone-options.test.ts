import { describe, expect, it } from "vitest";

import { ZTimeZone, isIanaTimeZone, timeZoneLabel } from "@clearwell/validators/time-zones";

import { buildTimeZoneOptions, filterTimeZones } from "./time-zone-options";

const JAN = new Date("2027-01-15T12:00:00Z");

describe("time zone options", () => {
  const options = buildTimeZoneOptions("America/Denver", JAN);

  it("lists the common US zones first by their everyday names, then every other zone", () => {
    expect(options.slice(0, 5).map((o) => o.label)).toEqual([
      "Eastern Time (New York)",
      "Central Time (Chicago)",
      "Mountain Time (Denver)",
      "Arizona Time, no daylight saving (Phoenix)",
      "Pacific Time (Los Angeles)",
    ]);
    expect(options.length).toBeGreaterThan(300);
    expect(new Set(options.map((o) => o.id)).size).toBe(options.length);
    expect(options.find((o) => o.id === "Europe/London")).toMatchObject({ label: "London (Europe)", common: false, offset: "GMT" });
    expect(options.find((o) => o.id === "America/New_York")?.offset).toBe("GMT-5");
  });

  it("finds zones by abbreviation, city, region, long name or id, words in any order, accents ignored", () => {
    const ids = (q: string) => filterTimeZones(options, q).map((o) => o.id);
    expect(ids("eastern")[0]).toBe("America/New_York");
    expect(ids("PST")).toContain("America/Los_Angeles");
    expect(ids("york new")).toEqual(["America/New_York"]);
    expect(ids("sao paulo")).toContain("America/Sao_Paulo");
    expect(ids("europe/berlin")).toEqual(["Europe/Berlin"]);
    expect(ids("central european")).toContain("Europe/Paris");
    expect(ids("hawaii")[0]).toBe("Pacific/Honolulu");
    expect(ids("zzzz")).toEqual([]);
    expect(filterTimeZones(options, "  ")).toHaveLength(options.length);
  });

  it("keeps a saved zone the runtime does not list (an alias)", () => {
    expect(buildTimeZoneOptions("Asia/Kolkata", JAN, ["Asia/Calcutta"]).map((o) => o.id)).toContain("Asia/Kolkata");
  });
});

describe("ZTimeZone accepts only IANA zones", () => {
  it.each(["America/Denver", "Europe/London", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "UTC"])("accepts %s", (tz) => {
    expect(isIanaTimeZone(tz)).toBe(true);
    expect(ZTimeZone.safeParse(tz).success).toBe(true);
  });

  it.each(["EST", "US/Eastern", "+05:00", "america/denver", "America/Atlantis", "Mars/Olympus_Mons", "Denver", ""])("refuses %j with a plain message", (tz) => {
    const r = ZTimeZone.safeParse(tz);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/^(Choose a time zone from the list\.|Enter the time zone\.)$/);
  });

  it("labels zones for people", () => {
    expect(timeZoneLabel("America/Indiana/Indianapolis")).toBe("Indianapolis (America, Indiana)");
    expect(timeZoneLabel("UTC")).toBe("Coordinated Universal Time (UTC)");
  });
});
