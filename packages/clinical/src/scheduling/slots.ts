/**
 * Provider availability and bookable slots. Weekly hours are wall-clock times in the provider's
 * zone; everything else (exceptions, busy, query range) is absolute instants. The clock is passed
 * in (earliestStart), so nothing here depends on the machine's time zone.
 */
import { tzOffset } from "@date-fns/tz";

/** 0 = Sunday … 6 = Saturday, in the provider's time zone. Minutes since local midnight, end exclusive. */
export interface WeeklyWindow {
  weekday: number;
  startMinute: number;
  endMinute: number;
}
export interface Interval {
  start: Date;
  end: Date;
}
export interface AvailabilityException {
  kind: "time_off" | "extra_hours";
  start: Date;
  end: Date;
}
export interface SlotQuery {
  /** Provider's IANA zone; weekly windows are local to it. */
  timezone: string;
  weekly: readonly WeeklyWindow[];
  exceptions: readonly AvailabilityException[];
  /** Existing appointments of the provider (any kind). */
  busy: readonly Interval[];
  durationMinutes: number;
  /** Grid step inside an available interval; default = durationMinutes. */
  stepMinutes?: number;
  /** Search range: slots start >= from and end <= to. */
  from: Date;
  to: Date;
  /** Now + minimum booking notice. */
  earliestStart: Date;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Zone offset in minutes at an instant (east of UTC positive); throws on an unknown zone. */
function offsetAt(timezone: string, ms: number): number {
  const off = tzOffset(timezone, new Date(ms));
  if (!Number.isFinite(off)) throw new RangeError(`Unknown time zone: ${timezone}`);
  return off;
}

/** "YYYY-MM-DD" → UTC midnight ms of that calendar date (pure calendar math, no zone). */
function calendarMs(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`Expected YYYY-MM-DD, got "${date}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over to March; reject instead of silently shifting.
  if (isoDate(ms) !== date) throw new RangeError(`Not a calendar date: "${date}"`);
  return ms;
}

function isoDate(calendarUtcMs: number): string {
  return new Date(calendarUtcMs).toISOString().slice(0, 10);
}

/**
 * The instant at which the wall clock in `timezone` shows `localDate` + `minuteOfDay`
 * (0…1440; 1440 = next local midnight). Deterministic around DST changes:
 * - a nonexistent wall time (spring-forward gap) maps to the end of the gap, i.e. the transition
 *   instant (02:30 on 2026-03-08 in Denver → 03:00 MDT);
 * - an ambiguous wall time (fall-back overlap) maps to its first occurrence (01:30 MDT, not MST).
 */
export function zonedInstant(localDate: string, minuteOfDay: number, timezone: string): Date {
  if (!Number.isFinite(minuteOfDay) || minuteOfDay < 0 || minuteOfDay > 1440) {
    throw new RangeError(`minuteOfDay must be within 0…1440, got ${minuteOfDay}`);
  }
  // The wall time read as if it were UTC; the real instant is wall - offset.
  const wall = calendarMs(localDate) + minuteOfDay * MINUTE;
  // Offsets a day either side bracket any single DST change around this wall time.
  const before = offsetAt(timezone, wall - DAY);
  const after = offsetAt(timezone, wall + DAY);
  const valid = [...new Set([before, after])]
    .map((off) => ({ off, ms: Math.round(wall - off * MINUTE) }))
    .filter(({ off, ms }) => offsetAt(timezone, ms) === off)
    .map(({ ms }) => ms);
  // Earliest valid reading = first occurrence of an ambiguous time.
  if (valid.length > 0) return new Date(Math.min(...valid));

  // Gap: binary-search the transition instant between the two readings.
  let lo = Math.round(wall - Math.max(before, after) * MINUTE);
  let hi = Math.round(wall - Math.min(before, after) * MINUTE);
  const offLo = offsetAt(timezone, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(timezone, mid) === offLo) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

/** Calendar date (YYYY-MM-DD) that the wall clock in `timezone` shows at `instant`. */
export function localDate(instant: Date, timezone: string): string {
  const ms = instant.getTime();
  return isoDate(ms + offsetAt(timezone, ms) * MINUTE);
}

/** Whole minutes since local midnight in `timezone` at `instant` (0…1439). */
export function localMinuteOfDay(instant: Date, timezone: string): number {
  const ms = instant.getTime();
  const local = ms + offsetAt(timezone, ms) * MINUTE;
  return Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
}

/** Half-open overlap; an empty interval overlaps nothing. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < a.end && b.start < b.end && a.start < b.end && b.start < a.end;
}

type Span = { start: number; end: number };

/** Sort and merge overlapping or touching spans (touching = continuous availability). */
function merge(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.start < s.end).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** a − b, both merged and sorted. */
function subtract(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of a) {
    let cursor = s.start;
    for (const cut of b) {
      if (cut.end <= cursor) continue;
      if (cut.start >= s.end) break;
      if (cut.start > cursor) out.push({ start: cursor, end: cut.start });
      cursor = Math.max(cursor, cut.end);
      if (cursor >= s.end) break;
    }
    if (cursor < s.end) out.push({ start: cursor, end: s.end });
  }
  return out;
}

const span = (i: Interval): Span => ({ start: i.start.getTime(), end: i.end.getTime() });
const toInterval = (s: Span): Interval => ({ start: new Date(s.start), end: new Date(s.end) });

/**
 * Availability before clipping, so slot grids stay anchored at the real start of availability
 * (the window start), not wherever `from` happens to cut. One extra local day each side keeps
 * windows that run into midnight merged the same way whatever `from` is.
 */
function unclippedAvailability(q: Pick<SlotQuery, "timezone" | "weekly" | "exceptions" | "from" | "to">): Span[] {
  const from = q.from.getTime();
  const to = q.to.getTime();
  if (!(from < to)) return [];
  const spans: Span[] = [];
  // Iterate local calendar dates (not 24h steps): DST days are 23h or 25h long.
  const first = calendarMs(localDate(q.from, q.timezone)) - DAY;
  const last = calendarMs(localDate(new Date(to - 1), q.timezone)) + DAY;
  for (let day = first; day <= last; day += DAY) {
    const date = isoDate(day);
    const weekday = new Date(day).getUTCDay();
    for (const w of q.weekly) {
      if (w.weekday !== weekday) continue;
      // Minute 1440 lands on next local midnight via calendar roll-over in zonedInstant.
      spans.push({ start: zonedInstant(date, w.startMinute, q.timezone).getTime(), end: zonedInstant(date, w.endMinute, q.timezone).getTime() });
    }
  }
  for (const e of q.exceptions) if (e.kind === "extra_hours") spans.push(span(e));
  const timeOff = merge(q.exceptions.filter((e) => e.kind === "time_off").map(span));
  return subtract(merge(spans), timeOff);
}

/** (weekly ∪ extra_hours) − time_off, merged, sorted, clipped to [from, to). */
export function availableIntervals(q: Pick<SlotQuery, "timezone" | "weekly" | "exceptions" | "from" | "to">): Interval[] {
  const from = q.from.getTime();
  const to = q.to.getTime();
  return unclippedAvailability(q)
    .map((s) => ({ start: Math.max(s.start, from), end: Math.min(s.end, to) }))
    .filter((s) => s.start < s.end)
    .map(toInterval);
}

/**
 * Bookable slots, sorted. Each lies inside one available interval on a grid of stepMinutes from
 * that interval's start (busy, from and earliestStart filter the grid but do not shift it), does
 * not overlap a busy interval, starts >= max(from, earliestStart) and ends <= to.
 */
export function openSlots(q: SlotQuery): Interval[] {
  const step = q.stepMinutes ?? q.durationMinutes;
  // Non-positive values would loop forever; a caller bug, not a "no slots" answer.
  if (!(q.durationMinutes > 0) || !(step > 0)) throw new RangeError("durationMinutes and stepMinutes must be positive");
  const duration = q.durationMinutes * MINUTE;
  const stepMs = step * MINUTE;
  const lower = Math.max(q.from.getTime(), q.earliestStart.getTime());
  const to = q.to.getTime();
  const busy = merge(q.busy.map(span));
  const slots: Interval[] = [];
  for (const avail of unclippedAvailability(q)) {
    const end = Math.min(avail.end, to);
    // Jump straight to the first grid point at or after the lower bound.
    let start = avail.start + Math.max(0, Math.ceil((lower - avail.start) / stepMs)) * stepMs;
    for (; start + duration <= end; start += stepMs) {
      const slot = { start, end: start + duration };
      if (busy.some((b) => b.start < slot.end && slot.start < b.end)) continue;
      slots.push(toInterval(slot));
    }
  }
  return slots;
}

/** Group by calendar day in the viewer's zone (the patient's, not the provider's); days and items ascending. */
export function groupByLocalDay<T extends { start: Date }>(items: readonly T[], timezone: string): { date: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const date = localDate(item.start, timezone);
    const group = groups.get(date);
    if (group) group.push(item);
    else groups.set(date, [item]);
  }
  return [...groups].map(([date, grouped]) => ({ date, items: grouped }));
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** Weekday an integer 0–6; 0 <= start < end <= 1440; minutes multiples of 5; no overlaps within a weekday. */
export function validateWeeklyWindows(windows: readonly WeeklyWindow[]): { ok: true } | { ok: false; reason: string } {
  for (const w of windows) {
    if (!Number.isInteger(w.weekday) || w.weekday < 0 || w.weekday > 6) return { ok: false, reason: `Unknown weekday ${w.weekday}.` };
    if (!Number.isInteger(w.startMinute) || !Number.isInteger(w.endMinute) || w.startMinute % 5 !== 0 || w.endMinute % 5 !== 0) {
      return { ok: false, reason: "Times must be whole minutes in steps of 5." };
    }
    if (w.startMinute < 0 || w.endMinute > 1440) return { ok: false, reason: "Times must be within the day (00:00–24:00)." };
    if (w.startMinute >= w.endMinute) return { ok: false, reason: `${DAY_NAMES[w.weekday]}: the end must be after the start.` };
  }
  const sorted = [...windows].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.weekday === cur.weekday && cur.startMinute < prev.endMinute) {
      return {
        ok: false,
        reason: `${DAY_NAMES[cur.weekday]}: ${hhmm(prev.startMinute)}–${hhmm(prev.endMinute)} overlaps ${hhmm(cur.startMinute)}–${hhmm(cur.endMinute)}.`,
      };
    }
  }
  return { ok: true };
}
