import type { TEvaluationFindings, TNoteSections } from "@clearwell/validators/note";
import type { TStoredFollowUpFindings } from "@clearwell/validators/output/note";

import { planProblems } from "./follow-up";

/**
 * What a note still lacks before it can be signed, in words the clinician can act on (empty when
 * complete). An evaluation needs what the eligibility rules read (DOMAIN.md §3): repeat blood
 * pressure readings for E06 or why they were not taken, every intake screening flag resolved,
 * the risk assessment (E04, E11), the support person (E15), the mental status, and an assessment
 * and plan. `flagRuleIds`: the rule ids flagged on the patient's latest submitted intake.
 */
export function missingForSigning(kind: "evaluation", sections: TNoteSections, findings: TEvaluationFindings | null, flagRuleIds: readonly string[]): string[];
/**
 * A follow-up note (DOMAIN.md §8) needs its assessment and plan, the structured plan valid as of
 * `today` (the clinic's calendar date: a next follow-up saved last week may have passed), and the
 * interval snapshot the server builds when the note is opened.
 */
export function missingForSigning(kind: "follow_up", sections: TNoteSections, followUp: TStoredFollowUpFindings | null, today: string): string[];
export function missingForSigning(
  kind: "evaluation" | "follow_up",
  sections: TNoteSections,
  structured: TEvaluationFindings | TStoredFollowUpFindings | null,
  flagsOrToday: readonly string[] | string,
): string[] {
  const missing: string[] = [];
  if (!sections.assessment.trim()) missing.push("Assessment (SOAP): write the assessment.");
  if (!sections.plan.trim()) missing.push("Plan (SOAP): write the plan.");
  if (kind === "follow_up") {
    const f = (structured ?? {}) as TStoredFollowUpFindings;
    if (!f.snapshot) missing.push("Interval data: reopen the note so the interval snapshot is built.");
    if (!f.plan) missing.push("Plan (structured): choose continue, titrate, pause, stop, switch to in-office or refer, with the next follow-up and check-in cadence.");
    else for (const problem of planProblems(f.plan, flagsOrToday as string)) missing.push(`Plan (structured): ${problem.slice(problem.indexOf(": ") + 2)}`);
    return missing;
  }
  const findings = structured as TEvaluationFindings | null;
  const flagRuleIds = flagsOrToday as readonly string[];

  const f = findings ?? {};
  const resolved = new Set((f.flagReview ?? []).map((r) => r.ruleId));
  for (const ruleId of [...new Set(flagRuleIds)].sort()) {
    if (!resolved.has(ruleId)) missing.push(`Screening flag ${ruleId}: confirm, refute or mark it for follow-up.`);
  }
  const ms = f.mentalStatus ?? {};
  if (!ms.mood?.trim() || !ms.affect?.trim() || !ms.thoughtContent?.trim()) missing.push("Mental status: record at least mood, affect and thought content.");
  const readings = f.vitals?.bpReadings.length ?? 0;
  if (readings < 2 && !f.vitals?.bpNotTakenReason?.trim()) missing.push("Vitals: record two blood pressure readings, or why they were not taken.");
  const risk = f.riskAssessment;
  if (!risk?.suicideRisk) missing.push("Risk assessment: rate the suicide risk.");
  else if (risk.suicideRisk !== "low" && !risk.safetyPlan?.trim()) missing.push("Risk assessment: document the safety plan for a moderate or high suicide risk.");
  if (risk?.suicidePlanReported === undefined) missing.push("Risk assessment: record whether the patient reports a suicide plan or intent.");
  if (!risk?.misuseRisk) missing.push("Risk assessment: rate the misuse risk.");
  if (!f.supportPerson) missing.push("Support person: confirm whether an adult support person is available.");
  else if (f.supportPerson.confirmed && !f.supportPerson.name?.trim()) missing.push("Support person: give the support person's name.");
  return missing;
}
