/**
 * Check-in scheduling and its state machine (DOMAIN.md §2 "Check-in": `due -> submitted ->
 * scored`; `due -> overdue -> missed`; §6 cadence: pre-first-dose, weekly, pre-follow-up; §7 A7).
 * `dueCheckIns` is idempotent: pass back what exists and nothing is proposed twice (the table's
 * unique (patient, kind, due_at) is the backstop). Wall-clock times are kept in the patient's zone.
 */
import type { CheckInCadence } from "../followup/plan";
import { addLocalDays } from "../regimen/time";

export const CHECK_IN_KINDS = ["weekly", "pre_follow_up", "pre_first_dose"] as const;
export type CheckInKind = (typeof CHECK_IN_KINDS)[number];

export const CHECK_IN_STATUSES = ["due", "overdue", "submitted", "scored", "missed"] as const;
export type CheckInStatus = (typeof CHECK_IN_STATUSES)[number];

/** Days between cadence check-ins; monthly is every 4 weeks so the weekday stays put. */
export const CADENCE_DAYS: Readonly<Record<CheckInCadence, number | null>> = { weekly: 7, every_2_weeks: 14, monthly: 28, none: null };

/** A cadence check-in this close to a pre-follow-up one is not created (one questionnaire covers both). */
export const MERGE_WINDOW_HOURS = 48;

export interface ScheduleInput {
  cadence: CheckInCadence;
  /** Cadence check-ins count from here; null = regimen not active, no cadence check-ins. */
  regimenActivatedAt: Date | null;
  existing: readonly { kind: CheckInKind; dueAt: Date; appointmentId?: string | null }[];
  /** Booked follow-up visits. */
  followUps: readonly { appointmentId: string; startsAt: Date }[];
  preFollowUpDays: number;
  now: Date;
  /** Propose check-ins due up to now + this many days. */
  horizonDays: number;
  /** The patient's zone (default UTC): keeps the due time of day across DST. */
  timezone?: string;
  /**
   * The first taken dose; pass null while none is taken to propose the pre-first-dose check-in
   * (the fresh baseline, DOMAIN.md §6), undefined to skip it.
   */
  firstDoseTakenAt?: Date | null;
}

export interface ProposedCheckIn {
  kind: CheckInKind;
  dueAt: Date;
  appointmentId?: string;
}

const HOUR = 3_600_000;

