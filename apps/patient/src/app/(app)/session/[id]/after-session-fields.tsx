"use client";

import type { AnyForm } from "@clearwell/ui/form";
import type { FieldPath, FieldValues } from "react-hook-form";

import { FormAlert } from "~/components/form-controls";

import { FormSideEffects } from "./side-effects-picker";

// What the dose log and the after-session check share: side effects from the catalogue with a
// severity each, and "Not sent yet" above the form when the check or the server says no.

export const CHECK_ANSWERS = "Please check the highlighted answers.";

export function NotSentAlert<T extends FieldValues>({ form }: { form: AnyForm<T> }) {
  return <FormAlert form={form} title="Not sent yet" />;
}

export function SideEffectsField<T extends FieldValues>({ form, legend, pickerName }: { form: AnyForm<T>; legend: string; pickerName: string }) {
  return <FormSideEffects form={form} name={"sideEffects" as FieldPath<T>} legend={legend} pickerName={pickerName} />;
}
