import { Text, YNU } from "../fields";
import { HOME_QUESTIONS } from "../questions";
import type { StepProps } from "../wizard-types";


export function HomeStep({ values, set, err }: StepProps) {
  const p = { values, set, err };
  return (
    <>
      {HOME_QUESTIONS.map(([k, label]) => (
        <YNU key={k} k={k} label={label} {...p} />
      ))}
      <Text k="preferredPharmacy" label="Preferred pharmacy (optional)" hint="Name and address or cross streets." {...p} />
    </>
  );
}
