"use client";

import { useEffect, useMemo, useState } from "react";
import type { Resolver } from "react-hook-form";
import { useForm, useWatch } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { FORM_ROUTES } from "@clearwell/clinical/prescribing/formulary";
import type { FormularyForm, FormularyRoute } from "@clearwell/clinical/prescribing/formulary";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field } from "@clearwell/ui/field";
import { Input, Textarea } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";
import { applyServerError } from "@clearwell/ui/form";
import type { ZFormularyItem } from "@clearwell/validators/output/prescribing-admin";
import { FORMULARY_FORMS } from "@clearwell/validators/choices/prescribing";
import type { z } from "zod";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { useTRPC } from "~/trpc/react";
import { FORM_LABEL, NASAL_SPRAY_OFF_REASON, ROUTE_LABEL, UNIT_OF_FORM } from "../prescribing/_shared/labels";
import { sigPreviewOf, withoutOtherFormFields } from "./entry-form";
import type { EntryFormInput, EntryFormOutput } from "./entry-schema";
import { errorMessage } from "~/lib/trpc-errors";

export type FormularyItem = z.infer<typeof ZFormularyItem>;

const NEW_ENTRY: Partial<EntryFormInput> = {
  drugName: "Ketamine HCl",
  form: "troche",
  route: "sublingual",
  strength: { value: undefined as unknown as number, unit: "mg" },
  holdMinutes: null,
  spraysPerMl: null,
  minutesBetweenSprays: null,
  compoundingNote: null,
};

function valuesOf(item: FormularyItem): EntryFormInput {
  return {
    drugName: item.drugName,
    form: item.form,
    route: item.route,
    strength: { value: item.strength.value, unit: "mg" },
    holdMinutes: item.holdMinutes,
    spraysPerMl: item.spraysPerMl,
    minutesBetweenSprays: item.minutesBetweenSprays,
    bounds: { ...item.bounds },
    deaSchedule: item.deaSchedule,
    compoundingNote: item.compoundingNote,
  };
}

// The other form's fields are dropped before the check, as they are before saving.
// The schema (zod) loads on the form's first check, not with the page.
const baseResolver = lazyZodResolver(() => import("./entry-schema").then((m) => m.ZEntryForm));
const resolver: Resolver<EntryFormInput, unknown, EntryFormOutput> = (values, ctx, opts) => baseResolver(withoutOtherFormFields(values), ctx, opts);

const num = { valueAsNumber: true } as const;
const note = { setValueAs: (v: unknown) => (typeof v === "string" && v.trim() ? v : null) } as const;

