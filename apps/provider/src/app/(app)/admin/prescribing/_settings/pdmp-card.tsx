"use client";

import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Controller, useFieldArray, useForm } from "react-hook-form";
import { Button } from "@clearwell/ui/button";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";
import { applyServerError } from "@clearwell/ui/form";
import type { TPrescribingSettingsUpdateInput } from "@clearwell/validators/prescribing-admin";

import { StateSelect } from "~/components/state-select";
import { stateName } from "~/lib/format";
import { type Settings, SettingsCard, SwitchRow, type Update, resolverVia, useSave } from "./card";
import { errorMessage } from "~/lib/trpc-errors";

// The PDMP card (DOMAIN.md §4.3, RX17).

interface PdmpForm {
  pdmpRequiredByDefault: boolean;
  states: { state: string; required: "yes" | "no" }[];
  pdmpMaxAgeHours: number;
  pdmpMinAttemptsWhenUnavailable: number;
  pdmpUnavailableMaxDaysSupply: number;
}

const pdmpInput = (v: PdmpForm): TPrescribingSettingsUpdateInput => ({
  pdmpRequiredByDefault: v.pdmpRequiredByDefault,
  pdmpRequiredByState: Object.fromEntries(v.states.filter((r) => r.state).map((r) => [r.state, r.required === "yes"])) as TPrescribingSettingsUpdateInput["pdmpRequiredByState"],
  pdmpMaxAgeHours: v.pdmpMaxAgeHours,
  pdmpMinAttemptsWhenUnavailable: v.pdmpMinAttemptsWhenUnavailable,
  pdmpUnavailableMaxDaysSupply: v.pdmpUnavailableMaxDaysSupply,
});

const pdmpForm = (s: Settings): PdmpForm => ({
  pdmpRequiredByDefault: s.pdmpRequiredByDefault,
  states: Object.entries(s.pdmpRequiredByState)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, required]) => ({ state, required: required ? "yes" : "no" })),
  pdmpMaxAgeHours: s.pdmpMaxAgeHours,
  pdmpMinAttemptsWhenUnavailable: s.pdmpMinAttemptsWhenUnavailable,
  pdmpUnavailableMaxDaysSupply: s.pdmpUnavailableMaxDaysSupply,
});

export function PdmpCard({ s }: { s: Settings }) {
  const save = useSave();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<PdmpForm, unknown, Update>({ resolver: resolverVia(pdmpInput), defaultValues: pdmpForm(s) });
  const { register, control, handleSubmit, formState, getValues } = form;
  const rows = useFieldArray({ control, name: "states" });
  const [rowError, setRowError] = useState<string | null>(null);

  const onSubmit = handleSubmit(async (input) => {
    setNotice(null);
    setError(null);
    const chosen = getValues("states").map((r) => r.state);
    const missing = chosen.findIndex((st) => !st);
    if (missing >= 0) {
      setRowError(`Choose a state in row ${missing + 1}, or remove the row.`);
      return;
    }
    const dup = chosen.find((st, i) => chosen.indexOf(st) !== i);
    if (dup) {
      setRowError(`${stateName(dup)} is listed twice: keep one row for it.`);
      return;
    }
    setRowError(null);
    try {
      form.reset(pdmpForm(await save.mutateAsync(input)));
      setNotice("PDMP settings saved.");
    } catch (err) {
      setError(applyServerError({ setError: form.setError }, err, { fields: { pdmpMaxAgeHours: "pdmpMaxAgeHours", pdmpMinAttemptsWhenUnavailable: "pdmpMinAttemptsWhenUnavailable", pdmpUnavailableMaxDaysSupply: "pdmpUnavailableMaxDaysSupply" }, message: errorMessage }));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <SettingsCard
        id="pdmp"
        title="PDMP checks"
        description="Whether a prescriber must record a check of the state's prescription drug monitoring program before signing. State mandates vary and some cover Schedule III: set each state your patients live in."
        notice={notice}
        error={error}
        footer={
          <Button type="submit" loading={formState.isSubmitting}>
            Save PDMP settings
          </Button>
        }
      >
        <Controller
          control={control}
          name="pdmpRequiredByDefault"
          render={({ field }) => (
            <SwitchRow
              id="pdmp-default"
              label="Require a PDMP check in states not listed below"
              description="Recommended: a state you have not set is treated as requiring a check (fails closed)."
              checked={field.value}
              onChange={field.onChange}
            />
          )}
        />
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-sm font-medium text-slate-800">Per state</legend>
          {rows.fields.length === 0 ? <p className="text-sm text-slate-600">No state set: the rule above applies everywhere.</p> : null}
          <ul className="flex flex-col gap-2">
            {rows.fields.map((row, i) => (
              <li key={row.id} className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3 sm:flex-row sm:items-end">
                <Field label={`State ${i + 1}`} className="sm:flex-1">
                  <StateSelect {...register(`states.${i}.state`)} />
                </Field>
                <Field label={`PDMP check in state ${i + 1}`} className="sm:w-56">
                  <Select {...register(`states.${i}.required`)}>
                    <option value="yes">Required</option>
                    <option value="no">Not required</option>
                  </Select>
                </Field>
                <Button variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={() => rows.remove(i)} aria-label={`Remove state ${i + 1}`}>
                  <Trash2 aria-hidden="true" />
                  <span aria-hidden="true" className="sm:sr-only">
                    Remove
                  </span>
                </Button>
              </li>
            ))}
          </ul>
          {rowError ? <p className="text-sm font-medium text-red-700" role="alert">{rowError}</p> : null}
          <div>
            <Button size="sm" variant="secondary" onClick={() => rows.append({ state: "", required: "yes" })}>
              <Plus aria-hidden="true" />
              Add a state
            </Button>
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Check valid for (hours)" required hint="How old a PDMP check may be when the prescription is signed." error={formState.errors.pdmpMaxAgeHours?.message}>
            <Input inputMode="numeric" autoComplete="off" {...register("pdmpMaxAgeHours", { valueAsNumber: true })} />
          </Field>
          <Field label="Attempts if unavailable" required hint="Recorded attempts (time, reason) that allow prescribing while the PDMP is down." error={formState.errors.pdmpMinAttemptsWhenUnavailable?.message}>
            <Input inputMode="numeric" autoComplete="off" {...register("pdmpMinAttemptsWhenUnavailable", { valueAsNumber: true })} />
          </Field>
          <Field label="Days' supply if unavailable" required error={formState.errors.pdmpUnavailableMaxDaysSupply?.message} hint="The most a prescription may supply without a PDMP check (90 FR 6504: seven days).">
            <Input inputMode="numeric" autoComplete="off" {...register("pdmpUnavailableMaxDaysSupply", { valueAsNumber: true })} />
          </Field>
        </div>
      </SettingsCard>
    </form>
  );
}
