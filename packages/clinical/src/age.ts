/**
 * Age in whole years on `today` (both ISO dates, YYYY-MM-DD), counted in calendar
 * terms so no time zone can shift a birthday. A Feb 29 birthday turns over on Mar 1
 * in non-leap years.
 */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = parse(dateOfBirth);
  const [ty, tm, td] = parse(today);
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/** DOMAIN.md §3 E19: at-home ketamine is for adults only (Spravato is not approved under 18). */
export const MINIMUM_AGE = 18;

export function isAdult(dateOfBirth: string, today: string): boolean {
  return ageOn(dateOfBirth, today) >= MINIMUM_AGE;
}

function parse(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`Not an ISO date: ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Not a calendar date: ${iso}`);
  }
  return [y, mo, d];
}

/** Today's calendar date in an IANA time zone; the clock is passed in (no I/O here). */
export function calendarDateIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}
