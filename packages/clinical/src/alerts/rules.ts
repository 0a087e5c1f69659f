/**
 * Safety alert rules (DOMAIN.md §7), one pure function per id returning an `AlertRuleHit` or null.
 * The caller raises the hit in the transaction that produced the evidence (A1-A6) or in a
 * scheduled job (A7, A8, A10); dedupe, owner, SLA and tier are the caller's (alerts/sla.ts).
 *
 * | Id  | Trigger                                                                  | Severity                          | Clinical |
 * |-----|--------------------------------------------------------------------------|-----------------------------------|----------|
 * | A1  | PHQ-9 item 9 >= 1 (fixed threshold, DOMAIN §6)                           | CRITICAL; >= 2 also pages backup  | yes |
 * | A2  | PHQ-9 +5 / GAD-7 +4 vs baseline, or entry into PHQ-9 >= 20 / GAD-7 >= 15 | HIGH                              | yes |
 * | A3  | Pre-dose BP > max still high after rest; >= urgent at any reading         | HIGH; CRITICAL + urgent care      | yes |
 * | A4  | Dose log: emergency symptom; other A4 item; any side effect rated severe  | CRITICAL + call 911; HIGH         | yes |
 * | A5  | Dose logged without the support person present                           | HIGH                              | yes |
 * | A6  | Too soon; more sessions than prescribed; units > dispensed; early renewal; lost/stolen | HIGH, prescriber    | yes |
 * | A7  | Check-in overdue > grace; second consecutive miss                        | LOW; MEDIUM                       | no  |
 * | A8  | No-show to a follow-up                                                   | MEDIUM                            | no  |
 * | A9  | eRx dead-letter, terminal Error, CancelRx denied                         | HIGH                              | no  |
 * | A10 | Scheduled dose not logged                                                | LOW                               | yes |
 *
 * `summary` is for the patient's clinicians; `neutralSummary` carries no health information and is
 * what admin and staff may see (DOMAIN.md §1 minimum necessary, 164.502(b)).
 */
import { GAD7_OUTCOMES, PHQ9_OUTCOMES } from "../questionnaires/scoring";
import type { SafetySettings } from "./settings";
import { sideEffect, type ReportedSideEffect } from "./side-effects";

export const ALERT_RULE_IDS = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10"] as const;
export type AlertRuleId = (typeof ALERT_RULE_IDS)[number];

export const ALERT_SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface AlertRuleHit {
  ruleId: AlertRuleId;
  severity: AlertSeverity;
  /** False for A7, A8, A9: admin and staff may work them. */
  clinical: boolean;
  /** For the patient's clinicians. */
  summary: string;
  /** No health information: what admin and staff may see. */
  neutralSummary: string;
  detail: Record<string, number | string | boolean>;
  /** A1 item 9 >= 2: page the backup on-call too. */
  pageBackup?: boolean;
}

/** Rules whose alerts carry no clinical content (DOMAIN.md §7 A7, A8, A9). */
export const NON_CLINICAL_RULES: readonly AlertRuleId[] = ["A7", "A8", "A9"];

export const RULE_TITLES: Readonly<Record<AlertRuleId, string>> = {
  A1: "Thoughts of self-harm reported",
  A2: "Symptoms worsening",
  A3: "High blood pressure before a session",
  A4: "Side effect after a session",
  A5: "Session without the support person",
  A6: "Possible misuse or diversion",
  A7: "Check-in overdue",
  A8: "Missed follow-up visit",
  A9: "Prescription transmission problem",
  A10: "Scheduled session not logged",
};

const NEUTRAL = "An item needs follow-up";

/** A1 (DOMAIN.md §6 item-9 rule, §7): item 9 >= 1 is critical; >= 2 also pages the backup on-call. */
export function ruleA1(input: { item9: number }): AlertRuleHit | null {
  const { item9 } = input;
  if (!Number.isInteger(item9) || item9 < 0 || item9 > 3) throw new RangeError(`PHQ-9 item 9 must be 0-3, got ${item9}`);
  if (item9 < 1) return null;
  return {
    ruleId: "A1",
    severity: "critical",
    clinical: true,
    summary: `PHQ-9 item 9 answered ${item9} of 3 (thoughts of being better off dead or of self-harm). Reach the patient, assess risk and record a plan.`,
    neutralSummary: "An urgent item needs a clinician",
    detail: { item9 },
    ...(item9 >= 2 ? { pageBackup: true } : {}),
  };
}