/** Add (entry null) or edit a formulary entry; the sig preview follows the fields as they are typed. */
export function EntryDialog({ open, entry, onOpenChange, onSaved }: { open: boolean; entry: FormularyItem | null; onOpenChange: (open: boolean) => void; onSaved: (saved: FormularyItem, created: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="lg">
        {/* Keyed so each opening starts from the entry's saved values. */}
        {open ? <EntryForm key={entry?.id ?? "new"} entry={entry} onSaved={onSaved} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function EntryForm({ entry, onSaved }: { entry: FormularyItem | null; onSaved: (saved: FormularyItem, created: boolean) => void }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.formulary.save.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const defaults = useMemo(() => (entry ? valuesOf(entry) : NEW_ENTRY), [entry]);
  const {
    register,
    handleSubmit,
    control,
    setValue,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<EntryFormInput, unknown, EntryFormOutput>({ resolver, defaultValues: defaults, mode: "onTouched" });

  const watched = useWatch({ control }) as EntryFormInput;
  const form = (watched.form ?? "troche") as FormularyForm;
  const unit = UNIT_OF_FORM[form];
  const routes = FORM_ROUTES[form];
  const preview = sigPreviewOf(watched);

  // A form takes only its own routes (a troche is never intranasal).
  useEffect(() => {
    if (!routes.includes(watched.route as FormularyRoute)) setValue("route", routes[0]!, { shouldValidate: false });
  }, [routes, watched.route, setValue]);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await save.mutateAsync({ ...withoutOtherFormFields(values), ...(entry ? { id: entry.id, version: entry.version } : {}) });
      onSaved(saved, !entry);
    } catch (err) {
      setFormError(
        applyServerError({ setError }, err, {
          fields: {
            drugName: "drugName",
            form: "form",
            route: "route",
            strength: "strength.value",
            holdMinutes: "holdMinutes",
            spraysPerMl: "spraysPerMl",
            minutesBetweenSprays: "minutesBetweenSprays",
            compoundingNote: "compoundingNote",
          },
          message: errorMessage,
        }),
      );
    }
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>{entry ? "Edit formulary entry" : "Add formulary entry"}</DialogTitle>
        <DialogDescription>
          Agree these with your compounding pharmacy. Prescriptions keep a copy of the entry they were written from, so an edit never changes a signed prescription.
        </DialogDescription>
      </DialogHeader>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label={entry ? "Edit formulary entry" : "Add formulary entry"}>
        {formError ? <Alert variant="error">{formError}</Alert> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Drug name" required error={errors.drugName?.message} className="sm:col-span-2">
            <Input autoComplete="off" {...register("drugName")} />
          </Field>
          <Field label="Form" required error={errors.form?.message}>
            <Select {...register("form")}>
              {FORMULARY_FORMS.map((f) => (
                <option key={f} value={f}>
                  {FORM_LABEL[f]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Route" required error={errors.route?.message} hint={routes.length === 1 ? "This form is taken only this way." : undefined}>
            <Select {...register("route")}>
              {routes.map((r) => (
                <option key={r} value={r}>
                  {ROUTE_LABEL[r]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={`Strength (mg per ${unit})`} required error={errors.strength?.value?.message}>
            <Input inputMode="decimal" autoComplete="off" {...register("strength.value", num)} />
          </Field>
          {form === "nasal_spray" ? (
            <>
              <Field label="Sprays per mL" required error={errors.spraysPerMl?.message} hint="Of the multi-dose device: turns sprays into the millilitres dispensed.">
                <Input inputMode="decimal" autoComplete="off" {...register("spraysPerMl", num)} />
              </Field>
              <Field label="Minutes between sprays" required error={errors.minutesBetweenSprays?.message}>
                <Input inputMode="numeric" autoComplete="off" {...register("minutesBetweenSprays", num)} />
              </Field>
            </>
          ) : (
            <Field label="Minutes to hold in the mouth" required error={errors.holdMinutes?.message} hint="How long the patient lets it dissolve before spitting out what remains.">
              <Input inputMode="numeric" autoComplete="off" {...register("holdMinutes", num)} />
            </Field>
          )}
        </div>

        <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold text-slate-900">Dose bounds per session</legend>
          <p className="text-sm text-slate-600">A prescription outside these cannot be marked ready or signed (DOMAIN §4.2).</p>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Minimum dose per session (mg)" required error={errors.bounds?.minDoseMgPerSession?.message}>
              <Input inputMode="decimal" autoComplete="off" {...register("bounds.minDoseMgPerSession", num)} />
            </Field>
            <Field label="Maximum dose per session (mg)" required error={errors.bounds?.maxDoseMgPerSession?.message}>
              <Input inputMode="decimal" autoComplete="off" {...register("bounds.maxDoseMgPerSession", num)} />
            </Field>
            <Field label="Maximum titration step (mg)" required error={errors.bounds?.maxTitrationStepMg?.message} hint="The largest increase over the previous prescription's dose per session.">
              <Input inputMode="decimal" autoComplete="off" {...register("bounds.maxTitrationStepMg", num)} />
            </Field>
            <Field label="Minimum days between sessions" required error={errors.bounds?.minDaysBetweenSessions?.message}>
              <Input inputMode="numeric" autoComplete="off" {...register("bounds.minDaysBetweenSessions", num)} />
            </Field>
            <Field label="Maximum sessions per fill" required error={errors.bounds?.maxSessionsPerFill?.message} hint="Keeps the supply at home small: sessions until the next follow-up, at most this.">
              <Input inputMode="numeric" autoComplete="off" {...register("bounds.maxSessionsPerFill", num)} />
            </Field>
          </div>
        </fieldset>

        <Field label="Compounding note (optional)" error={errors.compoundingNote?.message} hint="For the pharmacy, e.g. the base or flavour agreed with them.">
          <Textarea rows={2} {...register("compoundingNote", note)} />
        </Field>

        <section aria-labelledby="sig-preview-heading" className="rounded-lg border border-teal-200 bg-teal-50/60 p-4">
          <h3 id="sig-preview-heading" className="text-sm font-semibold text-slate-900">
            Directions preview
          </h3>
          {preview ? (
            <div aria-live="polite" className="mt-2 flex flex-col gap-3 text-sm text-slate-800">
              <p className="font-medium">{preview.description}</p>
              <div>
                <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
                  Smallest session ({preview.smallest.units} {preview.smallest.units === 1 ? unit : `${unit}s`})
                </p>
                <p>{preview.smallest.sig}</p>
              </div>
              {preview.largest ? (
                <div>
                  <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
                    Largest session ({preview.largest.units} {unit}s)
                  </p>
                  <p>{preview.largest.sig}</p>
                </div>
              ) : null}
            </div>
          ) : (
            <p className="mt-1 text-sm text-slate-600">Fill in the strength, the minutes and the dose bounds to see the directions a prescription will carry.</p>
          )}
        </section>

        {!entry && form === "nasal_spray" ? <Alert variant="warning">A new nasal spray entry starts turned off. {NASAL_SPRAY_OFF_REASON}</Alert> : null}

        <DialogFooter className="mt-0">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button type="submit" loading={isSubmitting}>
            {entry ? "Save changes" : "Add entry"}
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}
