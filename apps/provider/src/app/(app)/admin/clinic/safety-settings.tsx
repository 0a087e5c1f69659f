"use client";

import type { ReactNode } from "react";
import { useState } from "react";
import type { FieldErrors, Resolver, UseFormRegister } from "react-hook-form";
import { Controller, useForm } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SafetySettings } from "@clearwell/clinical/alerts/settings";
import { DEFAULT_SAFETY_SETTINGS, validateSafetySettings } from "@clearwell/clinical/alerts/settings";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Field } from "@clearwell/ui/field";
import { Input, Textarea } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";
import { Skeleton } from "@clearwell/ui/skeleton";
import { Switch } from "@clearwell/ui/switch";
import { applyServerError } from "@clearwell/ui/form";
import type { TSafetySettingsUpdateInput } from "@clearwell/validators/alert";
import type { ZSafetySettingsOutput } from "@clearwell/validators/output/alert";
import type { z } from "zod";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { LoadError } from "~/components/admin-states";
import { formatInstant } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "~/lib/trpc-errors";

type Saved = z.infer<typeof ZSafetySettingsOutput>;

const CADENCES = [
  ["weekly", "Weekly"],
  ["every_2_weeks", "Every 2 weeks"],
  ["monthly", "Monthly"],
  ["none", "No scheduled check-ins"],
] as const;

type NumberKey = Exclude<keyof SafetySettings, "fastingRule" | "checkInCadence" | "a1AutoPause" | "onCallUserId" | "backupOnCallUserId">;

/** Form values: numbers as typed (converted by the resolver), "" for nobody on call. */
type SafetyForm = Record<NumberKey, string> & {
  fastingRule: string;
  checkInCadence: SafetySettings["checkInCadence"];
  a1AutoPause: boolean;
  onCallUserId: string;
  backupOnCallUserId: string;
};

/** The bounds of each number (the same as the validators' and the table's checks), for a plain message. */
const RANGE: Record<NumberKey, [number, number]> = {
  bpSystolicMax: [90, 250],
  bpDiastolicMax: [50, 150],
  bpUrgentSystolic: [90, 300],
  bpUrgentDiastolic: [50, 200],
  bpRecheckRestMinutes: [1, 60],
  postDoseCheckHours: [1, 48],
  dissociationWindowMinutes: [1, 1440],
  checkInGraceHours: [1, 336],
  preFollowUpCheckInDays: [1, 14],
  missedFollowUpPauseDays: [1, 90],
  doseDayGraceHours: [1, 72],
  slaCriticalMinutes: [1, 1440],
  slaHighMinutes: [1, 10_080],
  slaMediumMinutes: [1, 20_160],
  slaLowMinutes: [1, 43_200],
};

const NUMBER_KEYS = Object.keys(RANGE) as NumberKey[];

const formOf = (s: Saved): SafetyForm => ({
  ...(Object.fromEntries(NUMBER_KEYS.map((k) => [k, s[k] === null ? "" : String(s[k])])) as Record<NumberKey, string>),
  fastingRule: s.fastingRule,
  checkInCadence: s.checkInCadence,
  a1AutoPause: s.a1AutoPause,
  onCallUserId: s.onCallUserId ?? "",
  backupOnCallUserId: s.backupOnCallUserId ?? "",
});

/** "" -> NaN, so the schema names the field; "12" -> 12. */
const numberOf = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));

const toInput = (v: SafetyForm) => ({
  ...(Object.fromEntries(NUMBER_KEYS.map((k) => [k, numberOf(v[k])])) as Record<NumberKey, number>),
  fastingRule: v.fastingRule,
  checkInCadence: v.checkInCadence,
  a1AutoPause: v.a1AutoPause,
  // An empty low-severity time: a worklist without a deadline.
  slaLowMinutes: v.slaLowMinutes.trim() === "" ? null : numberOf(v.slaLowMinutes),
  onCallUserId: v.onCallUserId || null,
  backupOnCallUserId: v.backupOnCallUserId || null,
});

// The schema (zod) loads on the form's first check, not with the page.
const base = lazyZodResolver(() => import("@clearwell/validators/alert").then((m) => m.ZSafetySettingsUpdateInput));

/**
 * The server's schema first (each number's bounds, said plainly), then packages/clinical's
 * cross-field rules (urgent above the limit, response times in severity order, two different
 * on-call clinicians): the same checks the server makes, so a mistake shows at once by its field.
 */
const resolver: Resolver<SafetyForm, unknown, TSafetySettingsUpdateInput> = async (values, ctx, opts) => {
  const input = toInput(values);
  const result = await base(input as never, ctx, opts as never);
  const errors: Record<string, { type: string; message: string }> = {};
  for (const [key, err] of Object.entries(result.errors ?? {})) {
    const range = RANGE[key as NumberKey];
    errors[key] = { type: "validate", message: range ? `Enter a whole number from ${range[0]} to ${range[1]}.` : ((err as { message?: string }).message ?? "Check this value.") };
  }
  // All at once: a field the schema already named keeps that message.
  for (const p of validateSafetySettings({ ...DEFAULT_SAFETY_SETTINGS, ...input } as SafetySettings)) errors[p.field] ??= { type: "validate", message: p.message };
  return (Object.keys(errors).length ? { values: {}, errors } : { values: input, errors: {} }) as never;
};

