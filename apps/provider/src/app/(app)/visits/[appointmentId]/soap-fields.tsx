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
  // The structured S/O/A and plan carry what signing needs; these are the clinician's own words.
  follow_up: [
    ["subjective", "Subjective notes", "Anything else the patient reports."],
    ["objective", "Objective notes", "Anything else observed."],
    ["assessment", "Assessment notes", "Your reasoning, in your own words."],
    ["plan", "Plan notes", "Details of the plan: instructions, who does what."],
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
      <legend className="float-left mb-1 w-full text-base font-semibold text-slate-900">{kind === "follow_up" ? "Notes (SOAP, optional)" : "Notes (SOAP)"}</legend>
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
