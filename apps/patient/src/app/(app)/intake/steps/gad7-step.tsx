import { FormQuestionnaire } from "~/components/form-controls";
import { GAD7_ITEMS } from "~/lib/questionnaires";

import type { StepProps } from "../wizard-types";

export function Gad7Step({ form }: StepProps) {
  return <FormQuestionnaire form={form} items={GAD7_ITEMS} itemsName="items" functionalName="functional" />;
}
