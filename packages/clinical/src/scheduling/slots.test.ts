import { describe, expect, it } from "vitest";

import {
  type AvailabilityException,
  type Interval,
  type SlotQuery,
  type WeeklyWindow,
  availableIntervals,
  groupByLocalDay,
  localDate,
  localMinuteOfDay,
  openSlots,
  overlaps,
  validateWeeklyWindows,
  zonedInstant,
} from "./slots";

// Everything below is written in absolute UTC instants or zone-local wall times, never the machine's
// zone; the suite is run under TZ=UTC and TZ=Pacific/Auckland.
const DENVER = "America/Denver";
const NEW_YORK = "America/New_York";
const d = (iso: string) => new Date(iso);
const h = (hours: number, minutes = 0) => hours * 60 + minutes;
const iso = (i: Interval) => [i.start.toISOString(), i.end.toISOString()];
/** "2026-03-09 09:00" as seen in `tz`. */
const wall = (instant: Date, tz: string) => {
  const m = localMinuteOfDay(instant, tz);
  return `${localDate(instant, tz)} ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};
const MON = 1;
const SAT = 6;
const SUN = 0;

describe("zonedInstant", () => {
  it.each([
    // [date, minute, zone, expected instant, why]
    ["2026-01-12", h(9), DENVER, "2026-01-12T16:00:00.000Z", "winter: MST, UTC-7"],
    ["2026-07-13", h(9), DENVER, "2026-07-13T15:00:00.000Z", "summer: MDT, UTC-6"],
    ["2026-03-08", h(1, 59), DENVER, "2026-03-08T08:59:00.000Z", "just before the spring-forward gap"],
    ["2026-03-08", h(2), DENVER, "2026-03-08T09:00:00.000Z", "gap start does not exist → 03:00 MDT"],
    ["2026-03-08", h(2, 30), DENVER, "2026-03-08T09:00:00.000Z", "inside the gap → 03:00 MDT"],
    ["2026-03-08", h(3), DENVER, "2026-03-08T09:00:00.000Z", "03:00 MDT itself"],
    ["2026-11-01", h(0, 59), DENVER, "2026-11-01T06:59:00.000Z", "before the fall-back overlap"],
    ["2026-11-01", h(1), DENVER, "2026-11-01T07:00:00.000Z", "ambiguous → first occurrence (MDT)"],
    ["2026-11-01", h(1, 30), DENVER, "2026-11-01T07:30:00.000Z", "ambiguous → first occurrence (MDT), not 08:30Z (MST)"],
    ["2026-11-01", h(2), DENVER, "2026-11-01T09:00:00.000Z", "02:00 only exists once, in MST"],
    ["2026-03-08", 1440, DENVER, "2026-03-09T06:00:00.000Z", "minute 1440 = next local midnight (MDT)"],
    ["2026-12-31", 1440, DENVER, "2027-01-01T07:00:00.000Z", "minute 1440 rolls over the year"],
    ["2026-10-04", h(2, 15), "Australia/Lord_Howe", "2026-10-03T15:30:00.000Z", "30-minute gap → 02:30 +11:00"],
    ["2026-04-05", h(1, 45), "Australia/Lord_Howe", "2026-04-04T14:45:00.000Z", "30-minute overlap → first occurrence (+11:00)"],
    ["2026-04-06", h(1, 45), "Australia/Lord_Howe", "2026-04-05T15:15:00.000Z", "day after: +10:30"],
    ["2026-03-09", h(9), "Asia/Kathmandu", "2026-03-09T03:15:00.000Z", "+05:45"],
    ["2026-03-09", h(9), "UTC", "2026-03-09T09:00:00.000Z", "UTC"],
  ] as const)("%s minute %i in %s → %s (%s)", (date, minute, tz, expected, _why) => {
    expect(zonedInstant(date, minute, tz).toISOString()).toBe(expected);
  });

  it.each([
    ["2026-02-30", 0, DENVER],
    ["2026-3-8", 0, DENVER],
    ["2026-03-08", -1, DENVER],
    ["2026-03-08", 1441, DENVER],
    ["2026-03-08", Number.NaN, DENVER],
    ["2026-03-08", 0, "Mars/Olympus_Mons"],
  ] as const)("rejects %s minute %s in %s", (date, minute, tz) => {
    expect(() => zonedInstant(date, minute, tz)).toThrow(RangeError);
  });
});

describe("localDate / localMinuteOfDay", () => {
  it.each([
    ["2026-03-10T05:30:00Z", DENVER, "2026-03-09", h(23, 30)],
    ["2026-03-10T05:30:00Z", NEW_YORK, "2026-03-10", h(1, 30)],
    ["2026-11-01T07:30:00Z", DENVER, "2026-11-01", h(1, 30)],
    ["2026-11-01T08:30:00Z", DENVER, "2026-11-01", h(1, 30)],
    ["2026-10-03T15:30:00Z", "Australia/Lord_Howe", "2026-10-04", h(2, 30)],
    ["2026-03-08T18:15:00Z", "Asia/Kathmandu", "2026-03-09", 0],
    ["2026-03-09T00:00:00Z", "UTC", "2026-03-09", 0],
  ] as const)("%s in %s is %s, minute %i", (instant, tz, date, minute) => {
    expect(localDate(d(instant), tz)).toBe(date);
    expect(localMinuteOfDay(d(instant), tz)).toBe(minute);
  });
});

describe("overlaps (half-open)", () => {
  const i = (a: string, b: string): Interval => ({ start: d(`2026-03-09T${a}:00Z`), end: d(`2026-03-09T${b}:00Z`) });
  it.each([
    [i("10:00", "11:00"), i("11:00", "12:00"), false, "back-to-back"],
    [i("11:00", "12:00"), i("10:00", "11:00"), false, "back-to-back, reversed"],
    [i("10:00", "11:00"), i("10:59", "12:00"), true, "one minute shared"],
    [i("10:00", "12:00"), i("10:30", "11:00"), true, "contains"],
    [i("10:00", "11:00"), i("10:30", "10:30"), false, "empty interval"],
  ])("%o vs %o → %s (%s)", (a, b, expected, _why) => {
    expect(overlaps(a, b)).toBe(expected);
  });
});

const mondayMorning: WeeklyWindow[] = [{ weekday: MON, startMinute: h(9), endMinute: h(12) }];

describe("availableIntervals", () => {
  it("keeps weekly windows at local wall time across spring forward (UTC-7 → UTC-6)", () => {
    const got = availableIntervals({ timezone: DENVER, weekly: mondayMorning, exceptions: [], from: d("2026-03-01T00:00:00Z"), to: d("2026-03-15T00:00:00Z") });
    expect(got.map(iso)).toEqual([
      ["2026-03-02T16:00:00.000Z", "2026-03-02T19:00:00.000Z"],
      ["2026-03-09T15:00:00.000Z", "2026-03-09T18:00:00.000Z"],
    ]);
  });

  it("keeps weekly windows at local wall time across fall back (UTC-6 → UTC-7)", () => {
    const got = availableIntervals({ timezone: DENVER, weekly: mondayMorning, exceptions: [], from: d("2026-10-25T00:00:00Z"), to: d("2026-11-08T00:00:00Z") });
    expect(got.map(iso)).toEqual([
      ["2026-10-26T15:00:00.000Z", "2026-10-26T18:00:00.000Z"],
      ["2026-11-02T16:00:00.000Z", "2026-11-02T19:00:00.000Z"],
    ]);
  });

  it.each([
    // [window on Sunday 2026-03-08 (spring forward), expected interval, why]
    [h(1), h(4), ["2026-03-08T08:00:00.000Z", "2026-03-08T10:00:00.000Z"], "01:00–04:00 is only 2 real hours"],
    [h(0), h(2, 30), ["2026-03-08T07:00:00.000Z", "2026-03-08T09:00:00.000Z"], "end inside the gap → gap end"],
    [h(21), 1440, ["2026-03-09T03:00:00.000Z", "2026-03-09T06:00:00.000Z"], "24:00 → next local midnight"],
  ] as const)("spring-forward Sunday %i–%i → %o (%s)", (startMinute, endMinute, expected, _why) => {
    const got = availableIntervals({ timezone: DENVER, weekly: [{ weekday: SUN, startMinute, endMinute }], exceptions: [], from: d("2026-03-08T00:00:00Z"), to: d("2026-03-10T00:00:00Z") });
    expect(got.map(iso)).toEqual([expected]);
  });

  it("drops a window lying entirely in the gap", () => {
    const weekly = [{ weekday: SUN, startMinute: h(2), endMinute: h(2, 30) }];
    expect(availableIntervals({ timezone: DENVER, weekly, exceptions: [], from: d("2026-03-08T00:00:00Z"), to: d("2026-03-10T00:00:00Z") })).toEqual([]);
  });

  it("fall-back Sunday 00:00–03:00 is 4 real hours", () => {
    const weekly = [{ weekday: SUN, startMinute: 0, endMinute: h(3) }];
    const got = availableIntervals({ timezone: DENVER, weekly, exceptions: [], from: d("2026-11-01T00:00:00Z"), to: d("2026-11-02T00:00:00Z") });
    expect(got.map(iso)).toEqual([["2026-11-01T06:00:00.000Z", "2026-11-01T10:00:00.000Z"]]);
  });

  it("merges extra hours with weekly hours, subtracts time off, clips to [from, to)", () => {
    const exceptions: AvailabilityException[] = [
      { kind: "extra_hours", start: d("2026-03-09T17:00:00Z"), end: d("2026-03-09T20:00:00Z") }, // 11:00–14:00 MDT
      { kind: "time_off", start: d("2026-03-09T16:00:00Z"), end: d("2026-03-09T16:30:00Z") }, // 10:00–10:30 MDT
    ];
    const got = availableIntervals({ timezone: DENVER, weekly: mondayMorning, exceptions, from: d("2026-03-09T15:15:00Z"), to: d("2026-03-09T19:00:00Z") });
    expect(got.map(iso)).toEqual([
      ["2026-03-09T15:15:00.000Z", "2026-03-09T16:00:00.000Z"],
      ["2026-03-09T16:30:00.000Z", "2026-03-09T19:00:00.000Z"],
    ]);
  });

  it("is empty for an empty range", () => {
    expect(availableIntervals({ timezone: DENVER, weekly: mondayMorning, exceptions: [], from: d("2026-03-09T18:00:00Z"), to: d("2026-03-09T15:00:00Z") })).toEqual([]);
  });
});

describe("openSlots", () => {
  // Week of Monday 2026-03-09 (MDT, UTC-6) unless a case overrides.
  const base: SlotQuery = {
    timezone: DENVER,
    weekly: mondayMorning,
    exceptions: [],
    busy: [],
    durationMinutes: 60,
    from: d("2026-03-09T06:00:00Z"), // Monday 00:00 MDT
    to: d("2026-03-16T06:00:00Z"),
    earliestStart: d("2026-03-01T00:00:00Z"),
  };
  const mdt = (hhmm: string, date = "2026-03-09") => d(`${date}T${hhmm}:00-06:00`);
  const starts = (q: Partial<SlotQuery>) => openSlots({ ...base, ...q }).map((s) => wall(s.start, DENVER));

  it.each<[string, Partial<SlotQuery>, string[]]>([
    ["one slot per hour", {}, ["2026-03-09 09:00", "2026-03-09 10:00", "2026-03-09 11:00"]],
    ["no partial slot at the window end", { weekly: [{ weekday: MON, startMinute: h(9), endMinute: h(11, 30) }] }, ["2026-03-09 09:00", "2026-03-09 10:00"]],
    ["30-min step, 60-min slots", { stepMinutes: 30 }, ["2026-03-09 09:00", "2026-03-09 09:30", "2026-03-09 10:00", "2026-03-09 10:30", "2026-03-09 11:00"]],
    ["busy removes only its own slot; back-to-back edges stay free", { busy: [{ start: mdt("10:00"), end: mdt("11:00") }] }, ["2026-03-09 09:00", "2026-03-09 11:00"]],
    ["busy removes every overlapping stepped slot", { stepMinutes: 30, busy: [{ start: mdt("10:15"), end: mdt("10:45") }] }, ["2026-03-09 09:00", "2026-03-09 11:00"]],
    ["busy on another day changes nothing", { busy: [{ start: mdt("10:00", "2026-03-10"), end: mdt("11:00", "2026-03-10") }] }, ["2026-03-09 09:00", "2026-03-09 10:00", "2026-03-09 11:00"]],
    ["earliestStart exactly on a slot keeps it", { earliestStart: mdt("10:00") }, ["2026-03-09 10:00", "2026-03-09 11:00"]],
    ["earliestStart one minute later drops it", { earliestStart: mdt("10:01") }, ["2026-03-09 11:00"]],
    ["from mid-window keeps the window's grid", { from: mdt("09:07") }, ["2026-03-09 10:00", "2026-03-09 11:00"]],
    ["to cuts slots that would end after it", { to: mdt("11:30") }, ["2026-03-09 09:00", "2026-03-09 10:00"]],
    [
      "extra hours overlapping weekly hours merge without duplicates",
      { exceptions: [{ kind: "extra_hours", start: mdt("11:00"), end: mdt("13:00") }] },
      ["2026-03-09 09:00", "2026-03-09 10:00", "2026-03-09 11:00", "2026-03-09 12:00"],
    ],
    [
      "extra hours on a day without weekly hours",
      { exceptions: [{ kind: "extra_hours", start: mdt("10:00", "2026-03-14"), end: mdt("12:00", "2026-03-14") }] },
      ["2026-03-09 09:00", "2026-03-09 10:00", "2026-03-09 11:00", "2026-03-14 10:00", "2026-03-14 11:00"],
    ],
    ["time off removes every slot it touches", { exceptions: [{ kind: "time_off", start: mdt("10:59"), end: mdt("11:01") }] }, ["2026-03-09 09:00"]],
  ])("%s", (_name, q, expected) => {
    expect(starts(q)).toEqual(expected);
  });

  it("time off spanning days: later availability restarts its grid at the end of the time off", () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: h(9), endMinute: h(12) }));
    const exceptions: AvailabilityException[] = [{ kind: "time_off", start: mdt("10:30", "2026-03-10"), end: mdt("09:30", "2026-03-12") }];
    expect(starts({ weekly: weekdays, exceptions })).toEqual([
      "2026-03-09 09:00",
      "2026-03-09 10:00",
      "2026-03-09 11:00",
      "2026-03-10 09:00", // Tue 10:00 would run into the time off
      // Wed: fully off
      "2026-03-12 09:30", // Thu: from the end of the time off
      "2026-03-12 10:30",
      "2026-03-13 09:00",
      "2026-03-13 10:00",
      "2026-03-13 11:00",
    ]);
  });

  it.each([
    ["spring forward", "2026-03-01T07:00:00Z", "2026-03-15T06:00:00Z", ["16:00", "17:00", "18:00"], ["15:00", "16:00", "17:00"]],
    ["fall back", "2026-10-25T06:00:00Z", "2026-11-08T07:00:00Z", ["15:00", "16:00", "17:00"], ["16:00", "17:00", "18:00"]],
  ])("%s week: same local start times, UTC shifts by an hour", (_name, from, to, utcBefore, utcAfter) => {
    const slots = openSlots({ ...base, from: d(from), to: d(to) });
    const byDay = groupByLocalDay(slots, DENVER);
    expect(byDay).toHaveLength(2);
    for (const day of byDay) expect(day.items.map((s) => wall(s.start, DENVER).slice(11))).toEqual(["09:00", "10:00", "11:00"]);
    expect(byDay.map((day) => day.items.map((s) => s.start.toISOString().slice(11, 16)))).toEqual([utcBefore, utcAfter]);
  });

  it("slots inside a DST-shortened window use real elapsed time", () => {
    // Sunday 2026-03-08 01:00–04:00 MST/MDT is two real hours.
    const slots = openSlots({ ...base, weekly: [{ weekday: SUN, startMinute: h(1), endMinute: h(4) }], from: d("2026-03-08T00:00:00Z"), to: d("2026-03-09T00:00:00Z") });
    expect(slots.map(iso)).toEqual([
      ["2026-03-08T08:00:00.000Z", "2026-03-08T09:00:00.000Z"],
      ["2026-03-08T09:00:00.000Z", "2026-03-08T10:00:00.000Z"],
    ]);
    expect(slots.map((s) => wall(s.start, DENVER))).toEqual(["2026-03-08 01:00", "2026-03-08 03:00"]);
  });

  it.each([
    // Lord Howe jumps 02:00 → 02:30 on 2026-10-04, so 01:00–04:00 is 2.5 real hours.
    ["Australia/Lord_Howe", SUN, "2026-10-03T00:00:00Z", "2026-10-05T00:00:00Z", ["2026-10-04 01:00", "2026-10-04 02:30"], ["2026-10-03T14:30:00.000Z", "2026-10-03T15:30:00.000Z"]],
    ["Asia/Kathmandu", MON, "2026-03-08T00:00:00Z", "2026-03-10T00:00:00Z", ["2026-03-09 01:00", "2026-03-09 02:00", "2026-03-09 03:00"], ["2026-03-08T19:15:00.000Z", "2026-03-08T20:15:00.000Z", "2026-03-08T21:15:00.000Z"]],
  ])("non-hour offset %s", (tz, weekday, from, to, localStarts, utcStarts) => {
    const slots = openSlots({ ...base, timezone: tz, weekly: [{ weekday, startMinute: h(1), endMinute: h(4) }], from: d(from), to: d(to) });
    expect(slots.map((s) => wall(s.start, tz))).toEqual(localStarts);
    expect(slots.map((s) => s.start.toISOString())).toEqual(utcStarts);
  });

  it.each([0, -30, Number.NaN])("rejects a duration of %s", (durationMinutes) => {
    expect(() => openSlots({ ...base, durationMinutes })).toThrow(RangeError);
  });

  it("rejects a zero step", () => {
    expect(() => openSlots({ ...base, stepMinutes: 0 })).toThrow(RangeError);
  });
});

describe("groupByLocalDay", () => {
  // Monday 21:00–24:00 in Denver (MDT, UTC-6) is Monday 23:00 – Tuesday 02:00 in New York (EDT).
  const slots = openSlots({
    timezone: DENVER,
    weekly: [{ weekday: MON, startMinute: h(21), endMinute: 1440 }],
    exceptions: [],
    busy: [],
    durationMinutes: 60,
    from: d("2026-03-09T06:00:00Z"),
    to: d("2026-03-10T12:00:00Z"),
    earliestStart: d("2026-03-01T00:00:00Z"),
  });

  it.each([
    [DENVER, [["2026-03-09", ["21:00", "22:00", "23:00"]]]],
    [NEW_YORK, [["2026-03-09", ["23:00"]], ["2026-03-10", ["00:00", "01:00"]]]],
  ] as const)("viewed in %s", (tz, expected) => {
    const groups = groupByLocalDay(slots, tz).map((g) => [g.date, g.items.map((s) => wall(s.start, tz).slice(11))]);
    expect(groups).toEqual(expected);
  });

  it("orders days and items even from unsorted input, keeping extra fields", () => {
    const items = [
      { start: d("2026-03-10T15:00:00Z"), id: "c" },
      { start: d("2026-03-09T15:00:00Z"), id: "b" },
      { start: d("2026-03-09T14:00:00Z"), id: "a" },
    ];
    expect(groupByLocalDay(items, NEW_YORK).map((g) => [g.date, g.items.map((i) => i.id)])).toEqual([
      ["2026-03-09", ["a", "b"]],
      ["2026-03-10", ["c"]],
    ]);
    expect(groupByLocalDay([], NEW_YORK)).toEqual([]);
  });
});

describe("validateWeeklyWindows", () => {
  it.each<[string, WeeklyWindow[]]>([
    ["empty", []],
    ["whole day", [{ weekday: SUN, startMinute: 0, endMinute: 1440 }]],
    ["back-to-back on one day", [{ weekday: MON, startMinute: h(9), endMinute: h(12) }, { weekday: MON, startMinute: h(12), endMinute: h(13) }]],
    ["same hours on different days", [{ weekday: MON, startMinute: h(9), endMinute: h(12) }, { weekday: SAT, startMinute: h(9), endMinute: h(12) }]],
  ])("accepts %s", (_name, windows) => {
    expect(validateWeeklyWindows(windows)).toEqual({ ok: true });
  });

  it.each<[string, WeeklyWindow[], RegExp]>([
    ["weekday 7", [{ weekday: 7, startMinute: h(9), endMinute: h(12) }], /weekday/],
    ["weekday -1", [{ weekday: -1, startMinute: h(9), endMinute: h(12) }], /weekday/],
    ["fractional weekday", [{ weekday: 1.5, startMinute: h(9), endMinute: h(12) }], /weekday/],
    ["negative start", [{ weekday: MON, startMinute: -5, endMinute: h(12) }], /within the day/],
    ["end past midnight", [{ weekday: MON, startMinute: h(23), endMinute: 1445 }], /within the day/],
    ["start == end", [{ weekday: MON, startMinute: h(9), endMinute: h(9) }], /after the start/],
    ["start > end", [{ weekday: MON, startMinute: h(12), endMinute: h(9) }], /after the start/],
    ["not a multiple of 5", [{ weekday: MON, startMinute: h(9, 7), endMinute: h(12) }], /steps of 5/],
    ["fractional minute", [{ weekday: MON, startMinute: h(9), endMinute: 720.5 }], /steps of 5/],
    [
      "overlap within a weekday",
      [{ weekday: MON, startMinute: h(9), endMinute: h(12) }, { weekday: MON, startMinute: h(11), endMinute: h(13) }],
      /Monday: 09:00–12:00 overlaps 11:00–13:00/,
    ],
    [
      "overlap regardless of input order",
      [{ weekday: MON, startMinute: h(11), endMinute: h(13) }, { weekday: SAT, startMinute: h(9), endMinute: h(10) }, { weekday: MON, startMinute: h(9), endMinute: h(12) }],
      /Monday/,
    ],
  ])("rejects %s", (_name, windows, reason) => {
    const r = validateWeeklyWindows(windows);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
