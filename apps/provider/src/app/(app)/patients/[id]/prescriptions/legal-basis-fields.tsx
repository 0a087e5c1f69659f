"use client";

import type { UseFormReturn } from "react-hook-form";
import { useWatch } from "react-hook-form";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";

import { formatDate } from "~/lib/format";
import type { BuilderValues } from "./builder-form";
import type { RxContext } from "./rx-labels";
import { LEGAL_BASIS_LABEL } from "./rx-labels";

/** DOMAIN.md §4.4 legal basis: the flexibility in force by default; otherwise the prescriber records another. */
export function LegalBasisFields({ form, ctx, flexValidUntil }: { form: UseFormReturn<BuilderValues>; ctx: RxContext; flexValidUntil: string | null }) {
  const kind = useWatch({ control: form.control, name: "legalBasisKind" });
  const err = form.formState.errors;
  const options = [
    ["temporary_flexibility", flexValidUntil ? `${LEGAL_BASIS_LABEL.temporary_flexibility} (until ${formatDate(flexValidUntil)})` : `${LEGAL_BASIS_LABEL.temporary_flexibility}: none is configured or it has ended`, !flexValidUntil],
    ["prior_in_person_eval", LEGAL_BASIS_LABEL.prior_in_person_eval, false],
    ...(ctx.settings.specialRegistrationEnabled ? [["special_registration", LEGAL_BASIS_LABEL.special_registration, false] as const] : []),
    ...(ctx.settings.telemedicineExceptionEnabled ? [["telemedicine_exception", LEGAL_BASIS_LABEL.telemedicine_exception, false] as const] : []),
  ] as const;
  const rule = ctx.settings.legalBasisDefault?.kind === "temporary_flexibility" ? ctx.settings.legalBasisDefault.rule : null;
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby="rx-legal-hint">
      <legend className="mb-1 text-sm font-medium text-slate-800">
        Legal basis for prescribing by telemedicine <span className="text-red-700">*</span>
      </legend>
      <div className="flex flex-col gap-1">
        {options.map(([value, label, disabled], i) => (
          <label key={value} className={`flex min-h-8 items-center gap-2 text-sm ${disabled ? "text-slate-500" : "text-slate-800"}`}>
            <input type="radio" value={value} disabled={disabled} {...form.register("legalBasisKind")} id={i === 0 ? "rx-legalBasisKind" : undefined} className="size-4 accent-teal-700" />
            {label}
          </label>
        ))}
      </div>
      <p id="rx-legal-hint" className="text-sm text-slate-600">
        {kind === "temporary_flexibility" && rule ? `${rule}. ` : ""}Stored on the prescription; after the flexibility ends, prescribing needs another basis (Ryan Haight Act).
      </p>
      {err.legalBasisKind?.message ? <p className="text-sm font-medium text-red-700">{err.legalBasisKind.message}</p> : null}
      {kind === "prior_in_person_eval" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Date of the in-person evaluation" required error={err.priorEvalDate?.message}>
            <Input type="date" max={ctx.today} {...form.register("priorEvalDate")} />
          </Field>
          <Field label="Practitioner who saw the patient" required error={err.priorEvalPractitioner?.message}>
            <Input maxLength={200} {...form.register("priorEvalPractitioner")} />
          </Field>
        </div>
      ) : null}
      {kind === "special_registration" ? (
        <Field label="Special registration number" required error={err.specialRegistrationNumber?.message}>
          <Input maxLength={40} {...form.register("specialRegistrationNumber")} />
        </Field>
      ) : null}
      {kind === "telemedicine_exception" ? (
        <Field label="Exception that applies" required error={err.telemedicineException?.message}>
          <Input maxLength={200} {...form.register("telemedicineException")} />
        </Field>
      ) : null}
    </fieldset>
  );
}
