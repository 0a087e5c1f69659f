"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Skeleton } from "@clearwell/ui/skeleton";
import { Switch } from "@clearwell/ui/switch";

import { LoadError } from "~/components/admin-states";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** Eligibility decisions, clinic-configurable (DOMAIN.md §3 OV "co-sign C"; issue 11 §3). */
export function EligibilitySettingsCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.clinic.eligibility.queryOptions());
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
    <Card aria-labelledby="eligibility-heading">
      <CardHeader>
        <CardTitle id="eligibility-heading">Eligibility decisions</CardTitle>
        <CardDescription>How prescribers override a screening rule that allows at-home treatment only with an override.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        {update.isError ? <Alert variant="error">{errorMessage(update.error)}</Alert> : null}
        {settings.isPending ? (
          <div aria-busy="true">
            <span className="sr-only" role="status">
              Loading eligibility settings…
            </span>
            <Skeleton className="h-20 w-full" />
          </div>
        ) : settings.isError ? (
          <LoadError error={settings.error} what="eligibility settings" onRetry={() => void settings.refetch()} retrying={settings.isFetching} />
        ) : (
          <div className="flex items-start justify-between gap-4 rounded-lg border border-slate-200 p-4">
            <div>
              <p id="co-sign-label" className="text-sm font-medium text-slate-900">
                Require a co-signature on overrides
              </p>
              <p id="co-sign-desc" className="text-sm text-slate-600">
                The deciding prescriber names a second prescriber on the patient&apos;s care team, who co-signs after re-entering their password. Until then the decision is not in effect. Applies to decisions recorded from now on.
              </p>
            </div>
            <Switch
              checked={settings.data.overrideCoSignRequired}
              onChange={(next) => {
                setNotice(null);
                update.mutate({ overrideCoSignRequired: next });
              }}
              disabled={update.isPending || settings.isFetching}
              labelledBy="co-sign-label"
              describedBy="co-sign-desc"
            />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
