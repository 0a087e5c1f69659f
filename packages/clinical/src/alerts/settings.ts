/**
 * Clinic safety settings (DOMAIN.md §7: "response times are clinic-configurable defaults"; §2
 * regimen / dose session / check-in guards). One row per clinic (`clinic_safety_settings`); a clinic
 * without a row uses these defaults. Every threshold here is a default with its source, never a
 * hard-coded rule: clinics and their counsel own the final values.
 */
import { CHECK_IN_CADENCES, type CheckInCadence } from "../followup/plan";

export interface SafetySettings {
  /** A3: a pre-dose reading above either is high (Spravato general guide: > 140/90). */
  bpSystolicMax: number;
  bpDiastolicMax: number;
  /** A3 critical: at or above either is "seek urgent care" (>= 180/120 [U]). */
  bpUrgentSystolic: number;
  bpUrgentDiastolic: number;
  /** A3: rest before the second reading (C). */
  bpRecheckRestMinutes: number;
  /** Shown with the safety instructions; plain words. */
  fastingRule: string;
  /** The post-dose check falls due this long after the dose is logged. */
  postDoseCheckHours: number;
  /** A4: dissociation longer than this is "beyond the session window" (C). */
  dissociationWindowMinutes: number;
  checkInCadence: CheckInCadence;
  /** A7: a check-in is overdue this long after it fell due (C, 48 h). */
  checkInGraceHours: number;
  /** DOMAIN.md §6 cadence: the pre-follow-up check-in falls due this many days before the visit. */
  preFollowUpCheckInDays: number;
  /** A8: the regimen pauses when no follow-up happened within this many days of its date (C). */
  missedFollowUpPauseDays: number;
  /** A1: pause the regimen until a clinician clears it (C, default on). */
  a1AutoPause: boolean;
  /** A10: a scheduled session not logged by the end of its local day + this grace is missed. */
  doseDayGraceHours: number;
  /** SLA per severity in minutes (DOMAIN.md §7: critical = now, high = same day, medium = 1 business day, low = worklist). */
  slaCriticalMinutes: number;
  slaHighMinutes: number;
  slaMediumMinutes: number;
  slaLowMinutes: number | null;
  onCallUserId: string | null;
  backupOnCallUserId: string | null;
}

export const DEFAULT_FASTING_RULE = "Do not eat for 2 hours before your session; small sips of water are fine.";

export const DEFAULT_SAFETY_SETTINGS: Readonly<SafetySettings> = {
  bpSystolicMax: 140,
  bpDiastolicMax: 90,
  bpUrgentSystolic: 180,
  bpUrgentDiastolic: 120,
  bpRecheckRestMinutes: 5,
  fastingRule: DEFAULT_FASTING_RULE,
  postDoseCheckHours: 3,
  dissociationWindowMinutes: 120,
  checkInCadence: "weekly",
  checkInGraceHours: 48,
  preFollowUpCheckInDays: 2,
  missedFollowUpPauseDays: 7,
  a1AutoPause: true,
  doseDayGraceHours: 6,
  slaCriticalMinutes: 60,
  slaHighMinutes: 480,
  slaMediumMinutes: 1440,
  slaLowMinutes: null,
  onCallUserId: null,
  backupOnCallUserId: null,
};

export interface SafetySettingsProblem {
  field: keyof SafetySettings;
  message: string;
}

const int = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/**
 * Sane ranges (the same bounds as the table's CHECK constraints), each problem naming the field
 * and what to enter. The on-call users' membership of the clinic is checked by the caller.
 */
export function validateSafetySettings(s: SafetySettings): SafetySettingsProblem[] {
  const p: SafetySettingsProblem[] = [];
  const range = (field: keyof SafetySettings, label: string, min: number, max: number) => {
    const v = s[field];
    if (!int(v) || v < min || v > max) p.push({ field, message: `${label} must be a whole number from ${min} to ${max}.` });
  };
  range("bpSystolicMax", "The top (systolic) blood pressure limit", 90, 250);
  range("bpDiastolicMax", "The bottom (diastolic) blood pressure limit", 50, 150);
  range("bpUrgentSystolic", "The urgent top (systolic) blood pressure", 90, 250);
  range("bpUrgentDiastolic", "The urgent bottom (diastolic) blood pressure", 50, 150);
  if (int(s.bpUrgentSystolic) && int(s.bpSystolicMax) && s.bpUrgentSystolic <= s.bpSystolicMax) {
    p.push({ field: "bpUrgentSystolic", message: "The urgent top number must be higher than the top limit." });
  }
  if (int(s.bpUrgentDiastolic) && int(s.bpDiastolicMax) && s.bpUrgentDiastolic <= s.bpDiastolicMax) {
    p.push({ field: "bpUrgentDiastolic", message: "The urgent bottom number must be higher than the bottom limit." });
  }
  range("bpRecheckRestMinutes", "The rest before a second blood pressure reading (minutes)", 1, 60);
  if (!s.fastingRule.trim()) p.push({ field: "fastingRule", message: "Write the clinic's fasting rule in plain words." });
  range("postDoseCheckHours", "The hours until the post-dose check", 1, 48);
  range("dissociationWindowMinutes", "The dissociation window (minutes)", 1, 1440);
  if (!CHECK_IN_CADENCES.includes(s.checkInCadence)) p.push({ field: "checkInCadence", message: "Choose a check-in cadence." });
  range("checkInGraceHours", "The check-in grace (hours)", 1, 336);
  range("preFollowUpCheckInDays", "The days before a follow-up for its check-in", 1, 14);
  range("missedFollowUpPauseDays", "The days after a missed follow-up before the regimen pauses", 1, 90);
  range("doseDayGraceHours", "The grace after a session day (hours)", 1, 72);
  range("slaCriticalMinutes", "The critical alert response time (minutes)", 1, 1440);
  range("slaHighMinutes", "The high alert response time (minutes)", 1, 10_080);
  range("slaMediumMinutes", "The medium alert response time (minutes)", 1, 20_160);
  if (s.slaLowMinutes !== null) range("slaLowMinutes", "The low alert response time (minutes)", 1, 43_200);
  // A faster tier must not have a slower clock than a slower one.
  if (int(s.slaCriticalMinutes) && int(s.slaHighMinutes) && s.slaCriticalMinutes > s.slaHighMinutes) {
    p.push({ field: "slaCriticalMinutes", message: "Critical alerts need a response time no longer than high ones." });
  }
  if (int(s.slaHighMinutes) && int(s.slaMediumMinutes) && s.slaHighMinutes > s.slaMediumMinutes) {
    p.push({ field: "slaHighMinutes", message: "High alerts need a response time no longer than medium ones." });
  }
  if (s.onCallUserId !== null && s.onCallUserId === s.backupOnCallUserId) {
    p.push({ field: "backupOnCallUserId", message: "Choose a backup on-call clinician other than the on-call one." });
  }
  return p;
}
