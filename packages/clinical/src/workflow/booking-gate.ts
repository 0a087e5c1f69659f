/** Patient onboarding statuses, DOMAIN.md §2 "Onboarding". */
export type OnboardingStatus =
  | "invited"
  | "registered"
  | "identity_verified"
  | "intake_in_progress"
  | "intake_submitted"
  | "intake_reviewed"
  | "ready_to_schedule"
  | "withdrawn";

export interface EvaluationBookingInput {
  status: OnboardingStatus;
  /** Clinic setting (C): a patient may book before a clinician has reviewed the intake. */
  clinicAllowsBookingBeforeReview: boolean;
  /** Screening of the latest submitted intake (most restrictive Effect), or null when none was submitted. */
  latestIntake: { mostRestrictive: string | null; crisisPathway: boolean } | null;
}

export type BookingGate = { ok: true } | { ok: false; reason: string };

/**
 * DOMAIN.md §2 appointment "book" guard: an evaluation requires `ready_to_schedule`. A clinic may
 * let patients book before review, but never when screening already says not eligible or points
 * to the crisis pathway (E11): those need a clinician first.
 */
export function canBookBeforeReview(clinicAllows: boolean, mostRestrictive: string | null, crisisPathway: boolean): boolean {
  return clinicAllows && mostRestrictive !== "not_eligible" && !crisisPathway;
}

export function evaluationBookingGate(input: EvaluationBookingInput): BookingGate {
  if (input.status === "withdrawn") return { ok: false, reason: "Your care with this clinic has ended. Please contact the clinic." };
  if (input.status === "ready_to_schedule") return { ok: true };
  if (input.status !== "intake_submitted" && input.status !== "intake_reviewed") return { ok: false, reason: "Please complete your intake first." };
  const intake = input.latestIntake;
  if (!intake || !canBookBeforeReview(input.clinicAllowsBookingBeforeReview, intake.mostRestrictive, intake.crisisPathway)) {
    return { ok: false, reason: "The clinic will review your intake and contact you to book your evaluation." };
  }
  return { ok: true };
}

/** DOMAIN.md §2 flow: a follow-up comes after an evaluation visit. */
export function followUpBookingGate(status: OnboardingStatus, hasCompletedEvaluation: boolean): BookingGate {
  if (status === "withdrawn") return { ok: false, reason: "Your care with this clinic has ended. Please contact the clinic." };
  return hasCompletedEvaluation ? { ok: true } : { ok: false, reason: "A follow-up can be booked after your evaluation visit." };
}
