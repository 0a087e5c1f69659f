"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus, Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { useState } from "react";
import type { FieldValues, Resolver } from "react-hook-form";
import { Controller, useFieldArray, useForm, useWatch } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Select } from "@clearwell/ui/select";
import { Switch } from "@clearwell/ui/switch";
import type { ZPrescribingSettingsOutput } from "@clearwell/validators/output/prescribing-admin";
import type { TPrescribingSettingsUpdateInput } from "@clearwell/validators/prescribing-admin";
import { ZPrescribingSettingsUpdateInput } from "@clearwell/validators/prescribing-admin";
import type { z } from "zod";

import { StateSelect } from "~/components/state-select";
import { formatDate, formatInstant, stateName } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { AdminPage } from "./_shared/admins-only";
import { PageError, PageLoading } from "./_shared/page-states";
import { applyServerErrors } from "./_shared/server-errors";

type Settings = z.infer<typeof ZPrescribingSettingsOutput>;
type Update = z.output<typeof ZPrescribingSettingsUpdateInput>;

const updateResolver = zodResolver(ZPrescribingSettingsUpdateInput);

/** A resolver that turns the card's form values into the update input first, then checks it with the server's schema. */
function resolverVia<T extends FieldValues>(toInput: (v: T) => TPrescribingSettingsUpdateInput): Resolver<T, unknown, Update> {
  return (values, ctx, opts) => updateResolver(toInput(values), ctx, opts as never) as never;
}

/** The clinic's prescribing configuration: every "(C)" of DOMAIN.md §4 that an admin decides. */
export function PrescribingSettings() {
  return (
    <AdminPage header={<PageHeader title="Prescribing settings" />}>
      <PrescribingSettingsPage />
    </AdminPage>
  );
}

function PrescribingSettingsPage() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.prescribingSettings.get.queryOptions());
  const header = (
    <PageHeader
      title="Prescribing settings"
      description="What your clinic's counsel has decided about telemedicine prescribing of ketamine: the legal basis, refills, PDMP checks and who may prepare drafts. The prescription checklist enforces these."
    />
  );
  if (settings.isPending) return <PageLoading header={header} label="Loading prescribing settings…" rows={4} />;
  if (settings.isError) return <PageError header={header} error={settings.error} what="prescribing settings" onRetry={() => void settings.refetch()} retrying={settings.isFetching} />;
  const s = settings.data;
  return (
    <div className="flex flex-col gap-6">
      {header}
      {s.updatedAt ? (
        <p className="-mt-4 text-sm text-slate-600">
          Last changed {formatInstant(s.updatedAt)}
          {s.updatedByName ? ` by ${s.updatedByName}` : ""}.
        </p>
      ) : (
        <p className="-mt-4 text-sm text-slate-600">Nobody has changed these yet: the defaults below apply.</p>
      )}
      {/* Each card saves its own values; after a save it starts again from what the server now has. */}
      <LegalBasisCard s={s} />
      <RefillsCard s={s} />
      <PdmpCard s={s} />
      <DraftsCard s={s} />
    </div>
  );
}

function useSave() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useMutation(
    trpc.prescribingSettings.update.mutationOptions({
      onSuccess: (saved) => qc.setQueryData(trpc.prescribingSettings.get.queryKey(), saved),
    }),
  );
}

function SettingsCard({ id, title, description, children, footer, notice, error }: { id: string; title: string; description: ReactNode; children: ReactNode; footer: ReactNode; notice: string | null; error: string | null }) {
  return (
    <Card aria-labelledby={`${id}-heading`}>
      <CardHeader>
        <CardTitle id={`${id}-heading`}>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {error ? <Alert variant="error">{error}</Alert> : notice ? <Alert variant="success">{notice}</Alert> : null}
        {children}
      </CardContent>
      <CardFooter>{footer}</CardFooter>
    </Card>
  );
}

function SwitchRow({ id, label, description, checked, onChange }: { id: string; label: string; description: ReactNode; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="flex items-start justify-between gap-4 rounded-lg border border-slate-200 p-4">
      <div>
        <p id={`${id}-label`} className="text-sm font-medium text-slate-900">
          {label}
        </p>
        <p id={`${id}-desc`} className="text-sm text-slate-600">
          {description}
        </p>
      </div>
      <Switch checked={checked} onChange={onChange} labelledBy={`${id}-label`} describedBy={`${id}-desc`} />
    </div>
  );
}

