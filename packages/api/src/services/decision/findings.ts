import type { EvaluationFindings, FlagResolutionEntry, ScreeningInput } from "@clearwell/clinical";
import { scoreGad7, scorePhq9 } from "@clearwell/clinical";
import { ZStoredFindings } from "@clearwell/validators/note";

/** What the decision itself attests (DOMAIN.md §3 "At-home requirements (attested at eligibility)"). */
export interface DecisionAttestations {
  homeBpCuffConfirmed?: boolean | undefined;
}

/**
 * A signed evaluation note's findings as packages/clinical reads them (DOMAIN.md §3):
 * - BP readings in the order taken (E06 needs two);
 * - one resolution per flagged rule (the last review of a rule wins);
 * - E15 from the support-person check, E17 from the decision's attestation or the E17 flag review
 *   (refuted "no working cuff" = a cuff is confirmed), else not confirmed yet;
 * - PHQ-9 / GAD-7 given at the visit (the newest pre-dose baseline, E21);
 * - a suicide plan or intent reported at the visit fires E11 whatever intake said.
 */
export function evaluationFindings(
  stored: unknown,
  intake: ScreeningInput,
  extra: { attestations?: DecisionAttestations | undefined; prescriberLicensedInPatientState: boolean | null; previouslyDeferredForBloodPressure: boolean },
): { findings: EvaluationFindings; intake: ScreeningInput; planReportedAtVisit: boolean } {
  const f = ZStoredFindings.parse(stored ?? {});
  const reportedPlan = f.riskAssessment?.suicidePlanReported === true;
  const resolutions = new Map<string, FlagResolutionEntry["resolution"]>();
  for (const r of f.flagReview ?? []) resolutions.set(r.ruleId, r.resolution);
  // A plan reported at the visit cannot be refuted by the intake flag review.
  if (reportedPlan && resolutions.get("E11") === "refute") resolutions.delete("E11");
  const e17 = resolutions.get("E17");
  const cuff = extra.attestations?.homeBpCuffConfirmed ?? (e17 === "refute" ? true : e17 === "confirm" ? false : null);
  const readings = [...(f.vitals?.bpReadings ?? [])].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  return {
    intake: reportedPlan ? { ...intake, activeSuicidalIntentOrPlan: true } : intake,
    planReportedAtVisit: reportedPlan && intake.activeSuicidalIntentOrPlan !== true,
    findings: {
      bloodPressureReadings: readings.map((r) => ({ systolic: r.systolic, diastolic: r.diastolic })),
      flagResolutions: [...resolutions].map(([ruleId, resolution]) => ({ ruleId, resolution })),
      pregnant: null,
      supportPersonConfirmed: f.supportPerson?.confirmed ?? null,
      homeBpCuffConfirmed: cuff,
      phq9: f.questionnaires?.phq9 ? scorePhq9(f.questionnaires.phq9.items).total : null,
      gad7: f.questionnaires?.gad7 ? scoreGad7(f.questionnaires.gad7.items).total : null,
      prescriberLicensedInPatientState: extra.prescriberLicensedInPatientState,
      previouslyDeferredForBloodPressure: extra.previouslyDeferredForBloodPressure,
    },
  };
}

/** The state the patient attested at the visit, as copied into the note at signing. */
export function attestedState(stored: unknown): string | null {
  const parsed = ZStoredFindings.safeParse(stored ?? {});
  return parsed.success ? (parsed.data.attestedLocation?.state ?? null) : null;
}
