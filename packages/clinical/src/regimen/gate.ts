/**
 * The pre-dose safety gate (DOMAIN.md §2 "Dose session" pre-check; §7 A3, A5, A6; issue 13 §2):
 * blood pressure (a second reading after rest when the first is above the clinic's limit), the
 * support person present and confirmed by their code, no alcohol or sedatives today, no driving
 * plan, how the patient feels, the minimum interval since the last session and sessions left.
 * Only `passed` unlocks the session. The clock and the patient's zone are passed in.
 */
import { classifyBp, ruleA3, ruleA6, type A6Signal, type AlertRuleHit, type BpReading, bpReadingProblem } from "../alerts/rules";
import type { SafetySettings } from "../alerts/settings";
import type { RegimenStatus } from "./lifecycle";
import { addCalendarDays } from "../prescribing/dates";
import { localDate } from "../scheduling/slots";
import { localDaysBetween } from "./time";

export const FEELINGS = ["calm", "anxious", "unwell", "in_crisis"] as const;
export type Feeling = (typeof FEELINGS)[number];

export interface PrecheckAnswers {
  supportPresent: boolean;
  alcoholOrSedativesToday: boolean;
  drivingPlan: boolean;
  feeling: Feeling;
  /** Advice only (the clinic's fasting rule): does not block. */
  fastingFollowed: boolean;
  /** Advice only: does not block. */
  calmPlace: boolean;
}

/** `dose_session.precheck_failed_reasons` codes. */
export const GATE_FAIL_CODES = [
  "bp_high",
  "bp_urgent",
  "support_absent",
  "alcohol_or_sedatives",
  "driving_plan",
  "feeling_unwell",
  "in_crisis",
  "too_soon",
  "sessions_exhausted",
  "regimen_not_active",
  "support_unconfirmed",
] as const;
export type GateFailCode = (typeof GATE_FAIL_CODES)[number];

export interface FailReason {
  code: GateFailCode;
  /** Plain words for the patient: what happened and what to do. */
  message: string;
}

/** Shown with `in_crisis` (DOMAIN.md §6 item-9 wording). */
export const CRISIS_RESOURCES = "If you are thinking about hurting yourself, call or text 988 (Suicide & Crisis Lifeline) or chat at 988lifeline.org. Call 911 if you are in immediate danger.";

/** Static messages per code (for a stored failed session read back later). */
export const GATE_FAIL_MESSAGES: Readonly<Record<GateFailCode, string>> = {
  bp_high: "Your blood pressure was still too high after resting, so you cannot take this session today. Your care team has been told and will review it. Do not take the medicine today.",
  bp_urgent: "Your blood pressure is very high. Seek urgent care now: go to urgent care or an emergency department, or call 911 if you have chest pain, a severe headache, trouble breathing or weakness. Do not take the medicine.",
  support_absent: "Your support person must be with you during the session and for a few hours after it. Start the check again when they are with you.",
  alcohol_or_sedatives: "Do not take your session on a day you have had alcohol or sedatives that were not prescribed. Try again on another day.",
  driving_plan: "Do not drive or use machinery until the next day, after sleep. Change your plans, then start the check again.",
  feeling_unwell: "You said you feel unwell. Skip this session and try again when you feel better; message your care team if it continues.",
  in_crisis: `Do not take your session now. ${CRISIS_RESOURCES}`,
  too_soon: "It is too soon since your last session. Wait until the date shown for your next session.",
  sessions_exhausted: "You have no sessions left on this prescription. Your prescriber will talk with you at your follow-up.",
  regimen_not_active: "Your sessions are not active right now. Check the regimen page for what to do next.",
  support_unconfirmed: "Ask your support person to confirm they are with you on their phone, then enter the 6-digit code they see.",
};

export interface GateInput {
  bp1: BpReading;
  bp1At: Date;
  bp2?: BpReading | null;
  bp2At?: Date | null;
  answers: PrecheckAnswers;
  /** The support person's one-time code was verified for this session. */
  supportConfirmed: boolean;
  lastTakenAt: Date | null;
  daysBetweenSessions: number;
  sessionsTaken: number;
  sessionsPrescribed: number;
  unitsOnHand: number;
  unitsPerSession: number;
  regimenStatus: RegimenStatus;
  now: Date;
  /** The patient's IANA zone: calendar days for the interval are counted in it. */
  timezone: string;
}

export type GateSettings = Pick<SafetySettings, "bpSystolicMax" | "bpDiastolicMax" | "bpUrgentSystolic" | "bpUrgentDiastolic" | "bpRecheckRestMinutes">;

export type GateOutcome =
  | { kind: "needs_recheck"; restUntil: Date; message: string }
  | { kind: "passed"; advice: string[] }
  | {
      kind: "failed";
      reasons: FailReason[];
      alerts: AlertRuleHit[];
      /** A3 critical: "seek urgent care" shown at once. */
      urgentCare: boolean;
      /** The patient said they are in crisis: 988 / 911 shown. */
      crisis: boolean;
    };

