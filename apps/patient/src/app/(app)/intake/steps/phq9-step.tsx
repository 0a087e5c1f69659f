import { Questionnaire } from "~/components/questionnaire";
import { PHQ9_ITEMS } from "~/lib/questionnaires";

import type { StepProps } from "../wizard-types";

export function Phq9Step({ values, set, err }: StepProps) {
  return <Questionnaire items={PHQ9_ITEMS} values={values} set={set} err={err} />;
}
