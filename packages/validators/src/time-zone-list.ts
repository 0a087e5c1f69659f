// The zone list and its words, without zod: pages that only show or pick a zone need no schema.
// time-zones.ts re-exports these beside the zone's schema.

export interface CommonTimeZone {
  id: string;
  /** What people call it: "Eastern Time (New York)". */
  label: string;
  /** Other words people search with (abbreviations, states, cities). */
  aliases: readonly string[];
}

/** The US zones a clinic's patients and clinicians live in, first in every time zone list. */
export const COMMON_US_TIME_ZONES: readonly CommonTimeZone[] = [
  { id: "America/New_York", label: "Eastern Time (New York)", aliases: ["ET", "EST", "EDT", "Eastern", "Boston", "Atlanta", "Miami", "Washington DC"] },
  { id: "America/Chicago", label: "Central Time (Chicago)", aliases: ["CT", "CST", "CDT", "Central", "Dallas", "Houston", "Minneapolis"] },
  { id: "America/Denver", label: "Mountain Time (Denver)", aliases: ["MT", "MST", "MDT", "Mountain", "Salt Lake City", "Albuquerque"] },
  { id: "America/Phoenix", label: "Arizona Time, no daylight saving (Phoenix)", aliases: ["MST", "Arizona", "Mountain"] },
  { id: "America/Los_Angeles", label: "Pacific Time (Los Angeles)", aliases: ["PT", "PST", "PDT", "Pacific", "San Francisco", "Seattle", "Portland"] },
  { id: "America/Anchorage", label: "Alaska Time (Anchorage)", aliases: ["AKT", "AKST", "AKDT", "Alaska"] },
  { id: "Pacific/Honolulu", label: "Hawaii Time (Honolulu)", aliases: ["HT", "HST", "Hawaii", "Aleutian"] },
  { id: "America/Puerto_Rico", label: "Atlantic Time (Puerto Rico)", aliases: ["AST", "Atlantic", "San Juan", "US Virgin Islands"] },
];

// IANA "Area/Location" names, plus UTC. Legacy ("US/Eastern"), abbreviations ("EST") and offsets
// ("+05:00") are not zones a person chooses: they do not follow daylight saving the way places do.
const IANA_SHAPE = /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)(\/[A-Z][A-Za-z0-9_+-]*){1,2}$/;

/** True for an IANA zone name the runtime knows (America/Denver, Europe/London, UTC). */
export function isIanaTimeZone(tz: string): boolean {
  if (tz !== "UTC" && tz !== "Etc/UTC" && !IANA_SHAPE.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "America/Argentina/Buenos_Aires" → "Buenos Aires (America, Argentina)"; common US zones by their everyday name. */
export function timeZoneLabel(id: string): string {
  const common = COMMON_US_TIME_ZONES.find((z) => z.id === id);
  if (common) return common.label;
  if (id === "UTC" || id === "Etc/UTC") return "Coordinated Universal Time (UTC)";
  const parts = id.split("/").map((p) => p.replace(/_/g, " "));
  const city = parts.pop() ?? id;
  return parts.length ? `${city} (${parts.join(", ")})` : city;
}
