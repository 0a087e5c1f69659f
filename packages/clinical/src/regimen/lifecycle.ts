/**
 * Regimen state machine, DOMAIN.md §2 "Regimen" (`planned -> active <-> paused -> completed |
 * stopped`), as issue 13 details it:
 *
 * | From            | Event    | To        | Why |
 * |-----------------|----------|-----------|-----|
 * | planned         | activate | active    | the pharmacy's fill notice, or the patient confirms receipt |
 * | planned         | stop     | stopped   | prescription cancelled before it was filled, plan stop |
 * | active          | pause    | paused    | A1 (C), A4 critical, missed follow-up > N days (A8), eligibility expired/invalidated, plan, clinician |
 * | active, paused  | complete | completed | every prescribed session taken or follow-up ends the course |
 * | active, paused  | stop     | stopped   | plan stop / switch to in-office, prescription cancelled, clinician |
 * | paused          | resume   | active    | a clinician clears it (the service checks the pausing alert is resolved) |
 *
 * completed and stopped are terminal: a new prescription makes a new regimen.
 */
import type { FormularyForm } from "../prescribing/formulary";
import { DOSE_UNIT } from "../prescribing/formulary";
import type { FollowUpPlan } from "../followup/plan";
import { addCalendarDays, daysBetween, isCalendarDate } from "../prescribing/dates";

export const REGIMEN_STATUSES = ["planned", "active", "paused", "completed", "stopped"] as const;
export type RegimenStatus = (typeof REGIMEN_STATUSES)[number];

export const TERMINAL_REGIMEN_STATUSES: readonly RegimenStatus[] = ["completed", "stopped"];

/** `regimen.pause_reason` codes. */
export const REGIMEN_PAUSE_REASONS = ["alert_A1", "alert_A4", "missed_follow_up", "eligibility_expired", "eligibility_invalidated", "plan_pause", "clinician"] as const;
export type RegimenPauseReason = (typeof REGIMEN_PAUSE_REASONS)[number];

/** `regimen.end_reason` codes for a stop. */
export const REGIMEN_STOP_REASONS = ["plan_stop", "switch_to_in_office", "prescription_cancelled", "clinician"] as const;
export type RegimenStopReason = (typeof REGIMEN_STOP_REASONS)[number];

export type RegimenActivationSource = "fill" | "patient_receipt";

export type RegimenEvent =
  | { type: "activate"; source: RegimenActivationSource }
  | { type: "pause"; reason: RegimenPauseReason }
  | { type: "resume" }
  | { type: "complete" }
  | { type: "stop"; reason: RegimenStopReason };

export type RegimenEventType = RegimenEvent["type"];

/** The table above as data (the database trigger mirrors it). */
export const REGIMEN_TRANSITIONS: Readonly<Record<RegimenEventType, { from: readonly RegimenStatus[]; to: RegimenStatus }>> = {
  activate: { from: ["planned"], to: "active" },
  pause: { from: ["active"], to: "paused" },
  resume: { from: ["paused"], to: "active" },
  complete: { from: ["active", "paused"], to: "completed" },
  stop: { from: ["planned", "active", "paused"], to: "stopped" },
};

export type RegimenTransition = { ok: true; from: RegimenStatus; to: RegimenStatus } | { ok: false; code: "invalid_transition" | "already_in_state"; message: string };

const EVENT_WORDS: Readonly<Record<RegimenEventType, string>> = {
  activate: "started",
  pause: "paused",
  resume: "resumed",
  complete: "completed",
  stop: "stopped",
};

/** One step of the regimen state machine. `already_in_state` lets system callers treat a repeat as a no-op. */
export function transitionRegimen(status: RegimenStatus, event: RegimenEvent): RegimenTransition {
  const rule = REGIMEN_TRANSITIONS[event.type];
  if (rule.from.includes(status)) return { ok: true, from: status, to: rule.to };
  if (status === rule.to) return { ok: false, code: "already_in_state", message: `The regimen is already ${status}.` };
  if (TERMINAL_REGIMEN_STATUSES.includes(status)) {
    return { ok: false, code: "invalid_transition", message: `The regimen is ${status} and cannot be ${EVENT_WORDS[event.type]}; a new prescription starts a new regimen.` };
  }
  if (status === "planned") {
    return { ok: false, code: "invalid_transition", message: `The regimen has not started yet (the medicine has not been received), so it cannot be ${EVENT_WORDS[event.type]}.` };
  }
  if (event.type === "activate") return { ok: false, code: "invalid_transition", message: "The regimen has already started; resume it instead." };
  return { ok: false, code: "invalid_transition", message: `A regimen that is ${status} cannot be ${EVENT_WORDS[event.type]}.` };
}

/**
 * What a signed follow-up plan does to the regimen (DOMAIN.md §8 "P"): pause pauses; stop and
 * switch to in-office stop the at-home regimen; continue resumes a paused one (a no-op on an
 * active one, which the caller sees as `already_in_state`); titrate leaves it until the new
 * prescription replaces it; refer leaves it for the clinician to decide.
 */
export function planEffect(plan: Pick<FollowUpPlan, "action">): RegimenEvent | null {
  switch (plan.action) {
    case "pause":
      return { type: "pause", reason: "plan_pause" };
    case "stop":
      return { type: "stop", reason: "plan_stop" };
    case "switch_to_in_office":
      return { type: "stop", reason: "switch_to_in_office" };
    case "continue":
      return { type: "resume" };
    case "titrate":
    case "refer":
      return null;
  }
}

