import { calendarDateIn, zonedTimeToInstant } from "./format";

/*
 * Calendar days at the clinic, for pages that the server renders and the browser hydrates (the
 * schedule): a day is a "YYYY-MM-DD" string, its bounds are midnights in the clinic's zone, and
 * nothing here reads the zone of the machine it runs on. The server (UTC) and a browser anywhere
 * therefore compute the same week, the same query input and the same text.
 */

export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcNoon(iso: IsoDate): Date {
  const m = ISO.exec(iso);
  if (!m) throw new RangeError(`Not a calendar date: ${iso}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
}

const toIso = (d: Date): IsoDate => d.toISOString().slice(0, 10);

export function isIsoDate(value: string): value is IsoDate {
  if (!ISO.test(value)) return false;
  return toIso(utcNoon(value)) === value;
}

/** Today's date at the clinic. */
export function clinicToday(timeZone: string, now: Date = new Date()): IsoDate {
  return calendarDateIn(timeZone, now);
}

export function addCalendarDays(iso: IsoDate, n: number): IsoDate {
  const d = utcNoon(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return toIso(d);
}

/** The Sunday that starts the week of `iso` (the schedule's weeks run Sunday to Saturday). */
export function weekStart(iso: IsoDate): IsoDate {
  return addCalendarDays(iso, -utcNoon(iso).getUTCDay());
}

/** Midnight at the clinic at the start of `iso`, as an instant (daylight-saving days included). */
export function clinicMidnight(iso: IsoDate, timeZone: string): Date {
  return zonedTimeToInstant(iso, "start", timeZone)!;
}

export type ScheduleView = "day" | "week";

/**
 * The days a schedule view shows and the instants that bound them, [from, to): the input of
 * `schedule.list`, identical on the server that prefetches it and in the browser that reads it.
 */
export function scheduleRange(view: ScheduleView, anchor: IsoDate, timeZone: string) {
  const first = view === "week" ? weekStart(anchor) : anchor;
  const count = view === "week" ? 7 : 1;
  const days = Array.from({ length: count }, (_, i) => addCalendarDays(first, i));
  return { days, from: clinicMidnight(first, timeZone), to: clinicMidnight(addCalendarDays(first, count), timeZone) };
}

/** "Sun, Nov 29" */
export const shortDayLabel = (iso: IsoDate) => new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }).format(utcNoon(iso));

/** "Sunday, November 29, 2026" */
export const longDayLabel = (iso: IsoDate) => new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeZone: "UTC" }).format(utcNoon(iso));

/** An instant's date and minutes since midnight on the clinic's wall clock (e.g. 9:30 AM is 570). */
export function clinicWallClock(at: Date | string, timeZone: string): { date: IsoDate; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at instanceof Date ? at : new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}
