"use client";

import type { FormEvent } from "react";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ELIGIBILITY_EXPIRY_DAYS } from "@clearwell/validators/choices/decision";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { TextField } from "@clearwell/ui/field";
import { Skeleton } from "@clearwell/ui/skeleton";
import { Switch } from "@clearwell/ui/switch";

import { checkWith } from "~/lib/check-with";
import { LoadError } from "~/components/admin-states";
import { errorMessage, fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const { min: MIN_DAYS, max: MAX_DAYS } = ELIGIBILITY_EXPIRY_DAYS;

/** Eligibility decisions, clinic-configurable (DOMAIN.md §2 expiry N days C; §3 OV "co-sign C"; issue 11 §3). */
export function EligibilitySettingsCard() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.clinic.eligibility.queryOptions());

  return (
    <Card aria-labelledby="eligibility-heading">
      <CardHeader>
        <CardTitle id="eligibility-heading">Eligibility decisions</CardTitle>
        <CardDescription>How long a prescriber&apos;s eligibility decision lasts, and how they override a screening rule that allows at-home treatment only with an override.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {settings.isPending ? (
          <div aria-busy="true">
            <span className="sr-only" role="status">
              Loading eligibility settings…
            </span>
            <Skeleton className="h-40 w-full" />
          </div>
        ) : settings.isError ? (
          <LoadError error={settings.error} what="eligibility settings" onRetry={() => void settings.refetch()} retrying={settings.isFetching} />
        ) : (
          <>
            <ExpiryDaysForm saved={settings.data.eligibilityExpiryDays} />
            <CoSignSwitch checked={settings.data.overrideCoSignRequired} refreshing={settings.isFetching} />
          </>
        )}
      </CardContent>
    </Card>
  );
}

const daysOf = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));

/** DOMAIN.md §2 "Expires after N days (C, [U] 90)": fixed on each decision when it is recorded. */
function ExpiryDaysForm({ saved }: { saved: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [draft, setDraft] = useState(String(saved));
  const [localError, setLocalError] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation(
    trpc.clinic.updateEligibility.mutationOptions({
      onSuccess: async (result) => {
        setDraft(String(result.eligibilityExpiryDays));
        await qc.invalidateQueries({ queryKey: trpc.clinic.eligibility.queryKey() });
        setNotice(`Saved. Decisions recorded from now on expire after ${result.eligibilityExpiryDays} days. Decisions already recorded keep their expiry date.`);
      },
    }),
  );
  const error = localError ?? fieldErrorsOf(save.error).eligibilityExpiryDays ?? null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    // The server's schema, so a mistake shows at once beside the field; the server checks again.
    const parsed = await checkWith(() => import("@clearwell/validators/decision").then((m) => m.ZClinicEligibilityInput), { eligibilityExpiryDays: daysOf(draft) });
    if (!parsed.success) {
      setLocalError(parsed.fieldErrors.eligibilityExpiryDays ?? null);
      return;
    }
    save.mutate(parsed.data);
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="expiry-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4">
      <h3 id="expiry-heading" className="text-sm font-medium text-slate-900">
        Decision expiry
      </h3>
      <NoticeOrError notice={notice} error={save.isError && !error ? errorMessage(save.error) : null} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          label="Decisions expire after (days)"
          inputMode="numeric"
          autoComplete="off"
          value={draft}
          onChange={(e) => {
            save.reset();
            setLocalError(null);
            setNotice(null);
            setDraft(e.target.value);
          }}
          error={error}
          hint={`${MIN_DAYS} to ${MAX_DAYS} days. After this a prescriber must decide again before treatment continues. A change applies to decisions recorded from now on; decisions already recorded keep their expiry date.`}
          fieldClassName="sm:max-w-md sm:flex-1"
        />
        {/* Label height plus the gap, so the button lines up with the box beside it. */}
        <Button type="submit" loading={save.isPending} className="sm:mt-[1.625rem]">
          Save expiry
        </Button>
      </div>
    </form>
  );
}

function CoSignSwitch({ checked, refreshing }: { checked: boolean; refreshing: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const update = useMutation(
    trpc.clinic.updateEligibility.mutationOptions({
      onSuccess: async (saved) => {
        await qc.invalidateQueries({ queryKey: trpc.clinic.eligibility.queryKey() });
        setNotice(
          saved.overrideCoSignRequired
            ? "Overrides now need a second prescriber's co-signature before the decision takes effect."
            : "Overrides no longer need a co-signature. Decisions already waiting for one still need it.",
        );
      },
    }),
  );

  return (
    <div className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4">
      <NoticeOrError notice={notice} error={update.isError ? errorMessage(update.error) : null} />
      <div className="flex items-start justify-between gap-4">
        <div>
          <p id="co-sign-label" className="text-sm font-medium text-slate-900">
            Require a co-signature on overrides
          </p>
          <p id="co-sign-desc" className="text-sm text-slate-600">
            The deciding prescriber names a second prescriber on the patient&apos;s care team, who co-signs after re-entering their password. Until then the decision is not in effect. Applies to decisions recorded from now on.
          </p>
        </div>
        <Switch
          checked={checked}
          onChange={(next) => {
            setNotice(null);
            update.mutate({ overrideCoSignRequired: next });
          }}
          disabled={update.isPending || refreshing}
          labelledBy="co-sign-label"
          describedBy="co-sign-desc"
        />
      </div>
    </div>
  );
}

function NoticeOrError({ notice, error }: { notice: string | null; error: string | null }) {
  if (error) return <Alert variant="error">{error}</Alert>;
  return notice ? <Alert variant="success">{notice}</Alert> : null;
}
