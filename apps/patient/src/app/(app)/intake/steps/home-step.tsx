import { Text, YNU } from "../fields";
import type { StepProps } from "../wizard-types";

const HOME_QUESTIONS: [string, string][] = [
  ["safeQuietPlaceForDoses", "Do you have a safe, quiet place at home where you can rest during treatment?"],
  ["noDrivingUntilNextDay", "Can you avoid driving until the next day after each treatment?"],
  ["transportForInPersonCare", "Do you have a way to get to in-person care if needed?"],
  ["hasWorkingHomeBpCuff", "Do you have a working blood pressure cuff at home?"],
  ["canCommitToFollowUps", "Can you commit to the follow-up visits?"],
];

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