export function dueCheckIns(i: ScheduleInput): ProposedCheckIn[] {
  const tz = i.timezone ?? "UTC";
  const horizon = addLocalDays(i.now, i.horizonDays, tz);
  const exists = (kind: CheckInKind, dueAt: Date) => i.existing.some((e) => e.kind === kind && e.dueAt.getTime() === dueAt.getTime());
  const out: ProposedCheckIn[] = [];

  if (i.regimenActivatedAt && i.firstDoseTakenAt === null && !i.existing.some((e) => e.kind === "pre_first_dose")) {
    out.push({ kind: "pre_first_dose", dueAt: i.regimenActivatedAt });
  }

  // One per upcoming follow-up, N days before it (never before the regimen started).
  const preFollowUps: Date[] = i.existing.filter((e) => e.kind === "pre_follow_up").map((e) => e.dueAt);
  for (const f of i.followUps) {
    if (f.startsAt <= i.now) continue;
    if (i.existing.some((e) => e.kind === "pre_follow_up" && e.appointmentId === f.appointmentId)) continue;
    let dueAt = addLocalDays(f.startsAt, -i.preFollowUpDays, tz);
    if (i.regimenActivatedAt && dueAt < i.regimenActivatedAt && i.regimenActivatedAt < f.startsAt) dueAt = i.regimenActivatedAt;
    if (dueAt > horizon || exists("pre_follow_up", dueAt)) continue;
    out.push({ kind: "pre_follow_up", dueAt, appointmentId: f.appointmentId });
    preFollowUps.push(dueAt);
  }

  // Cadence: the latest occurrence already due (if none exists) and every one up to the horizon.
  const step = CADENCE_DAYS[i.cadence];
  if (i.regimenActivatedAt && step !== null) {
    const anchor = i.regimenActivatedAt;
    const nearPreFollowUp = (d: Date) => preFollowUps.some((p) => Math.abs(p.getTime() - d.getTime()) < MERGE_WINDOW_HOURS * HOUR);
    let latestPast: Date | null = null;
    for (let k = 1; ; k++) {
      const dueAt = addLocalDays(anchor, k * step, tz);
      if (dueAt > horizon) break;
      if (dueAt <= i.now) {
        latestPast = dueAt;
        continue;
      }
      if (!exists("weekly", dueAt) && !nearPreFollowUp(dueAt)) out.push({ kind: "weekly", dueAt });
    }
    // Only the latest missed-by-the-scheduler occurrence is back-filled, never a backlog.
    if (latestPast && !exists("weekly", latestPast) && !nearPreFollowUp(latestPast)) {
      const newerExists = i.existing.some((e) => e.kind === "weekly" && e.dueAt >= latestPast);
      if (!newerExists) out.push({ kind: "weekly", dueAt: latestPast });
    }
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** `check_in.overdue_at`: due + the clinic's grace (A7, default 48 h). */
export function checkInOverdueAt(dueAt: Date, graceHours: number): Date {
  return new Date(dueAt.getTime() + graceHours * HOUR);
}

export type CheckInEvent = "submit" | "score" | "overdue" | "miss";

export const CHECK_IN_TRANSITIONS: Readonly<Record<CheckInEvent, { from: readonly CheckInStatus[]; to: CheckInStatus }>> = {
  submit: { from: ["due", "overdue"], to: "submitted" },
  score: { from: ["submitted"], to: "scored" },
  overdue: { from: ["due"], to: "overdue" },
  miss: { from: ["due", "overdue"], to: "missed" },
};

export function checkInTransition(status: CheckInStatus, event: CheckInEvent): { ok: true; to: CheckInStatus } | { ok: false; code: "invalid_transition" | "already_in_state"; message: string } {
  const rule = CHECK_IN_TRANSITIONS[event];
  if (rule.from.includes(status)) return { ok: true, to: rule.to };
  if (status === rule.to || (event === "submit" && status === "scored")) return { ok: false, code: "already_in_state", message: "This check-in has already been sent. Thank you." };
  if (status === "missed") return { ok: false, code: "invalid_transition", message: "This check-in has closed. Your next check-in will appear when it is due." };
  return { ok: false, code: "invalid_transition", message: `A check-in that is ${status} cannot be ${event === "score" ? "scored" : event === "miss" ? "missed" : event === "overdue" ? "overdue" : "sent"}.` };
}

/**
 * The sweep's next step for one check-in, or null: due -> overdue once `overdueAt` passes (A7 LOW
 * + reminder); overdue -> missed once the next one falls due (or, with none, one more grace
 * period after `overdueAt`). One step per call, so each step raises its own alert.
 */
export function overdueStep(i: { status: CheckInStatus; dueAt: Date; overdueAt: Date; now: Date; nextDueAt: Date | null }): "overdue" | "missed" | null {
  if (i.status === "due") return i.now >= i.overdueAt ? "overdue" : null;
  if (i.status === "overdue") {
    const closesAt = i.nextDueAt ?? new Date(i.overdueAt.getTime() + (i.overdueAt.getTime() - i.dueAt.getTime()));
    return i.now >= closesAt ? "missed" : null;
  }
  return null;
}

/** A7: how many check-ins in a row, newest first, ended missed (an overdue one counts as the current miss). */
export function consecutiveMissed(statusesNewestFirst: readonly CheckInStatus[]): number {
  let n = 0;
  for (const s of statusesNewestFirst) {
    if (s === "missed" || s === "overdue") n++;
    else if (s === "due") continue;
    else break;
  }
  return n;
}
