"use client";

import { useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { applyServerError } from "@clearwell/ui/form";
import type { TPrescribingSettingsUpdateInput } from "@clearwell/validators/prescribing-admin";

import { formatDate } from "~/lib/format";
import { type Settings, SettingsCard, SwitchRow, type Update, resolverVia, useSave } from "./card";
import { errorMessage } from "~/lib/trpc-errors";

// The telemedicine legal basis card (DOMAIN.md §4.4, RX16).

/** The calendar day after an ISO date, for "blocked from …". */
function dayAfter(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

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

export function LegalBasisCard({ s }: { s: Settings }) {
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
      setError(applyServerError({ setError: form.setError }, err, { fields: { flexibilityValidUntil: "flexibilityValidUntil", flexibilityRule: "flexibilityRule" }, message: errorMessage }));
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
