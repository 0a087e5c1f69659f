/**
 * Units reconciliation for the prescriber (DOMAIN.md §7 A6 diversion signals; issue 13 §8): units
 * dispensed by the pharmacy's fill notices against units logged, doses before the minimum interval,
 * more sessions than prescribed, gate attempts refused as too soon, early renewal requests and
 * lost/stolen reports. Evidence only: the prescriber decides.
 */
import { localDaysBetween } from "./time";

export interface ReconcileInput {
  /** Sum of pharmacy fills, in dose units. */
  unitsDispensed: number;
  doses: readonly { takenAt: Date; unitsTaken: number }[];
  sessionsPrescribed: number;
  daysBetweenSessions: number;
  /** Gate attempts refused as too soon. */
  earlyAttempts: number;
  lostReports: readonly { units: number; reportedAt?: Date }[];
  renewalRequests: readonly { requestedAt: Date; sessionsRemaining: number }[];
  /** Patient's zone for calendar-day intervals; UTC when absent. */
  timezone?: string;
}

export type ReconcileFlagCode = "units_over_dispensed" | "over_sessions" | "interval_violation" | "early_attempts" | "lost_or_stolen" | "early_renewal";

export interface ReconcileFlag {
  code: ReconcileFlagCode;
  /** For the prescriber. */
  message: string;
}

export interface Reconciliation {
  unitsDispensed: number;
  unitsLogged: number;
  unitsReportedLost: number;
  /** Dispensed - logged - reported lost; negative means more logged than dispensed. */
  expectedOnHand: number;
  sessionsTaken: number;
  sessionsPrescribed: number;
  /** Sessions taken beyond those prescribed. */
  overSessions: number;
  /** Doses taken fewer than daysBetweenSessions calendar days after the previous one. */
  intervalViolations: number;
  earlyRenewals: number;
  flags: ReconcileFlag[];
}

/** A renewal asked for with more than this many sessions still on hand is early (A6). */
export const EARLY_RENEWAL_SESSIONS_LEFT = 1;

export function isEarlyRenewal(sessionsRemaining: number, threshold = EARLY_RENEWAL_SESSIONS_LEFT): boolean {
  return sessionsRemaining > threshold;
}

export function reconcile(i: ReconcileInput): Reconciliation {
  const tz = i.timezone ?? "UTC";
  const doses = [...i.doses].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  const unitsLogged = round(doses.reduce((s, d) => s + d.unitsTaken, 0));
  const unitsReportedLost = round(i.lostReports.reduce((s, r) => s + r.units, 0));
  const expectedOnHand = round(i.unitsDispensed - unitsLogged - unitsReportedLost);
  const sessionsTaken = doses.length;
  const overSessions = Math.max(0, sessionsTaken - i.sessionsPrescribed);
  let intervalViolations = 0;
  for (let k = 1; k < doses.length; k++) {
    if (localDaysBetween(doses[k - 1]!.takenAt, doses[k]!.takenAt, tz) < i.daysBetweenSessions) intervalViolations++;
  }
  const earlyRenewals = i.renewalRequests.filter((r) => isEarlyRenewal(r.sessionsRemaining)).length;

  const flags: ReconcileFlag[] = [];
  if (unitsLogged > i.unitsDispensed) flags.push({ code: "units_over_dispensed", message: `${num(unitsLogged)} units logged but only ${num(i.unitsDispensed)} dispensed.` });
  if (overSessions > 0) flags.push({ code: "over_sessions", message: `${sessionsTaken} sessions logged; ${i.sessionsPrescribed} prescribed.` });
  if (intervalViolations > 0) flags.push({ code: "interval_violation", message: `${intervalViolations} dose(s) taken less than ${i.daysBetweenSessions} days after the one before.` });
  if (i.earlyAttempts > 0) flags.push({ code: "early_attempts", message: `${i.earlyAttempts} attempt(s) to start a session before the minimum interval.` });
  if (i.lostReports.length) flags.push({ code: "lost_or_stolen", message: `${i.lostReports.length} lost or stolen report(s), ${num(unitsReportedLost)} units.` });
  if (earlyRenewals > 0) flags.push({ code: "early_renewal", message: `${earlyRenewals} renewal request(s) with more than ${EARLY_RENEWAL_SESSIONS_LEFT} session(s) still on hand.` });
  return {
    unitsDispensed: i.unitsDispensed,
    unitsLogged,
    unitsReportedLost,
    expectedOnHand,
    sessionsTaken,
    sessionsPrescribed: i.sessionsPrescribed,
    overSessions,
    intervalViolations,
    earlyRenewals,
    flags,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function num(n: number): string {
  return String(round(n));
}
