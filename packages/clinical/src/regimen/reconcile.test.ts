import { describe, expect, it } from "vitest";

import { isEarlyRenewal, reconcile, type ReconcileInput } from "./reconcile";

const day = (d: number, h = 15) => new Date(Date.UTC(2026, 4, d, h));
const base: ReconcileInput = {
  unitsDispensed: 6,
  doses: [
    { takenAt: day(4), unitsTaken: 1 },
    { takenAt: day(11), unitsTaken: 1 },
  ],
  sessionsPrescribed: 6,
  daysBetweenSessions: 7,
  earlyAttempts: 0,
  lostReports: [],
  renewalRequests: [],
  timezone: "America/New_York",
};

describe("reconcile (A6 evidence for the prescriber)", () => {
  it("a clean record has no flags", () => {
    expect(reconcile(base)).toEqual({
      unitsDispensed: 6,
      unitsLogged: 2,
      unitsReportedLost: 0,
      expectedOnHand: 4,
      sessionsTaken: 2,
      sessionsPrescribed: 6,
      overSessions: 0,
      intervalViolations: 0,
      earlyRenewals: 0,
      flags: [],
    });
  });
  it("units logged > dispensed", () => {
    const r = reconcile({ ...base, unitsDispensed: 1 });
    expect(r.expectedOnHand).toBe(-1);
    expect(r.flags.map((f) => f.code)).toEqual(["units_over_dispensed"]);
    expect(r.flags[0]!.message).toBe("2 units logged but only 1 dispensed.");
  });
  it("units logged == dispensed is fine", () => expect(reconcile({ ...base, unitsDispensed: 2 }).flags).toEqual([]));
  it("more sessions than prescribed", () => {
    const r = reconcile({ ...base, sessionsPrescribed: 1 });
    expect(r.overSessions).toBe(1);
    expect(r.flags.map((f) => f.code)).toEqual(["over_sessions"]);
  });
  it("interval violations count doses fewer than N calendar days apart (unsorted input)", () => {
    const r = reconcile({ ...base, doses: [{ takenAt: day(11), unitsTaken: 1 }, { takenAt: day(4), unitsTaken: 1 }, { takenAt: day(18), unitsTaken: 1 }] });
    expect(r.intervalViolations).toBe(0);
    expect(reconcile({ ...base, doses: [...base.doses, { takenAt: day(18), unitsTaken: 1 }, { takenAt: day(24), unitsTaken: 1 }] }).intervalViolations).toBe(1);
  });
  it("early attempts, lost reports and early renewals are flagged; lost units reduce what is expected on hand", () => {
    const r = reconcile({
      ...base,
      earlyAttempts: 2,
      lostReports: [{ units: 1.5 }],
      renewalRequests: [
        { requestedAt: day(12), sessionsRemaining: 4 },
        { requestedAt: day(30), sessionsRemaining: 1 },
      ],
    });
    expect(r.expectedOnHand).toBe(2.5);
    expect(r.earlyRenewals).toBe(1);
    expect(r.flags.map((f) => f.code)).toEqual(["early_attempts", "lost_or_stolen", "early_renewal"]);
  });
  it("a renewal with one session or fewer left is on time", () => {
    expect(isEarlyRenewal(1)).toBe(false);
    expect(isEarlyRenewal(2)).toBe(true);
  });
});
