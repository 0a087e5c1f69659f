import { type FollowUpPlan, planEffects, validateFollowUpPlan } from "@clearwell/clinical";
import type { TFollowUpFindings, TFollowUpPlan } from "@clearwell/validators/note";
import { type TStoredFollowUpFindings, ZStoredFollowUpFindings } from "@clearwell/validators/output/note";

import { DomainError } from "../../errors";

// Compile-time check that the validators' plan and packages/clinical's plan agree.
const asClinicalPlan = (plan: TFollowUpPlan): FollowUpPlan => plan;

/** A follow-up note's stored findings, typed; null when none were written yet. */
export function storedFollowUp(findings: Record<string, unknown> | null): TStoredFollowUpFindings | null {
  return findings ? ZStoredFollowUpFindings.parse(findings) : null;
}

/**
 * The follow-up parts of a note for the editor and the chart (DOMAIN.md §8): the clinician's S/O/A
 * and plan, the server's interval snapshot (and, once signed, the eligibility re-run it copied), and what the plan will do to the regimen (`planEffects`,
 * acted on by the regimen issue). Null for any other kind of note.
 */
export function followUpView(kind: string, findings: Record<string, unknown> | null) {
  if (kind !== "follow_up") return null;
  const f = storedFollowUp(findings) ?? {};
  return { ...f, snapshot: f.snapshot ?? null, eligibilityRecheck: f.eligibilityRecheck ?? null, planEffects: f.plan ? planEffects(asClinicalPlan(f.plan)) : null };
}

/** The chart list's part of a follow-up note: the plan and the snapshot. */
export function followUpSummary(kind: string, findings: Record<string, unknown> | null) {
  const v = followUpView(kind, findings);
  return v ? { plan: v.plan ?? null, planEffects: v.planEffects, snapshot: v.snapshot } : null;
}

/**
 * A plan's problems (packages/clinical `validateFollowUpPlan`), each as `plan.<field>: <message>` so
 * the editor can put it by its field. `today` is the calendar date in the clinic's zone.
 */
export function planProblems(plan: TFollowUpPlan, today: string): string[] {
  const result = validateFollowUpPlan(asClinicalPlan(plan), today);
  return result.ok ? [] : result.problems.map((p) => `plan.${p.field}: ${p.message}`);
}

/** Refuses a draft save whose plan breaks a rule, naming each field. */
export function assertPlanValid(followUp: TFollowUpFindings, today: string) {
  if (!followUp.plan) return;
  const problems = planProblems(followUp.plan, today);
  if (problems.length) throw new DomainError("BAD_INPUT", `Check the plan: ${problems.map((p) => p.slice(p.indexOf(": ") + 2)).join(" ")}`, problems);
}