/** A2 thresholds (C): rises are the MCIDs (PHQ-9 5, GAD-7 4); entry bands are PHQ-9 severe and GAD-7 severe. */
export interface A2Thresholds {
  phq9Rise: number;
  gad7Rise: number;
  phq9Entry: number;
  gad7Entry: number;
}

export const DEFAULT_A2_THRESHOLDS: Readonly<A2Thresholds> = { phq9Rise: PHQ9_OUTCOMES.mcid, gad7Rise: GAD7_OUTCOMES.mcid, phq9Entry: 20, gad7Entry: 15 };

export interface A2Scores {
  current: number;
  /** The last score before the first dose (DOMAIN.md §6); null before treatment. */
  baseline: number | null;
  /** The score just before `current`; null for the first one. */
  previous: number | null;
}

/**
 * A2: worsening against baseline by the rise, or *entry* into the top band: the score before
 * (previous, else baseline) was below the band and this one is in it. A patient already in the band
 * does not re-trigger on entry (the rise still can).
 */
export function ruleA2(input: { phq9?: A2Scores | null; gad7?: A2Scores | null }, t: A2Thresholds = DEFAULT_A2_THRESHOLDS): AlertRuleHit | null {
  const findings: string[] = [];
  const detail: Record<string, number | string | boolean> = {};
  const check = (name: "phq9" | "gad7", label: string, s: A2Scores | null | undefined, rise: number, entry: number) => {
    if (!s) return;
    detail[`${name}Current`] = s.current;
    if (s.baseline !== null) {
      detail[`${name}Baseline`] = s.baseline;
      const change = s.current - s.baseline;
      if (change >= rise) {
        findings.push(`${label} ${s.current}, up ${change} from baseline ${s.baseline} (rise of ${rise}+)`);
        detail[`${name}Rise`] = true;
      }
    }
    const before = s.previous ?? s.baseline;
    if (before !== null && before < entry && s.current >= entry) {
      findings.push(`${label} ${s.current} entered the ${entry}+ band from ${before}`);
      detail[`${name}Entry`] = true;
    }
  };
  check("phq9", "PHQ-9", input.phq9, t.phq9Rise, t.phq9Entry);
  check("gad7", "GAD-7", input.gad7, t.gad7Rise, t.gad7Entry);
  if (!findings.length) return null;
  return {
    ruleId: "A2",
    severity: "high",
    clinical: true,
    summary: `${findings.join("; ")}. Review today and consider an earlier follow-up.`,
    neutralSummary: NEUTRAL,
    detail,
  };
}

export interface BpReading {
  systolic: number;
  diastolic: number;
}

export type BpClass = "ok" | "high" | "urgent";
type BpLimits = Pick<SafetySettings, "bpSystolicMax" | "bpDiastolicMax" | "bpUrgentSystolic" | "bpUrgentDiastolic">;

/** A3: above either limit is high (141/90 and 140/91 high, 140/90 fine); at or above either urgent value is urgent. */
export function classifyBp(r: BpReading, s: BpLimits): BpClass {
  if (r.systolic >= s.bpUrgentSystolic || r.diastolic >= s.bpUrgentDiastolic) return "urgent";
  if (r.systolic > s.bpSystolicMax || r.diastolic > s.bpDiastolicMax) return "high";
  return "ok";
}

/** A plain problem with a reading, or null when it is plausible (validators do the same at the boundary). */
export function bpReadingProblem(r: BpReading): string | null {
  const ok = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (!ok(r.systolic, 60, 300)) return "Enter the top (systolic) number from your blood pressure monitor, between 60 and 300.";
  if (!ok(r.diastolic, 30, 200)) return "Enter the bottom (diastolic) number from your blood pressure monitor, between 30 and 200.";
  if (r.diastolic >= r.systolic) return "The top number is usually larger than the bottom number. Check the reading and enter it again.";
  return null;
}

const bp = (r: BpReading) => `${r.systolic}/${r.diastolic}`;

/**
 * A3: `reading` is the deciding one: an urgent first reading (no recheck needed), or the recheck
 * after rest. `afterRecheck` says whether a high reading has been confirmed by a recheck; a single
 * high reading only blocks (needs_recheck) and raises nothing.
 */
