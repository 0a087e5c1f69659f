import { TextArea, YNU } from "../fields";
import { MED_QUESTIONS, MEDICATIONS_QUESTION } from "../questions";
import type { StepProps } from "../wizard-types";

export function MedicationsStep({ form }: StepProps) {
  return (
    <>
      <TextArea form={form} k="currentMedications" label={MEDICATIONS_QUESTION} hint="Include the name and dose if you know it. Write “None” if you don't take any." />
      {MED_QUESTIONS.map(([k, label]) => (
        <YNU key={k} form={form} k={k} label={label} />
      ))}
    </>
  );
}
