/** Pure helpers behind the slot picker: days, day parts and providers, all in the patient's time zone. */

export interface PickerSlot {
  start: Date;
  end: Date;
  providerUserId: string;
  providerName: string;
  credentials: string | null;
}

export interface PickerDay {
  /** YYYY-MM-DD in the display time zone. */
  key: string;
  weekday: string;
  weekdayLong: string;
  day: number;
  month: string;
  monthLong: string;
  /** Distinct start times offered that day. */
  count: number;
}

export type DayPart = "morning" | "afternoon" | "evening";
export const DAY_PART_LABEL: Record<DayPart, string> = { morning: "Morning", afternoon: "Afternoon", evening: "Evening" };

export interface PickerTime {
  start: Date;
  end: Date;
  /** The providers free at this time (one when a provider was chosen). */
  providers: PickerSlot[];
}

/** The calendar date of an instant in `timeZone`, as YYYY-MM-DD. */
export function dayKey(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

function addDaysToKey(key: string, n: number): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Noon UTC of a date key: formatting it in UTC gives that calendar date whatever the zone. */
const noon = (key: string) => new Date(`${key}T12:00:00Z`);

function hourIn(d: Date, timeZone: string): number {
  const h = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).formatToParts(d).find((p) => p.type === "hour")?.value;
  return Number(h ?? 0) % 24;
}

export const dayPartOf = (d: Date, timeZone: string): DayPart => {
  const h = hourIn(d, timeZone);
  return h < 12 ? "morning" : h < 17 ? "afternoon" : "evening";
};

/** Slots of one provider, or of all when `providerUserId` is null. */
export const forProvider = (slots: readonly PickerSlot[], providerUserId: string | null) =>
  providerUserId ? slots.filter((s) => s.providerUserId === providerUserId) : [...slots];

/** `count` consecutive calendar days from the day of `from`, each with how many times it offers. */
export function buildDays(slots: readonly PickerSlot[], timeZone: string, from: Date, count: number): PickerDay[] {
  const perDay = new Map<string, Set<number>>();
  for (const s of slots) {
    const k = dayKey(s.start, timeZone);
    perDay.set(k, (perDay.get(k) ?? new Set()).add(s.start.getTime()));
  }
  const first = dayKey(from, timeZone);
  return Array.from({ length: count }, (_, i) => {
    const key = addDaysToKey(first, i);
    const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-US", { ...o, timeZone: "UTC" }).format(noon(key));
    return {
      key,
      weekday: fmt({ weekday: "short" }),
      weekdayLong: fmt({ weekday: "long" }),
      day: Number(key.slice(8)),
      month: fmt({ month: "short" }),
      monthLong: fmt({ month: "long" }),
      count: perDay.get(key)?.size ?? 0,
    };
  });
}

/** The day's distinct start times, grouped into morning, afternoon and evening (empty parts left out). */
export function timesForDay(slots: readonly PickerSlot[], timeZone: string, key: string): { part: DayPart; times: PickerTime[] }[] {
  const byStart = new Map<number, PickerTime>();
  for (const s of slots) {
    if (dayKey(s.start, timeZone) !== key) continue;
    const t = byStart.get(s.start.getTime());
    if (t) t.providers.push(s);
    else byStart.set(s.start.getTime(), { start: s.start, end: s.end, providers: [s] });
  }
  const sorted = [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
  const parts: DayPart[] = ["morning", "afternoon", "evening"];
  return parts.map((part) => ({ part, times: sorted.filter((t) => dayPartOf(t.start, timeZone) === part) })).filter((g) => g.times.length > 0);
}

/** Every provider offering times, by name. */
export function providersOf(slots: readonly PickerSlot[]): { id: string; name: string; credentials: string | null }[] {
  const map = new Map<string, { id: string; name: string; credentials: string | null }>();
  for (const s of slots) if (!map.has(s.providerUserId)) map.set(s.providerUserId, { id: s.providerUserId, name: s.providerName, credentials: s.credentials });
  return [...map.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export const formatSlotTime = (d: Date, timeZone: string) => new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit", timeZone }).format(d);
export const formatSlotDay = (d: Date, timeZone: string) => new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone }).format(d);
