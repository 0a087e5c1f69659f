"use client";

import type { ReactNode } from "react";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";

import type { Snapshot } from "~/components/notes/note-labels";
import { ELIGIBILITY_LABEL, FUNCTIONAL_ITEM, FUNCTIONAL_LABEL, INSTRUMENT_LABEL, RESPONSE_LABEL, TOLERABILITY_LABEL } from "~/components/notes/note-labels";
import { RadioGroup } from "~/components/notes/radio-group";
import { BloodPressure, HeartRate, MentalStatus, Risk, Section } from "./evaluation-fields";
import type { Findings } from "./findings";
import type { FollowUpDraft } from "./follow-up-draft";

type Set = (update: (d: FollowUpDraft) => FollowUpDraft) => void;

const options = <K extends string>(labels: Record<K, string>) => Object.entries(labels) as [K, string][];
const FUNCTIONAL_OPTIONS = FUNCTIONAL_LABEL.map((label, i) => [String(i), label] as const);

/**
 * The evaluation's mental status, vitals and risk pieces, reused on the follow-up's parts: they
 * read and write the same shapes (validators ZMentalStatus, ZVitals, ZNoteRiskAssessment).
 */
function shared(d: FollowUpDraft, set: Set) {
  const findings: Findings = { mentalStatus: d.objective.mentalStatus, vitals: d.objective.vitals, riskAssessment: d.assessment.riskAssessment };
  const setFindings = (update: (f: Findings) => Findings) =>
    set((cur) => {
      const next = update({ mentalStatus: cur.objective.mentalStatus, vitals: cur.objective.vitals, riskAssessment: cur.assessment.riskAssessment });
      return { ...cur, objective: { ...cur.objective, mentalStatus: next.mentalStatus, vitals: next.vitals }, assessment: { ...cur.assessment, riskAssessment: next.riskAssessment } };
    });
  return { findings, setFindings };
}

/** What the scores say, as a hint beside the clinician's own judgement of response. */
function scoresHint(snapshot: Snapshot | null): string | undefined {
  const scores = snapshot?.sections.find((s) => s.kind === "scores");
  if (!scores || scores.kind !== "scores") return undefined;
  const words = ([scores.phq9, scores.gad7] as const)
    .filter((t) => t.latest && t.vsBaseline)
    .map((t) => `${INSTRUMENT_LABEL[t.instrument]} ${t.remission ? "in remission" : t.response ? "shows a response" : t.vsBaseline!.meaningfulWorsening ? "is meaningfully worse" : "shows no response yet"}`);
  return words.length ? `Against baseline, ${words.join("; ")}.` : undefined;
}

/** DOMAIN.md §8 S, O and A of a follow-up note; `recheck`: the §3 re-run shown beside continued eligibility. */
export function FollowUpFields({ draft, set, snapshot, recheck }: { draft: FollowUpDraft; set: Set; snapshot: Snapshot | null; recheck?: ReactNode }) {
  const s = draft.subjective;
  const o = draft.objective;
  const a = draft.assessment;
  const { findings, setFindings } = shared(draft, set);
  const subjective = (patch: Partial<FollowUpDraft["subjective"]>) => set((d) => ({ ...d, subjective: { ...d.subjective, ...patch } }));
  const objective = (patch: Partial<FollowUpDraft["objective"]>) => set((d) => ({ ...d, objective: { ...d.objective, ...patch } }));
  const assessment = (patch: Partial<FollowUpDraft["assessment"]>) => set((d) => ({ ...d, assessment: { ...d.assessment, ...patch } }));
  const changedEligibility = a.continuedEligibility && a.continuedEligibility !== "unchanged";
  return (
    <div className="flex flex-col gap-4">
      <Section title="Subjective" description="What the patient tells you. Optional.">
        <Field label="Patient report" hint="Mood, sleep, daily life since the last visit, in the patient's words.">
          <Textarea rows={3} maxLength={2000} value={s.patientReport ?? ""} onChange={(e) => subjective({ patientReport: e.target.value })} />
        </Field>
        <Field label="Session experience" hint="The dosing sessions: how they went, dissociation, nausea, how the patient felt after.">
          <Textarea rows={2} className="min-h-16" maxLength={2000} value={s.sessionExperience ?? ""} onChange={(e) => subjective({ sessionExperience: e.target.value })} />
        </Field>
        <RadioGroup
          legend="Functional difficulty"
          hint={`The patient's answer to: “${FUNCTIONAL_ITEM}” Recorded as given, never added to a score.`}
          options={FUNCTIONAL_OPTIONS}
          value={s.functionalDifficulty === undefined ? undefined : String(s.functionalDifficulty)}
          onChange={(v) => subjective({ functionalDifficulty: Number(v) })}
        />
      </Section>

      <MentalStatus findings={findings} set={setFindings} description="Observed at this visit. Optional." />
      <Section title="Vitals" description="Readings taken during the visit, if any. Optional.">
        <BloodPressure findings={findings} set={setFindings} checkE06={false} />
        <HeartRate findings={findings} set={setFindings} />
        <Field label="Home blood pressure" hint="The patient's home cuff readings since the last visit: range, highest, any before a dose.">
          <Textarea rows={2} className="min-h-16" maxLength={2000} value={o.homeBpSummary ?? ""} onChange={(e) => objective({ homeBpSummary: e.target.value })} />
        </Field>
      </Section>

      <Section title="Assessment" description="Response, tolerability, risk and eligibility are needed to sign.">
        <RadioGroup legend="Response to treatment" hint={scoresHint(snapshot)} options={options(RESPONSE_LABEL)} value={a.response} onChange={(response) => assessment({ response })} />
        <RadioGroup legend="Tolerability" options={options(TOLERABILITY_LABEL)} value={a.tolerability} onChange={(tolerability) => assessment({ tolerability })} />
        <Field label="Side effects (optional)">
          <Textarea rows={2} className="min-h-16" maxLength={2000} value={a.tolerabilityComment ?? ""} onChange={(e) => assessment({ tolerabilityComment: e.target.value })} />
        </Field>
      </Section>
      <Risk findings={findings} set={setFindings} />
      <Section title="Continued eligibility" description="Does the screening for treatment at home still hold? New medicines, conditions, blood pressure or support at home may change it.">
        {recheck}
        <RadioGroup legend="Eligibility for treatment at home" options={options(ELIGIBILITY_LABEL)} value={a.continuedEligibility} onChange={(continuedEligibility) => assessment({ continuedEligibility })} />
        <Field label={changedEligibility ? "What changed" : "Eligibility comment (optional)"} hint={changedEligibility ? "Needed to sign when eligibility changed." : undefined}>
          <Textarea rows={2} className="min-h-16" maxLength={2000} value={a.eligibilityComment ?? ""} onChange={(e) => assessment({ eligibilityComment: e.target.value })} />
        </Field>
      </Section>
    </div>
  );
}