/** Every (C) of DOMAIN.md §7 and the §2 home-session guards: one card, saved together. */
export function SafetySettingsCard() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.safetySettings.get.queryOptions());
  // Here, not in the form: the form starts again from what the server saved (a new key) after a save.
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Card aria-labelledby="safety-heading" data-testid="safety-settings-card">
      <CardHeader>
        <CardTitle id="safety-heading">Safety and alerts</CardTitle>
        <CardDescription>
          The limits the pre-dose safety check uses, how check-ins are scheduled, how fast each alert must be answered and who is on call. Defaults follow the clinical guide; your clinic&apos;s medical director decides the final values.
        </CardDescription>
      </CardHeader>
      {settings.isPending ? (
        <CardContent aria-busy="true">
          <span className="sr-only" role="status">
            Loading safety settings…
          </span>
          <Skeleton className="h-96 w-full" />
        </CardContent>
      ) : settings.isError ? (
        <CardContent>
          <LoadError error={settings.error} what="safety settings" onRetry={() => void settings.refetch()} retrying={settings.isFetching} />
        </CardContent>
      ) : (
        <SafetySettingsForm key={settings.data.updatedAt?.toISOString() ?? "defaults"} saved={settings.data} notice={notice} setNotice={setNotice} />
      )}
    </Card>
  );
}

