import { US_STATES } from "@clearwell/validators/us-states";

/** Calendar dates ("YYYY-MM-DD") are not instants: format them without any time-zone shift. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return "—";
  const [y, m, d] = isoDate.split("-").map(Number);
  if (!y || !m || !d) return isoDate;
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Whole years between a birth date and today (the viewer's calendar date). */
export function ageFrom(isoDate: string | null | undefined, today = new Date()): number | null {
  if (!isoDate) return null;
  const [y, m, d] = isoDate.split("-").map(Number);
  if (!y || !m || !d) return null;
  let age = today.getFullYear() - y;
  const beforeBirthday = today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/*
 * THE rule for instants on provider pages (issue 15 item 7): every date and time is shown in the
 * clinic's time zone, never the server's or the browser's. An intake submitted at 5:25 PM in Denver
 * is "Nov 28" on every page, even for a clinician whose laptop runs on UTC (where it is already
 * Nov 29). A time carries its zone's abbreviation ("5:25 PM MST") so it is never ambiguous; a date
 * alone is the clinic's calendar date. `timeZone` undefined (the clinic not known yet) falls back to
 * the browser's zone and then says which zone that is.
 */

type Instant = Date | string | number;
const toDate = (value: Instant) => (value instanceof Date ? value : new Date(value));

/** "Nov 28, 2026, 5:25 PM MST" in the clinic's zone. */
export function formatDateTime(value: Instant, timeZone: string | undefined): string {
  const date = toDate(value);
  return `${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date)} ${zoneAbbreviation(date, timeZone)}`;
}

/** "5:25 PM" (with " MST" unless `zone: false`, for lists whose heading already states the zone). */
export function formatTime(value: Instant, timeZone: string | undefined, opts: { zone?: boolean } = {}): string {
  const date = toDate(value);
  const time = new Intl.DateTimeFormat("en-US", { timeStyle: "short", timeZone }).format(date);
  return opts.zone === false ? time : `${time} ${zoneAbbreviation(date, timeZone)}`;
}

/** The clinic's calendar date of an instant: "Nov 28, 2026". */
export function formatDay(value: Instant, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone }).format(toDate(value));
}

/** The clinic's calendar date at an instant, as "YYYY-MM-DD" (e.g. which day "today" is there). */
export function calendarDateIn(timeZone: string | undefined, at: Instant = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(toDate(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** An instant with seconds, e.g. "Mar 4, 2026, 2:05:09 PM EST" (the audit log). */
export function formatInstant(value: Instant, timeZone?: string): string {
  const date = toDate(value);
  return `${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium", timeZone }).format(date)} ${zoneAbbreviation(date, timeZone)}`;
}

/** "MST", or "GMT-7" where the zone has no common abbreviation. */
export function zoneAbbreviation(date: Date, timeZone: string | undefined): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? "";
}

/** "Mountain Time (America/Denver)" for a person's or clinic's zone; "Not set" when there is none. */
export function zoneLabel(timeZone: string | null | undefined): string {
  const zone = timeZone?.trim();
  if (!zone) return "Not set";
  try {
    const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longGeneric" })
      .formatToParts(new Date())
      .find((p) => p.type === "timeZoneName")?.value;
    return name && name !== zone ? `${name} (${zone})` : zone;
  } catch {
    // Not a zone this browser knows: show what was stored rather than nothing.
    return zone;
  }
}

/** Offset (ms) of `timeZone` from UTC at a given instant. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in `timeZone` (e.g. midnight of a date at the
 * clinic). Two passes settle the offset around daylight-saving changes.
 */
export function zonedTimeToInstant(isoDate: string, time: "start" | "end", timeZone: string): Date | null {
  const [y, m, d] = isoDate.split("-").map(Number);
  if (!y || !m || !d) return null;
  const wall = time === "start" ? Date.UTC(y, m - 1, d, 0, 0, 0, 0) : Date.UTC(y, m - 1, d, 23, 59, 59, 999);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}

export function formatPhone(phone: string | null | undefined): string {
  return phone?.trim() || "—";
}

export const PATIENT_STATUS: Record<string, { label: string; variant: "neutral" | "brand" | "success" | "warning" | "danger" | "info" }> = {
  invited: { label: "Invited", variant: "info" },
  registered: { label: "Registered", variant: "brand" },
  identity_verified: { label: "Identity verified", variant: "brand" },
  intake_in_progress: { label: "Intake in progress", variant: "warning" },
  intake_submitted: { label: "Intake submitted", variant: "warning" },
  intake_reviewed: { label: "Intake reviewed", variant: "info" },
  ready_to_schedule: { label: "Ready to schedule", variant: "success" },
  withdrawn: { label: "Withdrawn", variant: "neutral" },
};

export function patientStatus(status: string) {
  return PATIENT_STATUS[status] ?? { label: status.replace(/_/g, " "), variant: "neutral" as const };
}

/** "CA" -> "California"; unknown codes are returned as they are. */
export function stateName(code: string | null | undefined): string {
  if (!code) return "—";
  return (US_STATES as Record<string, string>)[code] ?? code;
}
