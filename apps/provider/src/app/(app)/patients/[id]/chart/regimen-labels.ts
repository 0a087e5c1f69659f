import type { ProviderOutputs } from "@clearwell/api/provider";

export type RegimenView = ProviderOutputs["regimen"]["forPatient"];
export type RegimenRecord = NonNullable<RegimenView["regimen"]>;
export type DoseSessionRow = RegimenView["sessions"][number];

type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";

/** DOMAIN.md §2 "Regimen": planned -> active <-> paused -> completed | stopped. */
export const REGIMEN_STATUS: Record<string, { label: string; variant: Variant }> = {
  planned: { label: "Planned", variant: "info" },
  active: { label: "Active", variant: "success" },
  paused: { label: "Paused", variant: "warning" },
  completed: { label: "Completed", variant: "neutral" },
  stopped: { label: "Stopped", variant: "danger" },
};
export const regimenStatus = (s: string) => REGIMEN_STATUS[s] ?? { label: s.replace(/_/g, " "), variant: "neutral" as const };

/** Why a regimen is paused, for the clinician (packages/clinical REGIMEN_PAUSE_REASONS). */
export const PAUSE_REASON: Record<string, string> = {
  alert_A1: "Paused automatically: a check-in reported thoughts of self-harm (A1). It stays paused until a clinician resolves that alert.",
  alert_A4: "Paused automatically: a serious side effect was reported after a session (A4). Resolve the alert and re-decide eligibility before resuming.",
  missed_follow_up: "Paused automatically: the follow-up visit did not happen within the clinic's window (A8). Rebook the follow-up.",
  eligibility_expired: "Paused automatically: the eligibility decision expired. Record a new decision before resuming.",
  eligibility_invalidated: "Paused automatically: the eligibility decision is no longer valid after a material change. Record a new decision before resuming.",
  plan_pause: "Paused by the plan of a signed follow-up note.",
  clinician: "Paused by a clinician.",
};
export const pauseReason = (code: string | null) => (code ? (PAUSE_REASON[code] ?? `Paused (${code.replace(/_/g, " ")}).`) : "Paused.");

export const END_REASON: Record<string, string> = {
  plan_stop: "Stopped by the plan of a signed follow-up note.",
  switch_to_in_office: "Stopped: treatment continues in the office.",
  prescription_cancelled: "Stopped: the prescription was cancelled.",
  clinician: "Stopped by a clinician.",
  completed: "All prescribed sessions were taken.",
};
export const endReason = (code: string | null) => (code ? (END_REASON[code] ?? code.replace(/_/g, " ")) : null);

/** DOMAIN.md §2 "Dose session". */
export const SESSION_STATUS: Record<string, { label: string; variant: Variant }> = {
  scheduled: { label: "Scheduled", variant: "info" },
  precheck_passed: { label: "Cleared to take", variant: "brand" },
  precheck_failed: { label: "Blocked at pre-check", variant: "warning" },
  taken: { label: "Taken", variant: "success" },
  postcheck_submitted: { label: "Taken, checked after", variant: "success" },
  missed: { label: "Missed", variant: "neutral" },
};
export const sessionStatus = (s: string) => SESSION_STATUS[s] ?? { label: s.replace(/_/g, " "), variant: "neutral" as const };

/** The gate's refusal codes (issue 13 spec, dose_session.precheck_failed_reasons). */
export const FAIL_REASON: Record<string, string> = {
  bp_high: "Blood pressure above the limit after a second reading",
  bp_urgent: "Blood pressure at the urgent level",
  support_absent: "Support person not present",
  support_unconfirmed: "Support person's presence not confirmed",
  alcohol_or_sedatives: "Alcohol or sedatives that day",
  driving_plan: "Planned to drive",
  feeling_unwell: "Felt unwell",
  in_crisis: "Said they were in crisis",
  too_soon: "Too soon after the last session",
  sessions_exhausted: "No prescribed sessions left",
  regimen_not_active: "Regimen not active",
};
export const failReason = (code: string) => FAIL_REASON[code] ?? code.replace(/_/g, " ");

export const ACTIVATION_SOURCE: Record<string, string> = { fill: "the pharmacy's fill notice", patient_receipt: "the patient confirming receipt" };

/** The reading that decided the gate: the second one when there was a recheck. */
export function decidingBp(s: DoseSessionRow) {
  return s.bp2 ?? s.bp1;
}

export const TAKEN_STATUSES = new Set(["taken", "postcheck_submitted"]);

/** "2" / "2.5" with the unit: "2 troches". */
export function units(n: number | null | undefined, label: string): string {
  if (n === null || n === undefined) return "—";
  const v = Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "");
  if (label === "mL") return `${v} mL`;
  return `${v} ${n === 1 ? label : `${label}s`}`;
}
