/**
 * The follow-up note's plan (DOMAIN.md §8 "P"): one of continue | titrate (opens an Rx draft) |
 * pause | stop | switch_to_in_office | refer, the next follow-up and the check-in cadence. Stored
 * structured so the regimen can act on it later. Dates are calendar dates (YYYY-MM-DD) in the
 * clinic's time zone; `today` is passed in.
 */
export const FOLLOW_UP_PLAN_ACTIONS = ["continue", "titrate", "pause", "stop", "switch_to_in_office", "refer"] as const;
export type FollowUpPlanAction = (typeof FOLLOW_UP_PLAN_ACTIONS)[number];

/** DOMAIN.md §6 cadence (C): weekly by default. */
export const CHECK_IN_CADENCES = ["weekly", "every_2_weeks", "monthly", "none"] as const;
export type CheckInCadence = (typeof CHECK_IN_CADENCES)[number];

export type TitrationDirection = "increase" | "decrease";

export interface FollowUpPlan {
  action: FollowUpPlanAction;
  /** Required for `titrate`, absent otherwise. */
  titrationDirection?: TitrationDirection | null;
  /** Required for `refer`: to whom (service or clinician). */
  referralTo?: string | null;
  /** The next follow-up visit; required unless the plan stops treatment or refers on. */
  nextFollowUpOn: string | null;
  checkInCadence: CheckInCadence;
  /** Why, in the clinician's words (shown to the care team, not the patient). */
  rationale?: string | null;
}

export interface PlanProblem {
  field: keyof FollowUpPlan;
  message: string;
}

export type PlanValidation = { ok: true; plan: FollowUpPlan } | { ok: false; problems: PlanProblem[] };

/** Clinic-configurable limits for a plan. */
export interface PlanPolicy {
  /** The next follow-up must be within this many days (an open-ended regimen is unsafe). */
  maxDaysToNextFollowUp: number;
}

export const DEFAULT_PLAN_POLICY: PlanPolicy = { maxDaysToNextFollowUp: 180 };

/** Plans that keep the patient on treatment, so they need a next visit and check-ins. */
const ON_TREATMENT: readonly FollowUpPlanAction[] = ["continue", "titrate", "pause", "switch_to_in_office"];

export function validateFollowUpPlan(plan: FollowUpPlan, today: string, policy: PlanPolicy = DEFAULT_PLAN_POLICY): PlanValidation {
  const problems: PlanProblem[] = [];
  if (!FOLLOW_UP_PLAN_ACTIONS.includes(plan.action)) problems.push({ field: "action", message: "Choose a plan." });
  if (plan.action === "titrate") {
    if (plan.titrationDirection !== "increase" && plan.titrationDirection !== "decrease") problems.push({ field: "titrationDirection", message: "Say whether to increase or decrease the dose." });
  } else if (plan.titrationDirection) {
    problems.push({ field: "titrationDirection", message: "A dose direction only goes with a titration." });
  }
  if (plan.action === "refer" && !plan.referralTo?.trim()) problems.push({ field: "referralTo", message: "Say who the patient is referred to." });
  if (!CHECK_IN_CADENCES.includes(plan.checkInCadence)) problems.push({ field: "checkInCadence", message: "Choose a check-in cadence." });
  // Anyone still on (or pausing) treatment keeps being measured (DOMAIN.md §6 cadence).
  if ((plan.action === "continue" || plan.action === "titrate" || plan.action === "pause") && plan.checkInCadence === "none") {
    problems.push({ field: "checkInCadence", message: "Patients on treatment keep regular check-ins." });
  }

  if (plan.nextFollowUpOn === null) {
    if (ON_TREATMENT.includes(plan.action)) problems.push({ field: "nextFollowUpOn", message: "Set the next follow-up date." });
  } else {
    const days = daysBetween(today, plan.nextFollowUpOn);
    if (days === null) problems.push({ field: "nextFollowUpOn", message: "The next follow-up must be a calendar date." });
    else if (days <= 0) problems.push({ field: "nextFollowUpOn", message: "The next follow-up must be after today." });
    else if (days > policy.maxDaysToNextFollowUp) problems.push({ field: "nextFollowUpOn", message: `The next follow-up must be within ${policy.maxDaysToNextFollowUp} days.` });
  }
  return problems.length ? { ok: false, problems } : { ok: true, plan };
}

/** What the regimen does with a signed plan (acted on when the regimen issue lands). */
export interface PlanEffects {
  regimen: "keep" | "pause" | "stop" | "move_in_office";
  /** DOMAIN.md §8: titrate opens an Rx draft for the prescriber. */
  opensPrescriptionDraft: boolean;
}

export function planEffects(plan: FollowUpPlan): PlanEffects {
  switch (plan.action) {
    case "continue":
      return { regimen: "keep", opensPrescriptionDraft: false };
    case "titrate":
      return { regimen: "keep", opensPrescriptionDraft: true };
    case "pause":
      return { regimen: "pause", opensPrescriptionDraft: false };
    // A referral hands care to another service (e.g. a higher level of care), so treatment here ends.
    case "stop":
    case "refer":
      return { regimen: "stop", opensPrescriptionDraft: false };
    case "switch_to_in_office":
      return { regimen: "move_in_office", opensPrescriptionDraft: false };
  }
}

function daysBetween(from: string, to: string): number | null {
  const a = calendarDay(from);
  const b = calendarDay(to);
  return a === null || b === null ? null : Math.round((b - a) / 86_400_000);
}

function calendarDay(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const check = new Date(t);
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? t : null;
}
