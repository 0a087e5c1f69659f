/**
 * Patient-local calendar days for the regimen. A session's day, the interval between sessions
 * (DOMAIN.md §7 A6) and "the end of the session day" (A10) are counted in the patient's IANA
 * zone, so a dose at 23:30 and one at 00:30 are on different days whatever the server's zone, and
 * a DST change never makes a calendar day 23 or 25 hours "short".
 */
import { TZDate } from "@date-fns/tz";

import { addCalendarDays, daysBetween, isCalendarDate } from "../prescribing/dates";
import { localDate } from "../scheduling/slots";

/** The instant local midnight starts `date` in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date: "${date}"`);
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
}

/** The instant `date` ends (the next local midnight) in `timeZone`. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return startOfLocalDay(addCalendarDays(date, 1), timeZone);
}

/** The same local wall-clock time `days` calendar days later (keeps 09:00 at 09:00 across DST). */
export function addLocalDays(instant: Date, days: number, timeZone: string): Date {
  const t = new TZDate(instant.getTime(), timeZone);
  return new Date(new TZDate(t.getFullYear(), t.getMonth(), t.getDate() + days, t.getHours(), t.getMinutes(), t.getSeconds(), t.getMilliseconds(), timeZone).getTime());
}

/** Calendar days between two instants, each taken as its local day in `timeZone`. */
export function localDaysBetween(from: Date, to: Date, timeZone: string): number {
  return daysBetween(localDate(from, timeZone), localDate(to, timeZone));
}
