/**
 * Eligibility decision outcomes, DOMAIN.md §2 "Eligibility decision":
 * `pending -> decided{eligible_at_home | in_office_only | not_eligible | deferred}`.
 */
export type EligibilityOutcome = "eligible_at_home" | "in_office_only" | "not_eligible" | "deferred";

export const ELIGIBILITY_OUTCOMES: readonly EligibilityOutcome[] = ["eligible_at_home", "in_office_only", "deferred", "not_eligible"];

/**
 * How much treatment an outcome authorizes; higher is more permissive. `deferred` and
 * `not_eligible` authorize none, so choosing either is never more permissive than a proposal.
 */
export const OUTCOME_PERMISSIVENESS: Readonly<Record<EligibilityOutcome, number>> = {
  not_eligible: 0,
  deferred: 0,
  in_office_only: 1,
  eligible_at_home: 2,
};

/** An outcome that lets treatment start (and therefore needs warnings acknowledged). */
export function authorizesTreatment(outcome: EligibilityOutcome): boolean {
  return OUTCOME_PERMISSIVENESS[outcome] > 0;
}

/** Staff roles (mirrors the `membership_role` enum; clinical imports no workspace package). */
export type ClinicRole = "admin" | "provider" | "prescriber" | "staff";

export interface BloodPressureReading {
  systolic: number;
  diastolic: number;
}
