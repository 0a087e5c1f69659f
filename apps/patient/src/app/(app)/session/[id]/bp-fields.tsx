"use client";

import { type AnyForm, FormField } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import type { FieldPath } from "react-hook-form";

import { useGroupError } from "~/components/form-controls";

// The reading's schema (typed text checked as numbers by the shared schema) is in session-schemas.ts.
export const EMPTY_BP = { systolic: "", diastolic: "" };

type WithBp = { bp: { systolic: unknown; diastolic: unknown } };

const digits = (s: string) => s.replace(/[^\d]/g, "").slice(0, 3);

/** A home cuff reading at `bp.systolic` / `bp.diastolic`: the two numbers side by side, as the cuff shows them. */
export function BpFields<T extends WithBp>({ form, idPrefix, disabled }: { form: AnyForm<T>; idPrefix: string; disabled?: boolean }) {
  const whole = useGroupError(form, "bp");
  const box = (k: "systolic" | "diastolic", label: string, hint: string) => (
    <FormField form={form} name={`bp.${k}` as FieldPath<T>} id={`${idPrefix}-${k}`} label={label} hint={hint} required controlled>
      {(p) => (
        <Input
          {...p}
          value={(p.value as string | undefined) ?? ""}
          onChange={(e) => p.onChange(digits(e.target.value))}
          name={k}
          inputMode="numeric"
          autoComplete="off"
          required
          className="h-14 text-2xl font-semibold tabular-nums sm:h-14 sm:text-2xl"
        />
      )}
    </FormField>
  );
  return (
    <fieldset className="flex flex-col gap-3" disabled={disabled}>
      <legend className="mb-1 text-base font-medium text-slate-900">Your blood pressure</legend>
      {whole ? <p className="text-sm font-medium text-red-700">{whole}</p> : null}
      <div className="grid grid-cols-2 gap-3">
        {box("systolic", "Top number", "Systolic")}
        {box("diastolic", "Bottom number", "Diastolic")}
      </div>
    </fieldset>
  );
}

/** How to take a reading the gate can trust. */
export function BpHowTo({ afterRest = false }: { afterRest?: boolean }) {
  return (
    <ul className="flex list-disc flex-col gap-1 pl-5 text-sm text-slate-700">
      {afterRest ? <li>Stay seated, feet flat on the floor, back supported.</li> : <li>Sit quietly for 5 minutes first, feet flat on the floor, back supported.</li>}
      <li>Put the cuff on your bare upper arm, resting on a table at the level of your heart.</li>
      <li>Do not talk while it measures. Type the two numbers exactly as the cuff shows them.</li>
    </ul>
  );
}