/** The calendar day after an ISO date, for "blocked from …". */
function dayAfter(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------ legal basis (DOMAIN.md §4.4, RX16)

interface LegalForm {
  useFlexibility: boolean;
  flexibilityValidUntil: string;
  flexibilityRule: string;
  specialRegistrationEnabled: boolean;
  telemedicineExceptionEnabled: boolean;
  requireDeaInPatientState: boolean;
}

const legalInput = (v: LegalForm): TPrescribingSettingsUpdateInput => ({
  // No flexibility = null: the checklist then fails closed (DOMAIN.md §4.4).
  flexibilityValidUntil: v.useFlexibility ? v.flexibilityValidUntil : null,
  ...(v.useFlexibility ? { flexibilityRule: v.flexibilityRule } : {}),
  specialRegistrationEnabled: v.specialRegistrationEnabled,
  telemedicineExceptionEnabled: v.telemedicineExceptionEnabled,
  requireDeaInPatientState: v.requireDeaInPatientState,
});

const legalForm = (s: Settings): LegalForm => ({
  useFlexibility: s.flexibilityValidUntil !== null,
  flexibilityValidUntil: s.flexibilityValidUntil ?? "2026-12-31",
  flexibilityRule: s.flexibilityRule ?? "",
  specialRegistrationEnabled: s.specialRegistrationEnabled,
  telemedicineExceptionEnabled: s.telemedicineExceptionEnabled,
  requireDeaInPatientState: s.requireDeaInPatientState,
});

function LegalBasisCard({ s }: { s: Settings }) {
  const save = useSave();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<LegalForm, unknown, Update>({ resolver: resolverVia(legalInput), defaultValues: legalForm(s) });
  const { register, control, handleSubmit, formState } = form;
  const v = useWatch({ control });
  const until = v.useFlexibility && /^\d{4}-\d{2}-\d{2}$/.test(v.flexibilityValidUntil ?? "") ? v.flexibilityValidUntil! : null;

  const onSubmit = handleSubmit(async (input) => {
    setNotice(null);
    setError(null);
    try {
      form.reset(legalForm(await save.mutateAsync(input)));
      setNotice("Legal basis settings saved. The prescription checklist uses them from now on.");
    } catch (err) {
      setError(applyServerErrors(err, form.setError, { flexibilityValidUntil: "flexibilityValidUntil", flexibilityRule: "flexibilityRule" }));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <SettingsCard
        id="legal"
        title="Telemedicine legal basis"
        description="Each controlled-substance prescription written after a video visit stores the legal basis it relies on (21 U.S.C. 829(e); DOMAIN §4.4). Only audio-video visits count."
        notice={notice}
        error={error}
        footer={
          <Button type="submit" loading={formState.isSubmitting}>
            Save legal basis
          </Button>
        }
      >
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-700">Today:</span>
          {s.flexibilityInForce ? (
            <Badge variant="success">Temporary flexibility in force until {formatDate(s.flexibilityValidUntil)}</Badge>
          ) : s.flexibilityValidUntil ? (
            <Badge variant="danger">Temporary flexibility ended {formatDate(s.flexibilityValidUntil)}</Badge>
          ) : (
            <Badge variant="warning">No temporary flexibility</Badge>
          )}
        </div>
        <Controller
          control={control}
          name="useFlexibility"
          render={({ field }) => (
            <SwitchRow
              id="use-flexibility"
              label="Rely on the DEA/HHS temporary telemedicine flexibility"
              description="Lets a prescriber prescribe after a video visit without an earlier in-person evaluation, while the flexibility lasts (fourth extension, 90 FR 61301, through 31 December 2026)."
              checked={field.value}
              onChange={field.onChange}
            />
          )}
        />
        {v.useFlexibility ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Flexibility valid until" required error={formState.errors.flexibilityValidUntil?.message} hint="The last day it applies, in the clinic's calendar. Change it only when DEA extends the flexibility.">
              <Input type="date" {...register("flexibilityValidUntil")} />
            </Field>
            <Field label="Rule relied on" error={formState.errors.flexibilityRule?.message} hint="Stored on each prescription that uses it.">
              <Input autoComplete="off" {...register("flexibilityRule")} />
            </Field>
          </div>
        ) : null}
        {until ? (
          <Alert variant="warning" title={`From ${formatDate(dayAfter(until))}, telemedicine prescriptions will be blocked`}>
            After {formatDate(until)} no prescription can rely on the flexibility: a prescriber needs a prior in-person evaluation or, once enabled, a special registration. This happens automatically unless you change the date here.
          </Alert>
        ) : (
          <Alert variant="warning" title="Telemedicine prescriptions need another legal basis">
            With no flexibility, a prescription is blocked unless it records a prior in-person evaluation (date and practitioner) or an enabled special registration.
          </Alert>
        )}
        <Controller
          control={control}
          name="specialRegistrationEnabled"
          render={({ field }) => (
            <SwitchRow
              id="special-registration"
              label="Allow a special registration for telemedicine"
              description="DEA's special registration (proposed rule 90 FR 6541) is not final. Turn this on only when your counsel says it applies; prescribers then enter their registration number."
              checked={field.value}
              onChange={field.onChange}
            />
          )}
        />
        <Controller
          control={control}
          name="telemedicineExceptionEnabled"
          render={({ field }) => (
            <SwitchRow
              id="telemedicine-exception"
              label="Allow a statutory telemedicine exception"
              description="One of the Ryan Haight Act's 'practice of telemedicine' exceptions. Off unless your counsel has confirmed one applies to your clinic."
              checked={field.value}
              onChange={field.onChange}
            />
          )}
        />
        <Controller
          control={control}
          name="requireDeaInPatientState"
          render={({ field }) => (
            <SwitchRow
              id="dea-in-state"
              label="Require a DEA registration in the patient's state"
              description="The prescriber's DEA registration must be for the state the patient was in at the video visit. Stricter than the flexibility's waiver; recommended."
              checked={field.value}
              onChange={field.onChange}
            />
          )}
        />
      </SettingsCard>
    </form>
  );
}

// ------------------------------------------------------------------ refills (21 CFR 1306.22(a))

interface RefillsForm {
  maxRefills: number;
  defaultRefills: number;
}

function RefillsCard({ s }: { s: Settings }) {
  const save = useSave();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<RefillsForm, unknown, Update>({
    resolver: resolverVia((v: RefillsForm) => v),
    defaultValues: { maxRefills: s.maxRefills, defaultRefills: s.defaultRefills },
  });
  const { register, handleSubmit, formState } = form;
  const onSubmit = handleSubmit(async (input) => {
    setNotice(null);
    setError(null);
    try {
      const saved = await save.mutateAsync(input);
      form.reset({ maxRefills: saved.maxRefills, defaultRefills: saved.defaultRefills });
      setNotice(`Saved. New prescriptions start with ${saved.defaultRefills} refill${saved.defaultRefills === 1 ? "" : "s"}; at most ${saved.maxRefills}.`);
    } catch (err) {
      setError(applyServerErrors(err, form.setError, { maxRefills: "maxRefills", defaultRefills: "defaultRefills" }));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <SettingsCard
        id="refills"
        title="Refills"
        description={`Schedule III: at most 5 refills, and nothing can be filled more than ${s.fillableMonths} months after the prescription is written (21 CFR 1306.22(a)).`}
        notice={notice}
        error={error}
        footer={
          <Button type="submit" loading={formState.isSubmitting}>
            Save refills
          </Button>
        }
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Default refills" required error={formState.errors.defaultRefills?.message} hint="What a new prescription starts with. 0 is recommended: a new fill after each follow-up.">
            <Input inputMode="numeric" autoComplete="off" {...register("defaultRefills", { valueAsNumber: true })} />
          </Field>
          <Field label="Maximum refills" required error={formState.errors.maxRefills?.message} hint="0 to 5. A prescription with more is blocked.">
            <Input inputMode="numeric" autoComplete="off" {...register("maxRefills", { valueAsNumber: true })} />
          </Field>
        </div>
      </SettingsCard>
    </form>
  );
}

// ------------------------------------------------------------------ PDMP (DOMAIN.md §4.3, RX17)

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

function PdmpCard({ s }: { s: Settings }) {
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
      setError(applyServerErrors(err, form.setError, { pdmpMaxAgeHours: "pdmpMaxAgeHours", pdmpMinAttemptsWhenUnavailable: "pdmpMinAttemptsWhenUnavailable", pdmpUnavailableMaxDaysSupply: "pdmpUnavailableMaxDaysSupply" }));
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

// ------------------------------------------------------------------ drafts (DOMAIN.md §1 "Create Rx draft: Provider A (C)")

function DraftsCard({ s }: { s: Settings }) {
  const save = useSave();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ allowProviderDrafts: boolean }, unknown, Update>({
    resolver: resolverVia((v: { allowProviderDrafts: boolean }) => v),
    defaultValues: { allowProviderDrafts: s.allowProviderDrafts },
  });
  const onSubmit = form.handleSubmit(async (input) => {
    setNotice(null);
    setError(null);
    try {
      const saved = await save.mutateAsync(input);
      form.reset({ allowProviderDrafts: saved.allowProviderDrafts });
      setNotice(saved.allowProviderDrafts ? "Providers may prepare prescription drafts." : "Only prescribers may prepare prescription drafts.");
    } catch (err) {
      setError(applyServerErrors(err, form.setError, {}));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <SettingsCard
        id="drafts"
        title="Prescription drafts"
        description="Who may prepare a prescription. Only the prescriber named on it can sign it, with their own DEA registration (21 CFR 1311.135)."
        notice={notice}
        error={error}
        footer={
          <Button type="submit" loading={form.formState.isSubmitting}>
            Save drafts setting
          </Button>
        }
      >
        <Controller
          control={form.control}
          name="allowProviderDrafts"
          render={({ field }) => (
            <SwitchRow
              id="provider-drafts"
              label="Allow providers to prepare drafts"
              description="A provider without a DEA registration may prepare a draft for a prescriber on the care team to review and sign."
              checked={field.value}
              onChange={field.onChange}
            />
          )}
        />
      </SettingsCard>
    </form>
  );
}
