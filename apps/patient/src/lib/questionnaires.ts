// One source for the validated wording (DOMAIN.md §6): never paraphrase or copy it here.
import { GAD7, PHQ9 } from "@clearwell/clinical";

export { FREQUENCY_OPTIONS, FUNCTIONAL_ITEM, FUNCTIONAL_OPTIONS, STEM } from "@clearwell/clinical";
export const PHQ9_ITEMS = PHQ9.items;
export const GAD7_ITEMS = GAD7.items;
