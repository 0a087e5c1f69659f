import { RadioGroup } from "~/components/radio-group";

import { Text, TextArea, YNU } from "../fields";
import { needsRemission, str } from "../step-data";
import type { StepProps } from "../wizard-types";

const HISTORY_QUESTIONS: [string, string][] = [
  ["ketamineHypersensitivity", "Have you ever had an allergic reaction to ketamine?"],
  ["priorSevereKetamineReaction", "Have you ever had a severe bad reaction after taking ketamine?"],
  ["aneurysmalVascularDisease", "Have you been told you have an aneurysm (a bulging blood vessel)?"],
  ["arteriovenousMalformation", "Have you been told you have an arteriovenous malformation (AVM)?"],
  ["intracerebralHemorrhageHistory", "Have you ever had bleeding in the brain?"],
  ["psychosisHistory", "Have you ever had psychosis, such as hearing voices or seeing things others don't?"],
  ["maniaHistory", "Have you ever had mania or been told you have bipolar disorder?"],
  ["activeSubstanceUseDisorder", "Do you currently have a problem with alcohol or drug use?"],
  ["dissociativeMisuseEver", "Have you ever used ketamine, PCP, or similar drugs recreationally?"],
  ["opioidUseDisorderHistory", "Have you ever had a problem with opioid use?"],
  ["pregnant", "Are you pregnant?"],
  ["planningPregnancy", "Are you planning to become pregnant?"],
  ["breastfeeding", "Are you breastfeeding?"],
  ["knownUncontrolledHypertension", "Do you have high blood pressure that is not under control?"],
  ["unstableCardiovascularDisease", "Do you have a heart condition that is not stable?"],
  ["cardiovascularEvent", "Have you ever had a heart attack or stroke?"],
  ["raisedIntracranialPressure", "Have you been told you have raised pressure inside your skull?"],
  ["raisedIntraocularPressureOrAngleClosure", "Have you been told you have glaucoma or raised eye pressure?"],
  ["suicideAttemptEver", "Have you ever attempted suicide?"],
  ["activeSuicidalIntentOrPlan", "Do you currently have a plan or intention to end your life?"],
  ["lowerUrinaryTractSymptoms", "Do you have pain, urgency, or trouble when urinating?"],
  ["heavyAlcoholUse", "Do you regularly drink heavily (for example, more than 4 drinks on a day)?"],
];

const HEPATIC_OPTIONS = [
  { value: "none", label: "No liver problems" },
  { value: "mild", label: "Mild" },
  { value: "moderate", label: "Moderate" },
  { value: "severe", label: "Severe" },
  { value: "unsure", label: "Not sure" },
] as const;

export function HistoryStep({ values, set, err }: StepProps) {
  const p = { values, set, err };
  return (
    <>
      <p className="text-base text-slate-700">Answer as best you can. &ldquo;Not sure&rdquo; is always fine.</p>
      {HISTORY_QUESTIONS.map(([k, label]) => (
        <div key={k} className="flex flex-col gap-4">
          <YNU k={k} label={label} {...p} />
          {k === "cardiovascularEvent" && values.cardiovascularEvent === "yes" ? (
            <Text k="monthsSinceCardiovascularEvent" label="About how many months ago was the most recent one?" type="number" inputMode="numeric" min={0} {...p} />
          ) : null}
          {k === "suicideAttemptEver" && values.suicideAttemptEver === "yes" ? (
            <Text k="monthsSinceSuicideAttempt" label="About how many months ago was the most recent attempt?" type="number" inputMode="numeric" min={0} {...p} />
          ) : null}
          {k === "opioidUseDisorderHistory" && needsRemission(values) ? (
            <>
              <YNU k="substanceUseInRemission" label="Are you currently in recovery (not using)?" {...p} />
              {values.substanceUseInRemission === "yes" ? (
                <Text k="substanceRemissionMonths" label="For how many months?" type="number" inputMode="numeric" min={0} {...p} />
              ) : null}
            </>
          ) : null}
        </div>
      ))}
      <RadioGroup
        legend="Do you have liver problems? If so, how serious?"
        name="hepaticImpairment"
        options={HEPATIC_OPTIONS}
        value={str(values.hepaticImpairment) as (typeof HEPATIC_OPTIONS)[number]["value"]}
        onChange={(v) => set("hepaticImpairment", v)}
        error={err("hepaticImpairment")}
      />
      <TextArea k="allergies" label="Allergies (optional)" {...p} />
      <TextArea k="otherConditions" label="Other health conditions (optional)" {...p} />
    </>
  );
}
