import type { TEvaluationFindings, TFollowUpFindings, TNoteSections } from "./note";
import type { TEligibilityRecheck } from "./output/decision-recheck";

type Risk = NonNullable<TEvaluationFindings["riskAssessment"]>;

/**
 * What an evaluation still lacks before it can be signed, in words the clinician can act on. One
 * list for the server's signing check (packages/api services/note/completeness.ts) and the page,
 * which shows it before asking for the password. It covers what the eligibility rules read
 * (DOMAIN.md §3): repeat BP readings for E06, every intake flag resolved, the risk assessment
 * (E04, E11), the support person (E15), the mental status, and the SOAP assessment and plan.
 */
export function evaluationMissing(sections: TNoteSections, findings: TEvaluationFindings | null, flagRuleIds: readonly string[]): string[] {
  const missing = soapMissing(sections);
  const f = findings ?? {};
  const resolved = new Set((f.flagReview ?? []).map((r) => r.ruleId));
  for (const ruleId of [...new Set(flagRuleIds)].sort()) {
    if (!resolved.has(ruleId)) missing.push(`Screening flag ${ruleId}: confirm, refute or mark it for follow-up.`);
  }
  const ms = f.mentalStatus ?? {};
  if (!ms.mood?.trim() || !ms.affect?.trim() || !ms.thoughtContent?.trim()) missing.push("Mental status: record at least mood, affect and thought content.");
  const readings = f.vitals?.bpReadings.length ?? 0;
  if (readings < 2 && !f.vitals?.bpNotTakenReason?.trim()) missing.push("Vitals: record two blood pressure readings, or why they were not taken.");
  missing.push(...riskMissing(f.riskAssessment));
  if (!f.supportPerson) missing.push("Support person: confirm whether an adult support person is available.");
  else if (f.supportPerson.confirmed && !f.supportPerson.name?.trim()) missing.push("Support person: give the support person's name.");
  return missing;
}

/** Suicide and misuse risk (DOMAIN.md §3 E04, E11): asked at the evaluation and again at every follow-up (§8 "A"). */
function riskMissing(risk: Risk | undefined): string[] {
  const missing: string[] = [];
  if (!risk?.suicideRisk) missing.push("Risk assessment: rate the suicide risk.");
  else if (risk.suicideRisk !== "low" && !risk.safetyPlan?.trim()) missing.push("Risk assessment: document the safety plan for a moderate or high suicide risk.");
  if (risk?.suicidePlanReported === undefined) missing.push("Risk assessment: record whether the patient reports a suicide plan or intent.");
  if (!risk?.misuseRisk) missing.push("Risk assessment: rate the misuse risk.");
  return missing;
}

/**
 * What a follow-up note still lacks before it can be signed (DOMAIN.md §8), shared by the server
 * and the page like `evaluationMissing`: the assessment (response, tolerability, suicide and misuse
 * risk, continued eligibility) and a chosen plan. The structured assessment and plan stand for the
 * SOAP "A" and "P", so the free text is optional here. `recheck`: the §3 rules re-run now
 * (decision.recheck): when they give a stricter outcome than the current decision, "unchanged" is
 * refused, naming the rules. The server adds what only it can check: the interval snapshot exists
 * and the plan's rules hold today (packages/clinical validateFollowUpPlan).
 */
export function followUpMissing(followUp: TFollowUpFindings | null, recheck?: Pick<TEligibilityRecheck, "decision" | "comparison"> | null): string[] {
  const a = followUp?.assessment ?? {};
  const missing: string[] = [];
  if (!a.response) missing.push("Assessment: choose the response to treatment.");
  if (!a.tolerability) missing.push("Assessment: choose how the treatment is tolerated.");
  missing.push(...riskMissing(a.riskAssessment));
  const stricter = recheck?.decision && recheck.comparison?.outcomeStricter ? recheck.comparison : null;
  if (!a.continuedEligibility) missing.push("Assessment: say whether the patient is still eligible for treatment at home.");
  else if (a.continuedEligibility === "unchanged" && stricter) {
    // DOMAIN.md §8 "A": the §3 re-run disagrees with "nothing changed"; the clinician reconsiders.
    const rules = stricter.reasonRuleIds.length ? ` because of ${stricter.reasonRuleIds.join(", ")}` : "";
    missing.push(
      `Continued eligibility: the screening rules re-run now give ${OUTCOME_WORDS[stricter.effectiveOutcome]}${rules}, stricter than the current decision (${OUTCOME_WORDS[recheck!.decision!.outcome]}). Choose “Still eligible, something changed” or “Needs a new eligibility decision”, and say what changed in the comment.`,
    );
  } else if (a.continuedEligibility !== "unchanged" && !a.eligibilityComment?.trim()) missing.push("Assessment: say what changed about eligibility in the comment.");
  if (!followUp?.plan) missing.push("Plan: choose continue, titrate, pause, stop, switch to in-office or refer, and the check-in cadence.");
  return missing;
}

const OUTCOME_WORDS = { eligible_at_home: "eligible at home", in_office_only: "in-office only", deferred: "deferred", not_eligible: "not eligible" } as const;

/** The SOAP parts every signed evaluation needs. */
export function soapMissing(sections: TNoteSections): string[] {
  const missing: string[] = [];
  if (!sections.assessment.trim()) missing.push("Assessment (SOAP): write the assessment.");
  if (!sections.plan.trim()) missing.push("Plan (SOAP): write the plan.");
  return missing;
}
