import { TextArea, YNU } from "../fields";
import type { StepProps } from "../wizard-types";

const MED_QUESTIONS: [string, string][] = [
  ["benzodiazepines", "Do you take a benzodiazepine (for example Xanax, Ativan, Klonopin, Valium)?"],
  ["opioids", "Do you take an opioid pain medicine (for example oxycodone, hydrocodone, tramadol)?"],
  ["otherCnsDepressants", "Do you take any other sedating medicine or sleep aid (for example Ambien, gabapentin)?"],
  ["maoi", "Do you take an MAOI antidepressant (for example phenelzine, tranylcypromine, selegiline)?"],
  ["psychostimulants", "Do you take a stimulant (for example Adderall, Ritalin, Vyvanse)?"],
];

export function MedicationsStep({ values, set, err }: StepProps) {
  const p = { values, set, err };
  return (
    <>
      <TextArea
        k="currentMedications"
        label="What medicines, vitamins, or supplements do you take?"
        hint="Include the name and dose if you know it. Write “None” if you don't take any."
        {...p}
      />
      {MED_QUESTIONS.map(([k, label]) => (
        <YNU key={k} k={k} label={label} {...p} />
      ))}
    </>
  );
}
