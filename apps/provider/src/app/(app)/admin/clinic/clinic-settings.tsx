"use client";

import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@clearwell/ui/card";
import { cn } from "@clearwell/ui/cn";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { CopyButton } from "@clearwell/ui/copy-button";
import { Input } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import { Switch } from "@clearwell/ui/switch";

import { LoadError } from "~/components/admin-states";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { DemoVisitCard } from "./demo-visit-card";
import { EligibilitySettingsCard } from "./eligibility-settings";
import { SafetySettingsCard } from "./safety-settings";
import { SchedulingSettingsCard } from "./scheduling-settings";

export function ClinicSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const clinic = useQuery(trpc.clinic.get.queryOptions());
  const update = useMutation(trpc.clinic.updateEnrolment.mutationOptions());
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const header = <PageHeader title="Clinic settings" description="How new patients find and join your clinic, how visits are booked, how long eligibility decisions last and how overrides are signed." className="mb-0" />;

  if (clinic.isPending) {
    return (
      <div aria-busy="true" className="flex flex-col gap-6">
        {header}
        <span className="sr-only" role="status">Loading clinic settings…</span>
        <Skeleton className="h-32 w-full" />
        <Skeleton className="h-56 w-full" />
      </div>
    );
  }
  if (clinic.isError) {
    return (
      <div className="flex flex-col gap-6">
        {header}
        <LoadError error={clinic.error} what="clinic settings" onRetry={() => void clinic.refetch()} retrying={clinic.isFetching} />
      </div>
    );
  }

  const c = clinic.data;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.clinic.get.queryKey() });

  function setOpen(open: boolean) {
    setNotice(null);
    update.mutate(
      { open },
      {
        // Refetch before announcing, so the switch never shows the old state after the notice.
        onSuccess: async () => {
          await refresh();
          setNotice(open ? "Enrolment is open. The link below works again." : "Enrolment is closed. The link now shows a closed notice.");
        },
      },
    );
  }

  function rotate() {
    setNotice(null);
    update.mutate(
      { rotate: true },
      {
        onSuccess: async () => {
          await refresh();
          setConfirmRotate(false);
          setNotice("A new enrolment link was created. The old link no longer works.");
        },
      },
    );
  }

  return (
    <div className="flex flex-col gap-6">
      {header}
      {notice ? <Alert variant="success">{notice}</Alert> : null}
      {update.isError && !confirmRotate ? <Alert variant="error">{errorMessage(update.error)}</Alert> : null}

      <Card>
        <CardHeader>
          <CardTitle>{c.name}</CardTitle>
          <CardDescription>Clinic details are managed by Clearwell support.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-slate-600">Time zone</dt>
              <dd className="font-medium text-slate-900">{c.timezone}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Phone</dt>
              <dd className="font-medium text-slate-900">{c.phone ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Email</dt>
              <dd className="font-medium break-all text-slate-900">{c.email ?? "—"}</dd>
            </div>
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <CardTitle id="enrolment-heading">Self-enrolment link</CardTitle>
            {c.enrolmentOpen ? <Badge variant="success">Open</Badge> : <Badge variant="neutral">Closed</Badge>}
          </div>
          <CardDescription>
            Anyone with this link can register as a new patient of {c.name}. Share it on your website or in referral letters.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <div className="flex flex-col gap-1.5">
            <label htmlFor="enrolment-link" className="text-sm font-medium text-slate-800">
              Enrolment link
            </label>
            <div className="flex flex-col gap-2 sm:flex-row">
              <Input
                id="enrolment-link"
                readOnly
                value={c.enrolmentUrl}
                className={cn("font-mono text-xs", !c.enrolmentOpen && "text-slate-500 line-through")}
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton value={c.enrolmentUrl} label="Copy link" size="md" />
            </div>
          </div>
          <div className="flex items-start justify-between gap-4 rounded-lg border border-slate-200 p-4">
            <div>
              <p id="enrolment-open-label" className="text-sm font-medium text-slate-900">
                Accept new enrolments
              </p>
              <p id="enrolment-open-desc" className="text-sm text-slate-600">
                When off, the link shows a “not accepting new patients” notice. Invitations still work.
              </p>
            </div>
            <Switch
              checked={c.enrolmentOpen}
              onChange={setOpen}
              disabled={update.isPending || clinic.isFetching}
              labelledBy="enrolment-open-label"
              describedBy="enrolment-open-desc"
            />
          </div>
        </CardContent>
        <CardFooter className="justify-between">
          <p className="text-sm text-slate-600">Link shared too widely? Replace it with a new one.</p>
          <Button variant="secondary" onClick={() => setConfirmRotate(true)}>
            <RefreshCw aria-hidden="true" />
            Create new link
          </Button>
        </CardFooter>
      </Card>

      <SchedulingSettingsCard settings={c.scheduling} />

      <EligibilitySettingsCard />

      <SafetySettingsCard />

      <DemoVisitCard />

      <ConfirmDialog
        open={confirmRotate}
        onOpenChange={(open) => {
          setConfirmRotate(open);
          if (!open) update.reset();
        }}
        title="Replace the enrolment link?"
        description="The current link stops working immediately. Anyone who has it will need the new one."
        confirmLabel="Replace link"
        destructive
        pending={update.isPending || (confirmRotate && clinic.isFetching)}
        onConfirm={rotate}
      >
        {update.isError ? <Alert variant="error">{errorMessage(update.error)}</Alert> : null}
      </ConfirmDialog>
    </div>
  );
}
