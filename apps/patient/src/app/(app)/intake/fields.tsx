"use client";

import type { AnyForm } from "@clearwell/ui/form";
import { FormField } from "@clearwell/ui/form";
import { Input, Textarea } from "@clearwell/ui/input";

import { FormYesNoUnsure } from "~/components/form-controls";

import type { StepData } from "./wizard-types";

type F = { form: AnyForm<StepData>; k: string; label: string };

/** A yes / no / not sure question. */
export function YNU({ form, k, label }: F) {
  return <FormYesNoUnsure form={form} name={k} legend={label} />;
}

/** A whole number of months, blank until answered; gone from the answers when its question hides it. */
const monthsOptions = { setValueAs: (v: unknown) => (v === "" || v === null || v === undefined ? undefined : Number(v)), shouldUnregister: true } as const;

export function Text({
  form,
  k,
  label,
  hint,
  required,
  months,
  ...input
}: F & { hint?: string; required?: boolean; months?: boolean } & Omit<React.ComponentProps<typeof Input>, "name" | "id" | "form">) {
  return (
    <FormField form={form} name={k} label={label} hint={hint} required={required} registerOptions={months ? monthsOptions : undefined}>
      <Input className="h-12 sm:h-11" required={required} {...(months ? { type: "number", inputMode: "numeric", min: 0 } : {})} {...input} />
    </FormField>
  );
}

export function TextArea({ form, k, label, hint }: F & { hint?: string }) {
  return (
    <FormField form={form} name={k} label={label} hint={hint}>
      <Textarea rows={4} className="text-base" />
    </FormField>
  );
}
