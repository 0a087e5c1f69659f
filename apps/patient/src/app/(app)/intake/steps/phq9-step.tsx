import { FormQuestionnaire } from "~/components/form-controls";
import { PHQ9_ITEMS } from "~/lib/questionnaires";

import type { StepProps } from "../wizard-types";

export function Phq9Step({ form }: StepProps) {
  return <FormQuestionnaire form={form} items={PHQ9_ITEMS} itemsName="items" functionalName="functional" />;
}
