"use client";

import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Checkbox } from "@clearwell/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { applyServerError } from "@clearwell/ui/form";
import type { ZPharmacyItem } from "@clearwell/validators/output/prescribing-admin";
import type { TPharmacySaveInput } from "@clearwell/validators/prescribing-admin";
import type { ZPharmacySaveInput } from "@clearwell/validators/prescribing-admin";
import type { z } from "zod";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { StateSelect } from "~/components/state-select";
import { useTRPC } from "~/trpc/react";
import { StateMultiSelect } from "../prescribing/_shared/state-multi-select";
import { errorMessage } from "~/lib/trpc-errors";

export type PharmacyItem = z.infer<typeof ZPharmacyItem>;
// The schema (zod) loads on the form's first check, not with the page.
const pharmacyResolver = lazyZodResolver(() => import("@clearwell/validators/prescribing-admin").then((m) => m.ZPharmacySaveInput));
type Output = z.output<typeof ZPharmacySaveInput>;

const blank = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);

function valuesOf(p: PharmacyItem | null): TPharmacySaveInput {
  if (!p) {
    return {
      name: "",
      ncpdpId: "",
      npi: "",
      addressLine1: "",
      addressLine2: null,
      city: "",
      state: "" as TPharmacySaveInput["state"],
      postalCode: "",
      phone: "",
      shipsToStates: [],
      epcsCapable: true,
      compounding: true,
      active: true,
    };
  }
  return {
    id: p.id,
    name: p.name,
    ncpdpId: p.ncpdpId,
    npi: p.npi,
    addressLine1: p.addressLine1,
    addressLine2: p.addressLine2,
    city: p.city,
    state: p.state as TPharmacySaveInput["state"],
    postalCode: p.postalCode,
    phone: p.phone,
    shipsToStates: p.shipsToStates as TPharmacySaveInput["shipsToStates"],
    epcsCapable: p.epcsCapable,
    compounding: p.compounding,
    active: p.active,
  };
}

/** Add (pharmacy null) or edit a pharmacy of the clinic's directory (DOMAIN.md §4.5). */
export function PharmacyDialog({ open, pharmacy, onOpenChange, onSaved }: { open: boolean; pharmacy: PharmacyItem | null; onOpenChange: (open: boolean) => void; onSaved: (saved: PharmacyItem, created: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="lg">{open ? <PharmacyForm key={pharmacy?.id ?? "new"} pharmacy={pharmacy} onSaved={onSaved} /> : null}</DialogContent>
    </Dialog>
  );
}

function PharmacyForm({ pharmacy, onSaved }: { pharmacy: PharmacyItem | null; onSaved: (saved: PharmacyItem, created: boolean) => void }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.pharmacy.save.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<TPharmacySaveInput, unknown, Output>({ resolver: pharmacyResolver, defaultValues: valuesOf(pharmacy), mode: "onTouched" });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await save.mutateAsync(values);
      onSaved(saved, !pharmacy);
    } catch (err) {
      const keys = ["name", "ncpdpId", "npi", "addressLine1", "addressLine2", "city", "state", "postalCode", "phone", "shipsToStates"] as const;
      setFormError(applyServerError({ setError }, err, { fields: Object.fromEntries(keys.map((k) => [k, k])), message: errorMessage }));
    }
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>{pharmacy ? `Edit ${pharmacy.name}` : "Add pharmacy"}</DialogTitle>
        <DialogDescription>
          Prescribers can send a controlled-substance prescription only to an active compounding pharmacy that accepts EPCS and ships to the patient&apos;s state.
        </DialogDescription>
      </DialogHeader>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label={pharmacy ? "Edit pharmacy" : "Add pharmacy"}>
        {formError ? <Alert variant="error">{formError}</Alert> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Pharmacy name" required error={errors.name?.message} className="sm:col-span-2">
            <Input autoComplete="off" {...register("name")} />
          </Field>
          <Field label="NCPDP ID" required error={errors.ncpdpId?.message} hint="7 digits, the pharmacy's ID on the e-prescribing network.">
            <Input inputMode="numeric" autoComplete="off" className="font-mono" {...register("ncpdpId")} />
          </Field>
          <Field label="NPI" required error={errors.npi?.message} hint="The pharmacy's 10-digit National Provider Identifier.">
            <Input inputMode="numeric" autoComplete="off" className="font-mono" {...register("npi")} />
          </Field>
          <Field label="Street address" required error={errors.addressLine1?.message} className="sm:col-span-2">
            <Input autoComplete="off" {...register("addressLine1")} />
          </Field>
          <Field label="Address line 2 (optional)" error={errors.addressLine2?.message} className="sm:col-span-2">
            <Input autoComplete="off" {...register("addressLine2", { setValueAs: blank })} />
          </Field>
          <Field label="City" required error={errors.city?.message}>
            <Input autoComplete="off" {...register("city")} />
          </Field>
          <Field label="State" required error={errors.state?.message}>
            <StateSelect {...register("state")} />
          </Field>
          <Field label="ZIP code" required error={errors.postalCode?.message}>
            <Input inputMode="numeric" autoComplete="off" {...register("postalCode")} />
          </Field>
          <Field label="Phone" required error={errors.phone?.message}>
            <Input type="tel" autoComplete="off" {...register("phone")} />
          </Field>
        </div>

        <Controller
          control={control}
          name="shipsToStates"
          render={({ field, fieldState }) => (
            <StateMultiSelect
              name={field.name}
              legend="Ships to"
              hint="The states this pharmacy may ship controlled substances to. It is offered only for patients in these states."
              value={field.value as string[]}
              onChange={(next) => {
                field.onChange(next);
                field.onBlur();
              }}
              error={fieldState.error?.message ?? (errors.shipsToStates as { message?: string } | undefined)?.message}
            />
          )}
        />

        <fieldset className="flex flex-col gap-1 rounded-lg border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold text-slate-900">What it can do</legend>
          <Checkbox label="Accepts EPCS" description="Receives electronic prescriptions for controlled substances (21 CFR 1311). Needed for ketamine." {...register("epcsCapable")} />
          <Checkbox label="Compounding pharmacy" description="Makes the troches, tablets or sprays for each patient (FD&C Act 503A)." {...register("compounding")} />
          <Checkbox label="Active" description="Offered to prescribers. Turn off to stop new prescriptions going here; sent ones are not affected." {...register("active")} />
        </fieldset>

        <DialogFooter className="mt-0">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button type="submit" loading={isSubmitting}>
            {pharmacy ? "Save changes" : "Add pharmacy"}
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}
