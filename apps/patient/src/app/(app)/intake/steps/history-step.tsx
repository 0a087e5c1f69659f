import { RadioGroup } from "~/components/radio-group";

import { Text, TextArea, YNU } from "../fields";
import { needsRemission, str } from "../step-data";
import { HEPATIC_OPTIONS, HEPATIC_QUESTION, HISTORY_FOLLOW_UPS as F, HISTORY_QUESTIONS } from "../questions";
import type { StepProps } from "../wizard-types";


export function HistoryStep({ values, set, err }: StepProps) {
  const p = { values, set, err };
  return (
    <>
      <p className="text-base text-slate-700">Answer as best you can. &ldquo;Not sure&rdquo; is always fine.</p>
      {HISTORY_QUESTIONS.map(([k, label]) => (
        <div key={k} className="flex flex-col gap-4">
          <YNU k={k} label={label} {...p} />
          {k === "cardiovascularEvent" && values.cardiovascularEvent === "yes" ? (
            <Text k="monthsSinceCardiovascularEvent" label={F.monthsSinceCardiovascularEvent} type="number" inputMode="numeric" min={0} {...p} />
          ) : null}
          {k === "suicideAttemptEver" && values.suicideAttemptEver === "yes" ? (
            <Text k="monthsSinceSuicideAttempt" label={F.monthsSinceSuicideAttempt} type="number" inputMode="numeric" min={0} {...p} />
          ) : null}
          {k === "opioidUseDisorderHistory" && needsRemission(values) ? (
            <>
              <YNU k="substanceUseInRemission" label={F.substanceUseInRemission} {...p} />
              {values.substanceUseInRemission === "yes" ? (
                <Text k="substanceRemissionMonths" label={F.substanceRemissionMonths} type="number" inputMode="numeric" min={0} {...p} />
              ) : null}
            </>
          ) : null}
        </div>
      ))}
      <RadioGroup
        legend={HEPATIC_QUESTION}
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
