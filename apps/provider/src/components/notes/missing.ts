import type { TEvaluationFindings, TNoteSections } from "@clearwell/validators/note";

/**
 * What an evaluation still lacks before it can be signed, shown before asking for the password.
 * The same list, in the same words, as the server's `missingForSigning` (packages/api
 * services/note/completeness.ts), which stays the authority: its `reasons` replace this list when
 * a signature is refused. Not imported from there: that module pulls server code into the page.
 */
export function evaluationMissing(sections: TNoteSections, findings: TEvaluationFindings | null, flagRuleIds: readonly string[]): string[] {
  const missing: string[] = [];
  if (!sections.assessment.trim()) missing.push("Assessment (SOAP): write the assessment.");
  if (!sections.plan.trim()) missing.push("Plan (SOAP): write the plan.");
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

/** A note of another kind: only the SOAP parts are checked here; the server names the rest. */
export function soapMissing(sections: TNoteSections): string[] {
  const missing: string[] = [];
  if (!sections.assessment.trim()) missing.push("Assessment (SOAP): write the assessment.");
  if (!sections.plan.trim()) missing.push("Plan (SOAP): write the plan.");
  return missing;
}
