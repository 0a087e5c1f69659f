"use client";

import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";

export type Sections = { subjective: string; objective: string; assessment: string; plan: string };
export type Kind = "evaluation" | "follow_up";

const LABELS: Record<Kind, [keyof Sections, string, string][]> = {
  evaluation: [
    ["subjective", "Subjective", "History in the patient's words: symptoms, treatment so far, goals."],
    ["objective", "Objective", "Anything observed beyond the findings above."],
    ["assessment", "Assessment", "Diagnosis, suitability for at-home treatment, risks. Needed to sign."],
    ["plan", "Plan", "What happens next: decision, dosing setting, follow-up. Needed to sign."],
  ],
  follow_up: [
    ["subjective", "Subjective", "What the patient reports: session experience, sleep, mood, side effects."],
    ["objective", "Objective", "Observed mental status, vitals, home BP."],
    ["assessment", "Assessment", "Response, tolerability, suicide and misuse risk, continued eligibility. Needed to sign."],
    ["plan", "Plan", "Continue, titrate, pause, stop, in-office or refer; next follow-up. Needed to sign."],
  ],
};

/** The SOAP sections of a visit note, with hints for the kind of visit. */
export function SoapFields({
  kind,
  sections,
  onChange,
  onBlur,
}: {
  kind: Kind;
  sections: Sections;
  onChange: (key: keyof Sections, value: string) => void;
  onBlur: () => void;
}) {
  return (
    <fieldset className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      <legend className="float-left mb-1 w-full text-base font-semibold text-slate-900">Notes (SOAP)</legend>
      <div className="clear-left flex flex-col gap-3">
        {LABELS[kind].map(([key, label, hint]) => (
          <Field key={key} label={label} hint={hint}>
            <Textarea value={sections[key]} rows={3} maxLength={20_000} onChange={(e) => onChange(key, e.target.value)} onBlur={onBlur} />
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
