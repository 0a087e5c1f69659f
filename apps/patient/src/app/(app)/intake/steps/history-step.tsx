import { useWatch } from "react-hook-form";

import { FormRadioGroup } from "~/components/form-controls";

import { Text, TextArea, YNU } from "../fields";
import { HEPATIC_OPTIONS, HEPATIC_QUESTION, HISTORY_FOLLOW_UPS as F, HISTORY_QUESTIONS } from "../questions";
import { needsRemission } from "../step-data";
import type { StepData, StepProps } from "../wizard-types";

export function HistoryStep({ form }: StepProps) {
  const p = { form };
  // The follow-ups appear under a "yes" as it is chosen.
  const values = useWatch({ control: form.control }) as StepData;
  return (
    <>
      <p className="text-base text-slate-700">Answer as best you can. &ldquo;Not sure&rdquo; is always fine.</p>
      {HISTORY_QUESTIONS.map(([k, label]) => (
        <div key={k} className="flex flex-col gap-4">
          <YNU k={k} label={label} {...p} />
          {k === "cardiovascularEvent" && values.cardiovascularEvent === "yes" ? <Text k="monthsSinceCardiovascularEvent" label={F.monthsSinceCardiovascularEvent} months {...p} /> : null}
          {k === "suicideAttemptEver" && values.suicideAttemptEver === "yes" ? <Text k="monthsSinceSuicideAttempt" label={F.monthsSinceSuicideAttempt} months {...p} /> : null}
          {k === "opioidUseDisorderHistory" && needsRemission(values) ? (
            <>
              <YNU k="substanceUseInRemission" label={F.substanceUseInRemission} {...p} />
              {values.substanceUseInRemission === "yes" ? <Text k="substanceRemissionMonths" label={F.substanceRemissionMonths} months {...p} /> : null}
            </>
          ) : null}
        </div>
      ))}
      <FormRadioGroup form={form} name="hepaticImpairment" legend={HEPATIC_QUESTION} options={HEPATIC_OPTIONS} />
      <TextArea k="allergies" label="Allergies (optional)" {...p} />
      <TextArea k="otherConditions" label="Other health conditions (optional)" {...p} />
    </>
  );
}
