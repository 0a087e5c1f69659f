/**
 * Dose session state machine (DOMAIN.md §2 "Dose session": `scheduled -> precheck_passed |
 * precheck_failed -> taken -> postcheck_submitted`; `scheduled -> missed`) and its clocks.
 * A session that passed its gate but was never logged also becomes missed (A10).
 */
import { endOfLocalDay } from "./time";

export const DOSE_SESSION_STATUSES = ["scheduled", "precheck_passed", "precheck_failed", "taken", "postcheck_submitted", "missed"] as const;
export type DoseSessionStatus = (typeof DOSE_SESSION_STATUSES)[number];

export type DoseSessionEvent = "precheck_pass" | "precheck_fail" | "take" | "postcheck" | "miss";

export const DOSE_SESSION_TRANSITIONS: Readonly<Record<DoseSessionEvent, { from: readonly DoseSessionStatus[]; to: DoseSessionStatus }>> = {
  precheck_pass: { from: ["scheduled"], to: "precheck_passed" },
  precheck_fail: { from: ["scheduled"], to: "precheck_failed" },
  // Only a passed gate unlocks the session (issue 13 §2).
  take: { from: ["precheck_passed"], to: "taken" },
  postcheck: { from: ["taken"], to: "postcheck_submitted" },
  miss: { from: ["scheduled", "precheck_passed"], to: "missed" },
};

const REFUSALS: Readonly<Record<DoseSessionEvent, string>> = {
  precheck_pass: "The safety check for this session has already been done.",
  precheck_fail: "The safety check for this session has already been done.",
  take: "Complete the safety check first: only a passed check unlocks the session.",
  postcheck: "The after-session check opens once the session is logged.",
  miss: "Only a session that has not been taken can be marked missed.",
};

export function transitionDoseSession(status: DoseSessionStatus, event: DoseSessionEvent): { ok: true; to: DoseSessionStatus } | { ok: false; code: "invalid_transition" | "already_in_state"; message: string } {
  const rule = DOSE_SESSION_TRANSITIONS[event];
  if (rule.from.includes(status)) return { ok: true, to: rule.to };
  if (status === rule.to) return { ok: false, code: "already_in_state", message: `This session is already ${status.replace(/_/g, " ")}.` };
  if (status === "missed") return { ok: false, code: "invalid_transition", message: "This session was missed. Your next session is scheduled separately." };
  if (status === "precheck_failed" && event === "take") return { ok: false, code: "invalid_transition", message: "This session's safety check did not pass, so it cannot be taken. Follow the advice you were given." };
  return { ok: false, code: "invalid_transition", message: REFUSALS[event] };
}

/** A10: the instant a session not yet taken counts as missed: the end of its local day + grace. */
export function sessionMissedAt(scheduledDate: string, timeZone: string, graceHours: number): Date {
  return new Date(endOfLocalDay(scheduledDate, timeZone).getTime() + graceHours * 3_600_000);
}

/** A10: true when the sweep should mark this session missed now. */
export function isSessionMissed(i: { status: DoseSessionStatus; scheduledDate: string; timezone: string; graceHours: number; now: Date }): boolean {
  if (!DOSE_SESSION_TRANSITIONS.miss.from.includes(i.status)) return false;
  return i.now >= sessionMissedAt(i.scheduledDate, i.timezone, i.graceHours);
}

/** When the post-dose check falls due (clinic setting, default 3 h after the dose). */
export function postcheckDueAt(takenAt: Date, postDoseCheckHours: number): Date {
  return new Date(takenAt.getTime() + postDoseCheckHours * 3_600_000);
}
