import { COMMON_US_TIME_ZONES, timeZoneLabel } from "@clearwell/validators/time-zone-list";

export interface TimeZoneOption {
  id: string;
  label: string;
  /** "GMT-5", computed when the list opens (it changes with daylight saving). */
  offset: string;
  common: boolean;
  /** Lower-cased words matched by the search. */
  haystack: string;
}

/** Lower case, no accents, underscores and slashes as spaces: "São_Paulo" matches "sao paulo". */
export function normalise(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[_/(),-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

function offsetOf(id: string, now: Date): string {
  try {
    const value = new Intl.DateTimeFormat("en-US", { timeZone: id, timeZoneName: "shortOffset" }).formatToParts(now).find((p) => p.type === "timeZoneName")?.value ?? "";
    // Runtimes differ on UTC itself ("GMT" or "GMT+0").
    return value === "GMT+0" ? "GMT" : value;
  } catch {
    return "";
  }
}

function longNameOf(id: string, now: Date): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: id, timeZoneName: "long" }).formatToParts(now).find((p) => p.type === "timeZoneName")?.value ?? "";
  } catch {
    return "";
  }
}

/** The runtime's zones (about 400), or the common ones where it cannot list them. */
function runtimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
}

/**
 * Every choosable zone: the common US ones first (everyday names), then the rest by label. The
 * current value is kept even if this runtime does not list it (an alias such as Asia/Calcutta).
 */
export function buildTimeZoneOptions(current?: string | null, now = new Date(), zones = runtimeZones()): TimeZoneOption[] {
  const commonIds = new Set(COMMON_US_TIME_ZONES.map((z) => z.id));
  const common = COMMON_US_TIME_ZONES.map((z) => ({
    id: z.id,
    label: z.label,
    offset: offsetOf(z.id, now),
    common: true,
    haystack: normalise([z.label, z.id, ...z.aliases, longNameOf(z.id, now)].join(" ")),
  }));
  const restIds = new Set(zones.filter((id) => !commonIds.has(id) && (id.includes("/") || id === "UTC")));
  if (current && !commonIds.has(current)) restIds.add(current);
  if (!restIds.has("UTC") && !restIds.has("Etc/UTC")) restIds.add("UTC");
  const rest = [...restIds]
    .map((id) => {
      const label = timeZoneLabel(id);
      return { id, label, offset: offsetOf(id, now), common: false, haystack: normalise([label, id, longNameOf(id, now)].join(" ")) };
    })
    .sort((a, b) => a.label.localeCompare(b.label, "en"));
  return [...common, ...rest];
}

/** Options whose words contain every word typed, in any order ("york new" finds New York). */
export function filterTimeZones(options: readonly TimeZoneOption[], query: string): TimeZoneOption[] {
  const words = normalise(query).split(" ").filter(Boolean);
  if (!words.length) return [...options];
  return options.filter((o) => words.every((w) => o.haystack.includes(w)));
}