export function ruleA3(input: { reading: BpReading; afterRecheck: boolean; firstReading?: BpReading | null }, s: BpLimits): AlertRuleHit | null {
  const c = classifyBp(input.reading, s);
  const detail: Record<string, number | string | boolean> = { systolic: input.reading.systolic, diastolic: input.reading.diastolic, afterRecheck: input.afterRecheck };
  if (input.firstReading) Object.assign(detail, { firstSystolic: input.firstReading.systolic, firstDiastolic: input.firstReading.diastolic });
  if (c === "urgent") {
    return {
      ruleId: "A3",
      severity: "critical",
      clinical: true,
      summary: `Pre-dose blood pressure ${bp(input.reading)} (urgent: ${s.bpUrgentSystolic}/${s.bpUrgentDiastolic} or above). Session blocked; patient told to seek urgent care. Contact the patient now.`,
      neutralSummary: "An urgent item needs a clinician",
      detail: { ...detail, urgent: true },
    };
  }
  if (c === "high" && input.afterRecheck) {
    const first = input.firstReading ? `${bp(input.firstReading)}, then ` : "";
    return {
      ruleId: "A3",
      severity: "high",
      clinical: true,
      summary: `Pre-dose blood pressure ${first}${bp(input.reading)} after rest (above ${s.bpSystolicMax}/${s.bpDiastolicMax}). Session blocked. Review the blood pressure and document it.`,
      neutralSummary: NEUTRAL,
      detail: { ...detail, urgent: false },
    };
  }
  return null;
}

export interface A4Input {
  sideEffects: readonly ReportedSideEffect[];
  /** Minutes of dissociation reported on the dose log; null when not reported. */
  dissociationMinutes?: number | null;
  /** Post-dose check: false when the dissociation had not worn off by then. */
  dissociationResolved?: boolean | null;
}

/**
 * A4: emergency symptoms are critical and the patient is told to call 911; the other A4 items
 * (dissociation beyond the clinic's window, persistent vomiting, urinary problems) and any other
 * effect rated severe are high. Mild or moderate ordinary effects raise nothing.
 */
export function ruleA4(input: A4Input, s: Pick<SafetySettings, "dissociationWindowMinutes">): AlertRuleHit | null {
  const emergency: string[] = [];
  const high: string[] = [];
  for (const e of input.sideEffects) {
    const def = sideEffect(e.code);
    if (!def) throw new RangeError(`Unknown side effect code "${e.code}"`);
    if (def.emergency) emergency.push(def.label);
    else if (def.a4) high.push(`${def.label} (${e.severity})`);
    else if (e.severity === "severe") high.push(`${def.label} (severe)`);
  }
  const minutes = input.dissociationMinutes ?? null;
  if (minutes !== null && minutes > s.dissociationWindowMinutes) high.push(`Dissociation for ${minutes} minutes (window ${s.dissociationWindowMinutes})`);
  if (input.dissociationResolved === false) high.push("Dissociation not resolved at the post-dose check");
  const uniqueHigh = [...new Set(high)];
  if (!emergency.length && !uniqueHigh.length) return null;
  const critical = emergency.length > 0;
  const parts = [...emergency.map((l) => `${l} (emergency)`), ...uniqueHigh];
  return {
    ruleId: "A4",
    severity: critical ? "critical" : "high",
    clinical: true,
    summary: critical
      ? `Emergency symptom after a session: ${parts.join("; ")}. The patient was told to call 911. Contact the patient now; the regimen is paused and eligibility needs a new decision.`
      : `After a session: ${parts.join("; ")}. Contact the patient today; the regimen is paused and eligibility needs a new decision.`,
    neutralSummary: critical ? "An urgent item needs a clinician" : NEUTRAL,
    detail: { call911: critical, emergencyCount: emergency.length, otherCount: uniqueHigh.length, ...(minutes !== null ? { dissociationMinutes: minutes } : {}) },
  };
}

/** A5: a dose was logged although the support person was not there (the gate blocks this in-app). */
export function ruleA5(input: { supportPresent: boolean; sessionSequence?: number }): AlertRuleHit | null {
  if (input.supportPresent) return null;
  return {
    ruleId: "A5",
    severity: "high",
    clinical: true,
    summary: "A dose was logged without the support person present. Counsel the patient today; a repeat calls for an eligibility review.",
    neutralSummary: NEUTRAL,
    detail: { supportPresent: false, ...(input.sessionSequence !== undefined ? { sessionSequence: input.sessionSequence } : {}) },
  };
}

/** A6 evidence (DOMAIN.md §7): each signal is a reason; one alert carries them all. */
export type A6Signal =
  | { kind: "too_soon"; daysSinceLast: number; minDays: number }
  | { kind: "over_sessions"; sessionsAttempted: number; sessionsPrescribed: number }
  | { kind: "units_over_dispensed"; unitsLogged: number; unitsDispensed: number }
  | { kind: "early_renewal"; sessionsRemaining: number }
  | { kind: "lost_or_stolen"; units: number };