/** The first calendar day (patient-local) a session is allowed after `lastTakenAt` (DOMAIN.md §7 A6). */
export function earliestSessionDate(lastTakenAt: Date, daysBetweenSessions: number, timezone: string): string {
  return addCalendarDays(localDate(lastTakenAt, timezone), daysBetweenSessions);
}

export function evaluateGate(input: GateInput, s: GateSettings): GateOutcome {
  const problem = bpReadingProblem(input.bp1) ?? (input.bp2 ? bpReadingProblem(input.bp2) : null);
  if (problem) throw new RangeError(problem);
  if (input.bp2 && !input.bp2At) throw new RangeError("A second reading needs its time");

  const reasons: FailReason[] = [];
  const alerts: AlertRuleHit[] = [];
  const a6: A6Signal[] = [];
  const fail = (code: GateFailCode, message = GATE_FAIL_MESSAGES[code]) => reasons.push({ code, message });

  if (input.regimenStatus !== "active") fail("regimen_not_active");

  // A6: more sessions than prescribed is a diversion signal; too few units on hand only blocks.
  if (input.sessionsTaken >= input.sessionsPrescribed) {
    fail("sessions_exhausted");
    a6.push({ kind: "over_sessions", sessionsAttempted: input.sessionsTaken + 1, sessionsPrescribed: input.sessionsPrescribed });
  } else if (input.unitsOnHand < input.unitsPerSession) {
    fail("sessions_exhausted", "You do not have enough medicine on hand for a full session. Message your care team; do not take a partial dose.");
  }

  // A6: fewer than daysBetweenSessions calendar days (patient-local) since the last dose.
  if (input.lastTakenAt) {
    const days = localDaysBetween(input.lastTakenAt, input.now, input.timezone);
    if (days < input.daysBetweenSessions) {
      const earliest = earliestSessionDate(input.lastTakenAt, input.daysBetweenSessions, input.timezone);
      fail("too_soon", `It is too soon since your last session: sessions are at least ${input.daysBetweenSessions} days apart. Your next session can be on ${earliest} or later.`);
      a6.push({ kind: "too_soon", daysSinceLast: days, minDays: input.daysBetweenSessions });
    }
  }

  const a = input.answers;
  // A5: the in-app block; no alert (a dose cannot be logged through a failed gate).
  if (!a.supportPresent) fail("support_absent");
  else if (!input.supportConfirmed) fail("support_unconfirmed");
  if (a.alcoholOrSedativesToday) fail("alcohol_or_sedatives");
  if (a.drivingPlan) fail("driving_plan");
  if (a.feeling === "in_crisis") fail("in_crisis");
  else if (a.feeling === "unwell") fail("feeling_unwell");

  // A3: an urgent first reading decides at once; a high one needs a second reading after rest.
  let urgentCare = false;
  const c1 = classifyBp(input.bp1, s);
  const restUntil = new Date(input.bp1At.getTime() + s.bpRecheckRestMinutes * 60_000);
  const recheckValid = input.bp2 && input.bp2At && input.bp2At >= restUntil ? input.bp2 : null;
  if (c1 === "urgent") {
    urgentCare = true;
    fail("bp_urgent");
    alerts.push(ruleA3({ reading: input.bp1, afterRecheck: false }, s)!);
  } else if (c1 === "high") {
    if (recheckValid) {
      const c2 = classifyBp(recheckValid, s);
      const hit = ruleA3({ reading: recheckValid, afterRecheck: true, firstReading: input.bp1 }, s);
      if (c2 === "urgent") {
        urgentCare = true;
        fail("bp_urgent");
      } else if (c2 === "high") fail("bp_high");
      if (hit) alerts.push(hit);
    } else if (!reasons.length) {
      // Nothing else blocks: rest and measure again (a reading taken too early is ignored).
      return {
        kind: "needs_recheck",
        restUntil,
        message: `Your blood pressure is above ${s.bpSystolicMax}/${s.bpDiastolicMax}. Sit quietly for ${s.bpRecheckRestMinutes} minute${s.bpRecheckRestMinutes === 1 ? "" : "s"}, then measure it again.`,
      };
    }
  }

  const a6Hit = ruleA6(a6);
  if (a6Hit) alerts.push(a6Hit);
  if (reasons.length) {
    // The most urgent guidance first.
    reasons.sort((x, y) => GATE_FAIL_ORDER.indexOf(x.code) - GATE_FAIL_ORDER.indexOf(y.code));
    return { kind: "failed", reasons, alerts, urgentCare, crisis: a.feeling === "in_crisis" };
  }
  const advice: string[] = [];
  if (!a.fastingFollowed) advice.push("You said you have not followed the fasting rule. Nausea is more likely; keep a bowl nearby and sit upright.");
  if (!a.calmPlace) advice.push("Move somewhere calm and safe where you can sit or lie down before you start.");
  return { kind: "passed", advice };
}

const GATE_FAIL_ORDER: readonly GateFailCode[] = [
  "bp_urgent",
  "in_crisis",
  "bp_high",
  "feeling_unwell",
  "regimen_not_active",
  "sessions_exhausted",
  "too_soon",
  "support_absent",
  "support_unconfirmed",
  "alcohol_or_sedatives",
  "driving_plan",
];