function SafetySettingsForm({ saved, notice, setNotice }: { saved: Saved; notice: string | null; setNotice: (notice: string | null) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const staff = useQuery(trpc.staff.list.queryOptions());
  const save = useMutation(trpc.safetySettings.update.mutationOptions());
  const form = useForm<SafetyForm, unknown, TSafetySettingsUpdateInput>({ resolver, defaultValues: formOf(saved) });
  const { register, control, handleSubmit, formState, setError, reset } = form;
  const e = formState.errors;
  const clinicians = (staff.data?.members ?? []).filter((m) => m.roles.includes("provider") || m.roles.includes("prescriber"));
  // Someone no longer a clinician may still be saved as on call: keep them choosable so the select says so.
  const extra = [
    saved.onCallUserId && !clinicians.some((c) => c.userId === saved.onCallUserId) ? { userId: saved.onCallUserId, name: `${saved.onCallName ?? "Former member"} (no longer a clinician)` } : null,
    saved.backupOnCallUserId && !clinicians.some((c) => c.userId === saved.backupOnCallUserId) ? { userId: saved.backupOnCallUserId, name: `${saved.backupOnCallName ?? "Former member"} (no longer a clinician)` } : null,
  ].filter((x): x is { userId: string; name: string } => x !== null);
  const people = [...clinicians.map((c) => ({ userId: c.userId, name: c.name })), ...extra.filter((x, i, all) => all.findIndex((y) => y.userId === x.userId) === i)];

  const onSubmit = handleSubmit(async (input) => {
    setNotice(null);
    try {
      const next = await save.mutateAsync(input);
      setNotice("Safety settings saved. New sessions, check-ins and alerts follow them from now on; alerts already raised keep their response time.");
      qc.setQueryData(trpc.safetySettings.get.queryKey(), next);
    } catch (err) {
      const fields = Object.fromEntries([...NUMBER_KEYS, "fastingRule", "checkInCadence", "a1AutoPause", "onCallUserId", "backupOnCallUserId"].map((k) => [k, k])) as Record<string, keyof SafetyForm>;
      const rest = applyServerError({ setError }, err, { fields, message: errorMessage });
      if (rest) setError("root.server", { type: "server", message: rest });
    }
  });

  const num = (name: NumberKey, label: string, hint: ReactNode, required = true) => <NumberField name={name} label={label} hint={hint} register={register} errors={e} required={required} />;

  return (
    <form onSubmit={onSubmit} noValidate>
      <CardContent className="flex flex-col gap-6">
        <p className="text-sm text-slate-600">
          {saved.updatedAt ? `Last changed ${formatInstant(saved.updatedAt)}${saved.updatedByName ? ` by ${saved.updatedByName}` : ""}.` : "Nobody has changed these yet: the defaults below apply."}
        </p>
        {!saved.onCallConfigured ? (
          <Alert variant="warning" title="No on-call clinician">
            A critical alert for a patient with no clinician on their care team reaches nobody, and no alert can escalate past the care team. Choose an on-call clinician before patients start home sessions.
          </Alert>
        ) : null}

        <Group legend="Blood pressure before a session (A3)">
          {num("bpSystolicMax", "Top limit (mmHg)", "Above either limit the session waits for a second reading after rest. Default 140.")}
          {num("bpDiastolicMax", "Bottom limit (mmHg)", "Default 90.")}
          {num("bpUrgentSystolic", "Urgent top (mmHg)", "At or above either urgent value: seek urgent care now, and a critical alert. Default 180.")}
          {num("bpUrgentDiastolic", "Urgent bottom (mmHg)", "Default 120.")}
          {num("bpRecheckRestMinutes", "Recheck rest (minutes)", "Rest before the second reading. Default 5.")}
        </Group>

        <Group legend="Sessions at home">
          <Field label="Fasting rule" required error={e.fastingRule?.message} hint="Shown to the patient with the safety instructions, in plain words." className="sm:col-span-2 lg:col-span-3">
            <Textarea rows={2} maxLength={500} {...register("fastingRule")} />
          </Field>
          {num("postDoseCheckHours", "Post-dose check (hours)", "When the patient is asked how they feel after a session. Default 3.")}
          {num("dissociationWindowMinutes", "Dissociation window (minutes)", "Feeling detached for longer raises a side-effect alert (A4). Default 120.")}
          {num("doseDayGraceHours", "Session-day grace (hours)", "A session not logged by the end of its day plus this is marked missed (A10). Default 6.")}
        </Group>

        <Group legend="Check-ins and follow-ups">
          <Field label="Check-in cadence" required error={e.checkInCadence?.message} hint="PHQ-9 and GAD-7 while on treatment, plus one before each follow-up.">
            <Select {...register("checkInCadence")}>
              {CADENCES.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
          {num("checkInGraceHours", "Check-in grace (hours)", "A check-in not done this long after it is due is overdue (A7). Default 48.")}
          {num("preFollowUpCheckInDays", "Pre-follow-up check-in (days)", "Days before a follow-up visit. Default 2.")}
          {num("missedFollowUpPauseDays", "Missed follow-up pause (days)", "With no follow-up within this many days of the booked one, home sessions pause (A8). Default 7.")}
          <Controller
            control={control}
            name="a1AutoPause"
            render={({ field }) => (
              <div className="flex items-start justify-between gap-4 rounded-lg border border-slate-200 p-4 sm:col-span-2 lg:col-span-3">
                <div>
                  <p id="a1-pause-label" className="text-sm font-medium text-slate-900">
                    Pause home sessions on a self-harm report (A1)
                  </p>
                  <p id="a1-pause-desc" className="text-sm text-slate-600">
                    When a check-in answers the self-harm question with anything but &quot;not at all&quot;, sessions stay paused until a clinician resolves the alert. Recommended.
                  </p>
                </div>
                <Switch checked={field.value} onChange={field.onChange} labelledBy="a1-pause-label" describedBy="a1-pause-desc" />
              </div>
            )}
          />
        </Group>

        <Group legend="Response times" description="How long the owner has to acknowledge an alert before it escalates to the next tier and the admin is told.">
          {num("slaCriticalMinutes", "Critical (minutes)", "Page on-call now. Default 60.")}
          {num("slaHighMinutes", "High (minutes)", "Same day. Default 480 (8 hours).")}
          {num("slaMediumMinutes", "Medium (minutes)", "One business day. Default 1440 (24 hours).")}
          {num("slaLowMinutes", "Low (minutes)", "Leave empty: low alerts are a worklist without a deadline.", false)}
        </Group>

        <Group legend="On call" description="A provider or prescriber of this clinic. Critical alerts page the on-call clinician; when an SLA lapses the alert goes to on-call, then the backup.">
          <Field label="On-call clinician" error={e.onCallUserId?.message} hint={staff.isError ? "The staff list could not be loaded: the current choice is kept." : undefined}>
            <Select {...register("onCallUserId")}>
              <option value="">Nobody</option>
              {people.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Backup on-call clinician" error={e.backupOnCallUserId?.message}>
            <Select {...register("backupOnCallUserId")}>
              <option value="">Nobody</option>
              {people.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
        </Group>

        <div aria-live="polite">
          {e.root?.server?.message ? <Alert variant="error">{e.root.server.message}</Alert> : notice ? <Alert variant="success">{notice}</Alert> : null}
        </div>
      </CardContent>
      <CardFooter className="flex-wrap gap-3">
        <Button type="submit" loading={formState.isSubmitting}>
          Save safety settings
        </Button>
        {formState.isDirty ? (
          <Button type="button" variant="ghost" onClick={() => reset(formOf(saved))}>
            Undo changes
          </Button>
        ) : null}
      </CardFooter>
    </form>
  );
}

function Group({ legend, description, children }: { legend: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-semibold text-slate-900">{legend}</legend>
      {description ? <p className="-mt-1 text-sm text-slate-600">{description}</p> : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">{children}</div>
    </fieldset>
  );
}

function NumberField({ name, label, hint, register, errors, required }: { name: NumberKey; label: string; hint: ReactNode; register: UseFormRegister<SafetyForm>; errors: FieldErrors<SafetyForm>; required: boolean }) {
  return (
    <Field label={label} required={required} error={errors[name]?.message} hint={hint}>
      <Input inputMode="numeric" autoComplete="off" {...register(name)} />
    </Field>
  );
}
