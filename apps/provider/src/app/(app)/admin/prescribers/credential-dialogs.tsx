"use client";

import type { ReactNode } from "react";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field } from "@clearwell/ui/field";
import { Input, Textarea } from "@clearwell/ui/input";
import { applyServerError } from "@clearwell/ui/form";
import type { ZDeaItem, ZLicenceItem, ZPrescriberItem } from "@clearwell/validators/output/prescribing-admin";
import type {
  TPrescriberSaveDeaInput,
  TPrescriberSaveLicenceInput,
  TPrescriberSaveProfileInput,
  TPrescriberVerifyCredentialInput,
} from "@clearwell/validators/prescribing-admin";
import type {
  ZPrescriberSaveDeaInput,
  ZPrescriberSaveLicenceInput,
  ZPrescriberSaveProfileInput,
  ZPrescriberVerifyCredentialInput,
} from "@clearwell/validators/prescribing-admin";
import { DEA_SCHEDULES } from "@clearwell/validators/choices/prescribing";
import type { z } from "zod";

import { StateSelect } from "~/components/state-select";
import { formatDate, stateName } from "~/lib/format";
import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "~/lib/trpc-errors";

export type Prescriber = z.infer<typeof ZPrescriberItem>;
export type Licence = z.infer<typeof ZLicenceItem>;
export type Dea = z.infer<typeof ZDeaItem>;

/** What a dialog is open for; null when none. */
export type CredentialDialog =
  | { kind: "profile"; prescriber: Prescriber }
  | { kind: "licence"; prescriber: Prescriber; licence: Licence | null }
  | { kind: "dea"; prescriber: Prescriber; dea: Dea | null }
  | { kind: "verify"; prescriber: Prescriber; credential: { kind: "licence"; item: Licence } | { kind: "dea"; item: Dea } };

export function CredentialDialogs({ open, onClose, onSaved }: { open: CredentialDialog | null; onClose: () => void; onSaved: (message: string) => void }) {
  return (
    <Dialog open={open !== null} onOpenChange={(next) => !next && onClose()}>
      <DialogContent size="lg">
        {open?.kind === "profile" ? <ProfileForm key={open.prescriber.userId} prescriber={open.prescriber} onSaved={onSaved} /> : null}
        {open?.kind === "licence" ? <LicenceForm key={open.licence?.id ?? "new"} prescriber={open.prescriber} licence={open.licence} onSaved={onSaved} /> : null}
        {open?.kind === "dea" ? <DeaForm key={open.dea?.id ?? "new"} prescriber={open.prescriber} dea={open.dea} onSaved={onSaved} /> : null}
        {open?.kind === "verify" ? <VerifyForm key={open.credential.item.id} prescriber={open.prescriber} credential={open.credential} onSaved={onSaved} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function Footer({ submitting, label }: { submitting: boolean; label: string }) {
  return (
    <DialogFooter className="mt-0">
      <DialogClose asChild>
        <Button variant="secondary">Cancel</Button>
      </DialogClose>
      <Button type="submit" loading={submitting}>
        {label}
      </Button>
    </DialogFooter>
  );
}

function FormShell({ title, description, error, onSubmit, children }: { title: string; description: ReactNode; error: string | null; onSubmit: () => void; children: ReactNode }) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        noValidate
        aria-label={title}
        className="flex flex-col gap-4"
      >
        {error ? <Alert variant="error">{error}</Alert> : null}
        {children}
      </form>
    </>
  );
}

// The schemas (zod) load on a form's first check, not with the page.
const schemas = () => import("@clearwell/validators/prescribing-admin");
const profileResolver = lazyZodResolver(() => schemas().then((m) => m.ZPrescriberSaveProfileInput));
const licenceResolver = lazyZodResolver(() => schemas().then((m) => m.ZPrescriberSaveLicenceInput));
const deaResolver = lazyZodResolver(() => schemas().then((m) => m.ZPrescriberSaveDeaInput));
const verifyResolver = lazyZodResolver(() => schemas().then((m) => m.ZPrescriberVerifyCredentialInput));

const blank = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);

// ------------------------------------------------------------------ profile (NewRx Prescriber: NPI, address, phone)