function a6Words(s: A6Signal): string {
  switch (s.kind) {
    case "too_soon":
      return `session attempted ${s.daysSinceLast} day(s) after the last (minimum ${s.minDays})`;
    case "over_sessions":
      return `session ${s.sessionsAttempted} attempted with ${s.sessionsPrescribed} prescribed`;
    case "units_over_dispensed":
      return `${num(s.unitsLogged)} units logged against ${num(s.unitsDispensed)} dispensed`;
    case "early_renewal":
      return `renewal requested with ${s.sessionsRemaining} session(s) still on hand`;
    case "lost_or_stolen":
      return `${num(s.units)} units reported lost or stolen`;
  }
}

/** A6: misuse or diversion signals; HIGH, routed to the prescriber; renewals are held while it is open. */
export function ruleA6(signals: readonly A6Signal[]): AlertRuleHit | null {
  if (!signals.length) return null;
  const detail: Record<string, number | string | boolean> = { notify: "prescriber", signals: [...new Set(signals.map((s) => s.kind))].join(",") };
  for (const s of signals) {
    for (const [k, v] of Object.entries(s)) if (k !== "kind" && typeof v === "number") detail[`${s.kind}.${k}`] = v;
  }
  const words = signals.map(a6Words);
  return {
    ruleId: "A6",
    severity: "high",
    clinical: true,
    summary: `Possible misuse or diversion: ${words.join("; ")}. Recheck the PDMP and record a decision; renewals are held while this is open.`,
    neutralSummary: NEUTRAL,
    detail,
  };
}

/**
 * A7 (non-clinical): `consecutiveMissed` counts this overdue or missed check-in and the ones
 * directly before it that were missed. The first is a LOW reminder; the second in a row is MEDIUM
 * (staff reach out).
 */
export function ruleA7(input: { consecutiveMissed: number; kind?: string }): AlertRuleHit | null {
  const n = input.consecutiveMissed;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`consecutiveMissed must be a whole number, got ${n}`);
  if (n === 0) return null;
  const second = n >= 2;
  return {
    ruleId: "A7",
    severity: second ? "medium" : "low",
    clinical: false,
    summary: second ? `${n} check-ins in a row not completed. Reach the patient and log the outreach.` : "A check-in is overdue. The patient has been reminded.",
    neutralSummary: second ? `${n} check-ins in a row not completed` : "A check-in is overdue",
    detail: { consecutiveMissed: n, ...(input.kind ? { kind: input.kind } : {}) },
  };
}

/** A8 (non-clinical): a follow-up visit was a no-show (evaluation no-shows do not raise it, DOMAIN.md §2). */
export function ruleA8(input: { appointmentKind: string; status: string; startsAt: Date }): AlertRuleHit | null {
  if (input.appointmentKind !== "follow_up" || input.status !== "no_show") return null;
  return {
    ruleId: "A8",
    severity: "medium",
    clinical: false,
    summary: "The patient missed a follow-up visit. Rebook it; the regimen pauses if no follow-up happens in time.",
    neutralSummary: "A follow-up visit was missed; rebook it",
    detail: { startsAt: input.startsAt.toISOString() },
  };
}

export type A9Reason = "dead_letter" | "terminal_error" | "cancel_denied";

/** A9 (non-clinical): the pharmacy never got, or refused, a prescription message. */
export function ruleA9(input: { reason: A9Reason; prescriptionId: string }): AlertRuleHit {
  const words: Record<A9Reason, string> = {
    dead_letter: "could not be delivered to the pharmacy",
    terminal_error: "was rejected by the pharmacy network",
    cancel_denied: "could not be cancelled: the pharmacy denied the cancel request",
  };
  return {
    ruleId: "A9",
    severity: "high",
    clinical: false,
    summary: `A prescription ${words[input.reason]}. Issue a new prescription or contact the pharmacy, and document it.`,
    neutralSummary: "A prescription message needs attention",
    detail: { reason: input.reason, prescriptionId: input.prescriptionId },
  };
}

/** A10: a scheduled session was not logged by the end of its day plus grace (LOW; the patient is reminded). */
export function ruleA10(input: { scheduledDate: string; sessionSequence: number }): AlertRuleHit {
  return {
    ruleId: "A10",
    severity: "low",
    clinical: true,
    summary: `Session ${input.sessionSequence} scheduled for ${input.scheduledDate} was not logged. The patient has been reminded.`,
    neutralSummary: NEUTRAL,
    detail: { scheduledDate: input.scheduledDate, sessionSequence: input.sessionSequence },
  };
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
