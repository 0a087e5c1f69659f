import { Questionnaire } from "~/components/questionnaire";
import { GAD7_ITEMS } from "~/lib/questionnaires";

import type { StepProps } from "../wizard-types";

export function Gad7Step({ values, set, err }: StepProps) {
  return <Questionnaire items={GAD7_ITEMS} values={values} set={set} err={err} />;
}
