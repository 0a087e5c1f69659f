import { describe, expect, it } from "vitest";

import { DOSE_SESSION_STATUSES, DOSE_SESSION_TRANSITIONS, type DoseSessionEvent, isSessionMissed, postcheckDueAt, sessionMissedAt, transitionDoseSession } from "./session";
import { addLocalDays, endOfLocalDay, localDaysBetween, startOfLocalDay } from "./time";

const TZ = "America/New_York";

describe("dose session transitions (DOMAIN §2)", () => {
  const LEGAL = [
    ["scheduled", "precheck_pass", "precheck_passed"],
    ["scheduled", "precheck_fail", "precheck_failed"],
    ["precheck_passed", "take", "taken"],
    ["taken", "postcheck", "postcheck_submitted"],
    ["scheduled", "miss", "missed"],
    ["precheck_passed", "miss", "missed"],
  ] as const;
  it.each(LEGAL)("%s --%s--> %s", (from, ev, to) => expect(transitionDoseSession(from, ev)).toEqual({ ok: true, to }));
  it("everything else is refused; only a passed gate unlocks taking", () => {
    const events = Object.keys(DOSE_SESSION_TRANSITIONS) as DoseSessionEvent[];
    const legal = new Set(LEGAL.map(([f, e]) => `${f}:${e}`));
    let refused = 0;
    for (const s of DOSE_SESSION_STATUSES) {
      for (const e of events) {
        if (legal.has(`${s}:${e}`)) continue;
        refused++;
        expect(transitionDoseSession(s, e).ok).toBe(false);
      }
    }
    expect(refused).toBe(24);
    const r = transitionDoseSession("scheduled", "take");
    expect(!r.ok && r.message).toMatch(/safety check first/);
    const f = transitionDoseSession("precheck_failed", "take");
    expect(!f.ok && f.message).toMatch(/did not pass/);
  });
});

describe("A10 missed: end of the local day + grace", () => {
  it("2026-05-04 in New York ends 04:00Z May 5; + 6 h grace", () => {
    expect(endOfLocalDay("2026-05-04", TZ)).toEqual(new Date("2026-05-05T04:00:00Z"));
    expect(sessionMissedAt("2026-05-04", TZ, 6)).toEqual(new Date("2026-05-05T10:00:00Z"));
  });
  it("a minute before is not missed; at the time it is", () => {
    const base = { status: "scheduled" as const, scheduledDate: "2026-05-04", timezone: TZ, graceHours: 6 };
    expect(isSessionMissed({ ...base, now: new Date("2026-05-05T09:59:00Z") })).toBe(false);
    expect(isSessionMissed({ ...base, now: new Date("2026-05-05T10:00:00Z") })).toBe(true);
    expect(isSessionMissed({ ...base, status: "precheck_passed", now: new Date("2026-05-05T10:00:00Z") })).toBe(true);
  });
  it("taken, failed or already missed sessions are not marked missed", () => {
    for (const status of ["taken", "postcheck_submitted", "precheck_failed", "missed"] as const) {
      expect(isSessionMissed({ status, scheduledDate: "2026-05-04", timezone: TZ, graceHours: 6, now: new Date("2027-01-01T00:00:00Z") })).toBe(false);
    }
  });
  it("a 23-hour DST day ends at local midnight", () => {
    expect(startOfLocalDay("2026-03-08", TZ)).toEqual(new Date("2026-03-08T05:00:00Z"));
    expect(endOfLocalDay("2026-03-08", TZ)).toEqual(new Date("2026-03-09T04:00:00Z"));
  });
  it("post-dose check due after the clinic's hours", () => expect(postcheckDueAt(new Date("2026-05-04T15:00:00Z"), 3)).toEqual(new Date("2026-05-04T18:00:00Z")));
});

describe("time helpers", () => {
  it("addLocalDays keeps the wall clock across DST", () => {
    expect(addLocalDays(new Date("2026-03-07T14:00:00Z"), 7, TZ)).toEqual(new Date("2026-03-14T13:00:00Z")); // 09:00 EST -> 09:00 EDT
  });
  it("localDaysBetween counts calendar days", () => {
    expect(localDaysBetween(new Date("2026-05-05T03:30:00Z"), new Date("2026-05-05T04:30:00Z"), TZ)).toBe(1); // 23:30 -> 00:30
    expect(localDaysBetween(new Date("2026-05-05T03:30:00Z"), new Date("2026-05-05T04:30:00Z"), "UTC")).toBe(0);
  });
  it("refuses a non-date", () => expect(() => startOfLocalDay("2026-13-01", TZ)).toThrow(RangeError));
});
