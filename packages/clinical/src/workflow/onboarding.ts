/**
 * Onboarding state machine, DOMAIN.md §2 "Onboarding": invited -> registered -> identity_verified
 * -> intake_in_progress -> intake_submitted -> intake_reviewed -> ready_to_schedule; any ->
 * withdrawn. The statuses are the `patient_status` database enum. The clock is passed in.
 */
import type { OnboardingStatus } from "./booking-gate";

export type OnboardingEvent = "register" | "verify_identity" | "start_intake" | "submit_intake" | "review_intake" | "release_for_scheduling" | "withdraw";

/** A safety alert as release and decisions see it (DOMAIN.md §7). */
export interface OnboardingAlert {
  /** DOMAIN.md §7 id; "A1" = PHQ-9 item 9 >= 1. */
  ruleId: string;
  severity: "critical" | "high" | "medium" | "low";
  status: "open" | "acknowledged" | "escalated" | "resolved";
  raisedAt: Date;
}

/** What the crisis pathway (E11 / PHQ-9 item 9) needs before a patient is released for scheduling. */
export interface CrisisContext {
  /** The latest submitted intake's screening points to the crisis pathway (`ScreeningResult.crisisPathway`). */
  crisisPathway: boolean;
  /** When that intake was submitted: a risk assessment must come after it. */
  intakeSubmittedAt: Date | null;
  alerts: readonly OnboardingAlert[];
  /** When a suicide risk assessment was last documented (note section or outreach note), or null. */
  latestRiskAssessmentAt: Date | null;
}

export interface OnboardingContext {
  /** Clinic setting (C, default on): a government-ID check comes before intake. */
  identityVerificationRequired: boolean;
  /** Needed for `release_for_scheduling`. */
  crisis?: CrisisContext;
}

export type OnboardingTransition = { ok: true; to: OnboardingStatus } | { ok: false; reason: string };

const INTAKE_DONE: readonly OnboardingStatus[] = ["intake_submitted", "intake_reviewed", "ready_to_schedule"];

const LABEL: Record<OnboardingStatus, string> = {
  invited: "invited",
  registered: "registered",
  identity_verified: "identity verified",
  intake_in_progress: "filling in the intake",
  intake_submitted: "awaiting intake review",
  intake_reviewed: "reviewed",
  ready_to_schedule: "ready to schedule",
  withdrawn: "withdrawn",
};

/**
 * The next status for an event, or why it is refused (plain words). A new intake version after
 * review or release re-opens review: `submit_intake` goes back to `intake_submitted` (issue 11 §5).
 * Starting a correction keeps the current status until it is submitted.
 */
export function transitionOnboarding(from: OnboardingStatus, event: OnboardingEvent, ctx: OnboardingContext): OnboardingTransition {
  if (from === "withdrawn") return { ok: false, reason: "This patient has withdrawn from care with the clinic." };
  const refuse = () => ({ ok: false as const, reason: `Cannot ${event.replace(/_/g, " ")} while the patient is ${LABEL[from]}.` });
  switch (event) {
    case "withdraw":
      return { ok: true, to: "withdrawn" };
    case "register":
      return from === "invited" ? { ok: true, to: "registered" } : refuse();
    case "verify_identity":
      return from === "registered" ? { ok: true, to: "identity_verified" } : refuse();
    case "start_intake":
      if (from === "identity_verified" || from === "intake_in_progress") return { ok: true, to: "intake_in_progress" };
      if (from === "registered") {
        return ctx.identityVerificationRequired ? { ok: false, reason: "Verify the patient's identity before the intake." } : { ok: true, to: "intake_in_progress" };
      }
      // A corrected version: the patient stays where they are until it is submitted.
      return INTAKE_DONE.includes(from) ? { ok: true, to: from } : refuse();
    case "submit_intake":
      return from === "intake_in_progress" || INTAKE_DONE.includes(from) ? { ok: true, to: "intake_submitted" } : refuse();
    case "review_intake":
      return from === "intake_submitted" || from === "intake_reviewed" ? { ok: true, to: "intake_reviewed" } : refuse();
    case "release_for_scheduling": {
      if (from !== "intake_reviewed") return from === "intake_submitted" ? { ok: false, reason: "Review the latest intake before releasing the patient for scheduling." } : refuse();
      if (!ctx.crisis) return { ok: false, reason: "The crisis pathway has not been checked." };
      const blockers = releaseBlockers(ctx.crisis);
      return blockers.length ? { ok: false, reason: blockers.join(" ") } : { ok: true, to: "ready_to_schedule" };
    }
  }
}

const CRISIS_ALERTS = new Set(["A1"]);

/**
 * Why a patient on the crisis pathway cannot be released yet (empty when they can). Every critical
 * or item-9 (A1) alert must be acknowledged, and a suicide risk assessment documented after the
 * latest trigger (E11 intake or an unresolved A1 alert). Shown on screen as is.
 */
export function releaseBlockers(c: CrisisContext): string[] {
  const out: string[] = [];
  const unacknowledged = c.alerts.filter((a) => (a.status === "open" || a.status === "escalated") && (a.severity === "critical" || CRISIS_ALERTS.has(a.ruleId)));
  if (unacknowledged.length) {
    const item9 = unacknowledged.some((a) => CRISIS_ALERTS.has(a.ruleId));
    out.push(`${item9 ? "The PHQ-9 item 9 safety alert" : "A critical safety alert"} has not been acknowledged. Acknowledge it first.`);
  }
  const triggers = [
    ...(c.crisisPathway && c.intakeSubmittedAt ? [c.intakeSubmittedAt] : []),
    ...c.alerts.filter((a) => CRISIS_ALERTS.has(a.ruleId) && a.status !== "resolved").map((a) => a.raisedAt),
  ];
  const onPathway = c.crisisPathway || triggers.length > 0;
  if (onPathway) {
    const since = triggers.reduce<Date | null>((max, d) => (max === null || d > max ? d : max), null);
    const assessed = c.latestRiskAssessmentAt !== null && (since === null || c.latestRiskAssessmentAt >= since);
    if (!assessed) out.push("No suicide risk assessment has been documented since the patient reported thoughts of self-harm or a recent attempt. Document one first.");
  }
  return out;
}

/** Patients whose latest intake waits for a clinician ("awaiting review"). */
export function awaitingIntakeReview(status: OnboardingStatus): boolean {
  return status === "intake_submitted";
}
