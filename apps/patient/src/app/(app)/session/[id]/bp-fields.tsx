"use client";

import { TextField } from "@clearwell/ui/field";

import type { FieldErrors } from "~/lib/form-errors";

export interface DraftBp {
  systolic: string;
  diastolic: string;
}

export const EMPTY_BP: DraftBp = { systolic: "", diastolic: "" };

/** Text to number for the zod check: empty stays undefined so the message asks for it. */
export const bpInput = (bp: DraftBp) => ({
  systolic: bp.systolic.trim() === "" ? undefined : Number(bp.systolic),
  diastolic: bp.diastolic.trim() === "" ? undefined : Number(bp.diastolic),
});

/** A home cuff reading: the two numbers side by side, as the cuff shows them. */
export function BpFields({ value, onChange, errors, idPrefix, disabled }: { value: DraftBp; onChange: (v: DraftBp) => void; errors: FieldErrors; idPrefix: string; disabled?: boolean }) {
  const err = (k: "systolic" | "diastolic") => errors[`bp.${k}`] ?? errors[k] ?? null;
  const digits = (s: string) => s.replace(/[^\d]/g, "").slice(0, 3);
  return (
    <fieldset className="flex flex-col gap-3" disabled={disabled}>
      <legend className="mb-1 text-base font-medium text-slate-900">Your blood pressure</legend>
      {errors.bp ? <p className="text-sm font-medium text-red-700">{errors.bp.join(" ")}</p> : null}
      <div className="grid grid-cols-2 gap-3">
        <TextField
          id={`${idPrefix}-systolic`}
          label="Top number"
          hint="Systolic"
          name="systolic"
          inputMode="numeric"
          autoComplete="off"
          value={value.systolic}
          onChange={(e) => onChange({ ...value, systolic: digits(e.target.value) })}
          error={err("systolic")}
          required
          className="h-14 text-2xl font-semibold tabular-nums sm:h-14 sm:text-2xl"
        />
        <TextField
          id={`${idPrefix}-diastolic`}
          label="Bottom number"
          hint="Diastolic"
          name="diastolic"
          inputMode="numeric"
          autoComplete="off"
          value={value.diastolic}
          onChange={(e) => onChange({ ...value, diastolic: digits(e.target.value) })}
          error={err("diastolic")}
          required
          className="h-14 text-2xl font-semibold tabular-nums sm:h-14 sm:text-2xl"
        />
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