function ProfileForm({ prescriber, onSaved }: { prescriber: Prescriber; onSaved: (m: string) => void }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.prescriber.saveProfile.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const p = prescriber.profile;
  const form = useForm<TPrescriberSaveProfileInput, unknown, z.output<typeof ZPrescriberSaveProfileInput>>({
    resolver: profileResolver,
    mode: "onTouched",
    defaultValues: {
      userId: prescriber.userId,
      npi: p?.npi ?? "",
      address: {
        line1: p?.address.line1 ?? "",
        line2: p?.address.line2 ?? null,
        city: p?.address.city ?? "",
        state: (p?.address.state ?? "") as TPrescriberSaveProfileInput["address"]["state"],
        postalCode: p?.address.postalCode ?? "",
      },
      phone: p?.phone ?? "",
    },
  });
  const { register, formState } = form;
  const e = formState.errors;
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      await save.mutateAsync(values);
      onSaved(`Saved ${prescriber.name}'s NPI, address and phone.`);
    } catch (err) {
      setError(applyServerError({ setError: form.setError }, err, { fields: { npi: "npi", phone: "phone", address: "address.line1" }, message: errorMessage }));
    }
  });
  return (
    <FormShell title={`${prescriber.name}: prescriber details`} description="Sent with every prescription they sign (NewRx Prescriber: NPI, address, phone)." error={error} onSubmit={() => void submit()}>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="NPI" required error={e.npi?.message} hint="10 digits; the check digit is checked.">
          <Input inputMode="numeric" autoComplete="off" className="font-mono" {...register("npi")} />
        </Field>
        <Field label="Phone" required error={e.phone?.message}>
          <Input type="tel" autoComplete="off" {...register("phone")} />
        </Field>
        <Field label="Street address" required error={e.address?.line1?.message} className="sm:col-span-2">
          <Input autoComplete="off" {...register("address.line1")} />
        </Field>
        <Field label="Address line 2 (optional)" error={e.address?.line2?.message} className="sm:col-span-2">
          <Input autoComplete="off" {...register("address.line2", { setValueAs: blank })} />
        </Field>
        <Field label="City" required error={e.address?.city?.message}>
          <Input autoComplete="off" {...register("address.city")} />
        </Field>
        <Field label="State" required error={e.address?.state?.message}>
          <StateSelect {...register("address.state")} />
        </Field>
        <Field label="ZIP code" required error={e.address?.postalCode?.message}>
          <Input inputMode="numeric" autoComplete="off" {...register("address.postalCode")} />
        </Field>
      </div>
      <Footer submitting={formState.isSubmitting} label="Save details" />
    </FormShell>
  );
}

const CLEARS = "Saving a change clears its verification: someone other than you must verify it again before it counts.";

// ------------------------------------------------------------------ state licence

function LicenceForm({ prescriber, licence, onSaved }: { prescriber: Prescriber; licence: Licence | null; onSaved: (m: string) => void }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.prescriber.saveLicence.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const form = useForm<TPrescriberSaveLicenceInput, unknown, z.output<typeof ZPrescriberSaveLicenceInput>>({
    resolver: licenceResolver,
    mode: "onTouched",
    defaultValues: {
      ...(licence ? { id: licence.id } : {}),
      userId: prescriber.userId,
      state: (licence?.state ?? "") as TPrescriberSaveLicenceInput["state"],
      number: licence?.number ?? "",
      expiresOn: licence?.expiresOn ?? "",
    },
  });
  const { register, formState } = form;
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      await save.mutateAsync(values);
      onSaved(`${licence ? "Saved" : "Recorded"} ${prescriber.name}'s ${stateName(values.state)} licence. It needs a second person's verification.`);
    } catch (err) {
      setError(applyServerError({ setError: form.setError }, err, { fields: { state: "state", number: "number", expiresOn: "expiresOn" }, message: errorMessage }));
    }
  });
  return (
    <FormShell
      title={licence ? `Edit ${prescriber.name}'s ${stateName(licence.state)} licence` : `Add a state licence for ${prescriber.name}`}
      description={licence ? CLEARS : "After you record it, another admin checks it with the state board and verifies it."}
      error={error}
      onSubmit={() => void submit()}
    >
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="State" required error={formState.errors.state?.message}>
          <StateSelect {...register("state")} />
        </Field>
        <Field label="Licence number" required error={formState.errors.number?.message}>
          <Input autoComplete="off" className="font-mono" {...register("number")} />
        </Field>
        <Field label="Expires on" required error={formState.errors.expiresOn?.message} hint="The last day it is valid.">
          <Input type="date" {...register("expiresOn")} />
        </Field>
      </div>
      <Footer submitting={formState.isSubmitting} label={licence ? "Save licence" : "Record licence"} />
    </FormShell>
  );
}

// ------------------------------------------------------------------ DEA registration (1311.135(b))

