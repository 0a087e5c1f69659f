import { formatDateTime as formatDateTimeIn, formatTime as formatTimeIn } from "./format";

type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";

export const APPOINTMENT_STATUS: Record<string, { label: string; variant: Variant }> = {
  booked: { label: "Booked", variant: "info" },
  confirmed: { label: "Confirmed", variant: "brand" },
  checked_in: { label: "Checked in", variant: "warning" },
  in_progress: { label: "In progress", variant: "warning" },
  completed: { label: "Completed", variant: "success" },
  cancelled: { label: "Cancelled", variant: "neutral" },
  no_show: { label: "No-show", variant: "danger" },
};

export function appointmentStatus(status: string) {
  return APPOINTMENT_STATUS[status] ?? { label: status.replace(/_/g, " "), variant: "neutral" as const };
}

export const humanize = (value: string) => {
  const s = value.replace(/[_.]/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** A time of day without its zone, for grids whose heading states it; see lib/format.ts for the rule. */
export function formatTime(value: Date | string, timeZone?: string) {
  return formatTimeIn(value, timeZone, { zone: false });
}

/** Date and time with the zone's abbreviation: pass the clinic's zone (useClinicTimeZone). */
export function formatDateTime(value: Date | string, timeZone?: string) {
  return formatDateTimeIn(value, timeZone);
}

export function startOfDay(d: Date) {
  const x = new Date(d);
  x.setHours(0, 0, 0, 0);
  return x;
}

export function addDays(d: Date, n: number) {
  const x = new Date(d);
  x.setDate(x.getDate() + n);
  return x;
}

/** A provider's own visit, from an hour before until its end: the visit page says if the room is not open yet. */
export const videoVisitOpen = (a: { providerUserId: string; status: string; startsAt: Date | string; endsAt: Date | string }, userId: string | undefined, now = Date.now()) =>
  a.providerUserId === userId &&
  ["booked", "confirmed", "checked_in", "in_progress"].includes(a.status) &&
  now >= new Date(a.startsAt).getTime() - 60 * 60_000 &&
  now < new Date(a.endsAt).getTime();
