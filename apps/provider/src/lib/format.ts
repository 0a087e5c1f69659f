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

/** An instant shown in the clinic's time zone, e.g. "Mar 4, 2026, 2:05:09 PM EST". */
export function formatInstant(value: Date | string, timeZone?: string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat("en-US", {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone,
  }).format(date) + (timeZone ? ` ${zoneAbbreviation(date, timeZone)}` : "");
}

function zoneAbbreviation(date: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? "";
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
