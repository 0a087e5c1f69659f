import { TextArea, YNU } from "../fields";
import { MED_QUESTIONS, MEDICATIONS_QUESTION } from "../questions";
import type { StepProps } from "../wizard-types";


export function MedicationsStep({ values, set, err }: StepProps) {
  const p = { values, set, err };
  return (
    <>
      <TextArea
        k="currentMedications"
        label={MEDICATIONS_QUESTION}
        hint="Include the name and dose if you know it. Write “None” if you don't take any."
        {...p}
      />
      {MED_QUESTIONS.map(([k, label]) => (
        <YNU key={k} k={k} label={label} {...p} />
      ))}
    </>
  );
}