function DeaForm({ prescriber, dea, onSaved }: { prescriber: Prescriber; dea: Dea | null; onSaved: (m: string) => void }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.prescriber.saveDea.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const form = useForm<TPrescriberSaveDeaInput, unknown, z.output<typeof ZPrescriberSaveDeaInput>>({
    resolver: deaResolver,
    mode: "onTouched",
    defaultValues: {
      ...(dea ? { id: dea.id } : {}),
      userId: prescriber.userId,
      number: dea?.number ?? "",
      state: (dea?.state ?? "") as TPrescriberSaveDeaInput["state"],
      schedules: (dea?.schedules ?? ["3N"]) as TPrescriberSaveDeaInput["schedules"],
      expiresOn: dea?.expiresOn ?? "",
    },
  });
  const { register, control, formState } = form;
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      await save.mutateAsync(values);
      onSaved(`${dea ? "Saved" : "Recorded"} DEA registration ${values.number} (${stateName(values.state)}) for ${prescriber.name}. It needs a second person's verification.`);
    } catch (err) {
      setError(applyServerError({ setError: form.setError }, err, { fields: { number: "number", state: "state", schedules: "schedules", expiresOn: "expiresOn" }, message: errorMessage }));
    }
  });
  return (
    <FormShell
      title={dea ? `Edit DEA registration ${dea.number}` : `Add a DEA registration for ${prescriber.name}`}
      description={dea ? CLEARS : "One registration per state the prescriber prescribes into. Another admin checks it with DEA's registration validation and verifies it."}
      error={error}
      onSubmit={() => void submit()}
    >
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="DEA number" required error={formState.errors.number?.message} hint="Two letters and seven digits.">
          <Input autoComplete="off" className="font-mono uppercase" {...register("number")} />
        </Field>
        <Field label="State" required error={formState.errors.state?.message}>
          <StateSelect {...register("state")} />
        </Field>
        <Field label="Expires on" required error={formState.errors.expiresOn?.message}>
          <Input type="date" {...register("expiresOn")} />
        </Field>
      </div>
      <Controller
        control={control}
        name="schedules"
        render={({ field, fieldState }) => {
          const value = (field.value ?? []) as string[];
          const errorId = "dea-schedules-error";
          return (
            <fieldset aria-describedby={`dea-schedules-hint${fieldState.error ? ` ${errorId}` : ""}`} aria-invalid={fieldState.error ? true : undefined}>
              <legend className="mb-1 text-sm font-medium text-slate-800">Schedules on the registration</legend>
              <p id="dea-schedules-hint" className="mb-2 text-sm text-slate-600">
                Ketamine is Schedule III non-narcotic: the registration must include 3N to prescribe it.
              </p>
              <div className="flex flex-wrap gap-x-5 gap-y-2">
                {DEA_SCHEDULES.map((s) => (
                  <label key={s} className="flex cursor-pointer items-center gap-2 text-sm text-slate-800">
                    <input
                      type="checkbox"
                      name={field.name}
                      value={s}
                      checked={value.includes(s)}
                      onChange={(e) => {
                        field.onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s));
                        field.onBlur();
                      }}
                      className="size-4 accent-teal-700 outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-1"
                    />
                    {s}
                  </label>
                ))}
              </div>
              {fieldState.error ? (
                <p id={errorId} className="mt-1 text-sm font-medium text-red-700">
                  {fieldState.error.message}
                </p>
              ) : null}
            </fieldset>
          );
        }}
      />
      <Footer submitting={formState.isSubmitting} label={dea ? "Save registration" : "Record registration"} />
    </FormShell>
  );
}

// ------------------------------------------------------------------ verification by a second person (1311.125(a))

function VerifyForm({
  prescriber,
  credential,
  onSaved,
}: {
  prescriber: Prescriber;
  credential: { kind: "licence"; item: Licence } | { kind: "dea"; item: Dea };
  onSaved: (m: string) => void;
}) {
  const trpc = useTRPC();
  const verify = useMutation(trpc.prescriber.verifyCredential.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const c = credential.item;
  const form = useForm<TPrescriberVerifyCredentialInput, unknown, z.output<typeof ZPrescriberVerifyCredentialInput>>({
    resolver: verifyResolver,
    mode: "onTouched",
    defaultValues: { kind: credential.kind, id: c.id, note: "" },
  });
  const what = credential.kind === "dea" ? `DEA registration ${c.number} (${stateName(c.state)})` : `${stateName(c.state)} licence ${c.number}`;
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      await verify.mutateAsync(values);
      onSaved(`Verified ${prescriber.name}'s ${what}.`);
    } catch (err) {
      setError(applyServerError({ setError: form.setError }, err, { fields: { note: "note" }, message: errorMessage }));
    }
  });
  return (
    <FormShell
      title={`Verify ${what}`}
      description={`Check it is current with ${credential.kind === "dea" ? "DEA's registration validation" : "the state board's licence lookup"} before you verify it (21 CFR 1311.125(a)). Recorded by ${c.recordedByName ?? "someone else"}; you must be a different person.`}
      error={error}
      onSubmit={() => void submit()}
    >
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1.5 rounded-lg bg-slate-50 p-3 text-sm">
        <dt className="text-slate-600">Holder</dt>
        <dd className="font-medium">{prescriber.name}</dd>
        <dt className="text-slate-600">Number</dt>
        <dd className="font-mono">{c.number}</dd>
        <dt className="text-slate-600">State</dt>
        <dd>{stateName(c.state)}</dd>
        {credential.kind === "dea" ? (
          <>
            <dt className="text-slate-600">Schedules</dt>
            <dd>{credential.item.schedules.join(", ")}</dd>
          </>
        ) : null}
        <dt className="text-slate-600">Expires</dt>
        <dd>{formatDate(c.expiresOn)}</dd>
      </dl>
      <Field label="How you verified it" required error={form.formState.errors.note?.message} hint="e.g. “DEA registration validation, checked today; active, schedules 2-5.”">
        <Textarea rows={3} {...form.register("note")} />
      </Field>
      <Footer submitting={form.formState.isSubmitting} label="Verify as current" />
    </FormShell>
  );
}
