import { Text, YNU } from "../fields";
import { HOME_QUESTIONS } from "../questions";
import type { StepProps } from "../wizard-types";

export function HomeStep({ form }: StepProps) {
  return (
    <>
      {HOME_QUESTIONS.map(([k, label]) => (
        <YNU key={k} form={form} k={k} label={label} />
      ))}
      <Text form={form} k="preferredPharmacy" label="Preferred pharmacy (optional)" hint="Name and address or cross streets." />
    </>
  );
}