/** Plain words for the patient, per pause reason (no clinical detail beyond what they reported). */
export const PAUSE_REASON_TEXT: Readonly<Record<RegimenPauseReason, string>> = {
  alert_A1: "Your sessions are on hold until your care team has talked with you about your last check-in.",
  alert_A4: "Your sessions are on hold until your care team has talked with you about how your last session went.",
  missed_follow_up: "Your sessions are on hold because your follow-up visit has not happened yet. Book a follow-up to continue.",
  eligibility_expired: "Your sessions are on hold until your clinician reviews your treatment again. Book a follow-up visit.",
  eligibility_invalidated: "Your sessions are on hold while your clinician reviews your treatment. They will contact you.",
  plan_pause: "Your clinician has paused your sessions. Follow the plan you agreed at your last visit.",
  clinician: "Your clinician has paused your sessions. They will contact you about next steps.",
};

export interface RegimenFromPrescriptionInput {
  /** Dispensed quantity in the dispense unit (troches, tablets, or mL of nasal spray). */
  quantity: number;
  /** Dose units per session (troches, tablets, sprays). */
  unitsPerSession: number;
  daysBetweenSessions: number;
  firstSessionDate: string;
  nextFollowUpDate: string | null;
  form: FormularyForm;
  /** Strength of one dose unit. */
  strengthMg: number;
  drugName: string;
  /** Dose units per dispensed unit: 1 for troches and tablets, sprays per mL for nasal spray. */
  doseUnitsPerDispenseUnit?: number;
}

export interface RegimenPlan {
  unitsPerSession: number;
  daysBetweenSessions: number;
  /** floor(dose units prescribed / units per session). */
  sessionsPrescribed: number;
  /** In dose units (what the patient logs). */
  unitsPrescribed: number;
  unitLabel: string;
  unitLabelPlural: string;
  doseMgPerSession: number;
  /** e.g. "Ketamine HCl 100 mg troche". */
  productLabel: string;
  firstSessionDate: string;
  nextFollowUpDate: string | null;
}

/** The regimen a signed prescription sets up (numbers re-derived so the chart and the gate agree). */
export function regimenFromPrescription(p: RegimenFromPrescriptionInput): RegimenPlan {
  const perDispense = p.doseUnitsPerDispenseUnit ?? 1;
  if (!(p.quantity > 0)) throw new RangeError("quantity must be positive");
  if (!(p.unitsPerSession > 0)) throw new RangeError("unitsPerSession must be positive");
  if (!(perDispense > 0)) throw new RangeError("doseUnitsPerDispenseUnit must be positive");
  if (!Number.isInteger(p.daysBetweenSessions) || p.daysBetweenSessions < 1) throw new RangeError("daysBetweenSessions must be a whole number of at least 1");
  if (!isCalendarDate(p.firstSessionDate)) throw new RangeError(`firstSessionDate is not a calendar date: "${p.firstSessionDate}"`);
  if (p.nextFollowUpDate !== null && !isCalendarDate(p.nextFollowUpDate)) throw new RangeError(`nextFollowUpDate is not a calendar date: "${p.nextFollowUpDate}"`);
  const unitsPrescribed = round(p.quantity * perDispense);
  // The epsilon keeps 0.3 * 10 / 0.3 from flooring to 9.
  const sessionsPrescribed = Math.floor(unitsPrescribed / p.unitsPerSession + 1e-9);
  const unit = DOSE_UNIT[p.form];
  return {
    unitsPerSession: p.unitsPerSession,
    daysBetweenSessions: p.daysBetweenSessions,
    sessionsPrescribed,
    unitsPrescribed,
    unitLabel: unit.one,
    unitLabelPlural: unit.many,
    doseMgPerSession: round(p.unitsPerSession * p.strengthMg),
    productLabel: `${p.drugName} ${round(p.strengthMg)} mg ${unit.one}`,
    firstSessionDate: p.firstSessionDate,
    nextFollowUpDate: p.nextFollowUpDate,
  };
}

export interface NextSessionInput {
  firstSessionDate: string;
  /** The patient-local day of the last taken dose; null before the first. */
  lastTakenDate: string | null;
  daysBetweenSessions: number;
  /** The patient's local today. */
  today: string;
}

export interface NextSession {
  /** The day the next session is scheduled for: the earliest allowed day, or today if that has passed. */
  scheduledDate: string;
  /** The first day a session is allowed (DOMAIN.md §7 A6 minimum interval; the first session date). */
  earliestDate: string;
}

/** The next session's day; a missed day rolls forward to today, never before the minimum interval. */
export function nextSessionDate(i: NextSessionInput): NextSession {
  const earliestByInterval = i.lastTakenDate === null ? i.firstSessionDate : addCalendarDays(i.lastTakenDate, i.daysBetweenSessions);
  const earliestDate = earliestByInterval < i.firstSessionDate ? i.firstSessionDate : earliestByInterval;
  return { scheduledDate: earliestDate < i.today ? i.today : earliestDate, earliestDate };
}

/**
 * DOMAIN.md §7 A8 closing the loop: pause when the follow-up due on `nextFollowUpDate` has not
 * happened more than `pauseDays` after it. A follow-up completed from `pauseDays` before the date
 * on counts (an earlier rebooking); the signed note then sets the next date.
 */
export function followUpLapsed(i: { nextFollowUpDate: string | null; lastCompletedFollowUpDate: string | null; today: string; pauseDays: number }): boolean {
  if (i.nextFollowUpDate === null) return false;
  if (daysBetween(i.nextFollowUpDate, i.today) <= i.pauseDays) return false;
  return i.lastCompletedFollowUpDate === null || daysBetween(i.lastCompletedFollowUpDate, i.nextFollowUpDate) > i.pauseDays;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
