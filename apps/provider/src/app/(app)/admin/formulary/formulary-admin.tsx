"use client";

import { Pencil, Pill, Plus } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@clearwell/ui/card";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";
import { Switch } from "@clearwell/ui/switch";

import { formatInstant } from "~/lib/format";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { FORM_LABEL, NASAL_SPRAY_OFF_REASON, ROUTE_LABEL, UNIT_OF_FORM } from "../prescribing/_shared/labels";
import { AdminPage } from "../prescribing/_shared/admins-only";
import { PageError, PageLoading } from "../prescribing/_shared/page-states";
import type { FormularyItem } from "./entry-dialog";
import { EntryDialog } from "./entry-dialog";

/** The clinic formulary (DOMAIN.md §4.1-4.2; issue 12 §1): what prescribers may choose from. */
export function FormularyAdmin() {
  return (
    <AdminPage header={<PageHeader title="Formulary" />}>
      <FormularyAdminPage />
    </AdminPage>
  );
}

function FormularyAdminPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.formulary.list.queryOptions({ includeDisabled: true }));
  const [editing, setEditing] = useState<FormularyItem | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [confirmSpray, setConfirmSpray] = useState<FormularyItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [toggleError, setToggleError] = useState<string | null>(null);
  const setEnabled = useMutation(trpc.formulary.setEnabled.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.formulary.list.queryKey() });

  const header = (
    <PageHeader
      title="Formulary"
      description="The compounded ketamine forms and strengths prescribers can choose, with the dose bounds the prescription checklist enforces. Directions are written from these fields."
      actions={
        list.isSuccess ? (
          <Button
            onClick={() => {
              setEditing(null);
              setDialogOpen(true);
            }}
          >
            <Plus aria-hidden="true" />
            Add entry
          </Button>
        ) : null
      }
    />
  );

  if (list.isPending) return <PageLoading header={header} label="Loading the formulary…" />;
  if (list.isError) return <PageError header={header} error={list.error} what="the formulary" onRetry={() => void list.refetch()} retrying={list.isFetching} />;

  function toggle(item: FormularyItem, enabled: boolean) {
    setNotice(null);
    setToggleError(null);
    setEnabled.mutate(
      { id: item.id, enabled },
      {
        onSuccess: async (saved) => {
          await refresh();
          setConfirmSpray(null);
          setNotice(`${saved.description} is ${saved.enabled ? "now offered to prescribers" : "no longer offered. Prescriptions already written from it are not changed"}.`);
        },
        onError: (err) => setToggleError(`${item.description}: ${errorMessage(err)}`),
      },
    );
  }

  const items = list.data.items;
  return (
    <div>
      {header}
      <EntryDialog
        open={dialogOpen}
        entry={editing}
        onOpenChange={(open) => {
          setDialogOpen(open);
          if (!open) void refresh();
        }}
        onSaved={(saved, created) => {
          setDialogOpen(false);
          void refresh();
          setNotice(created ? `Added ${saved.description}${saved.enabled ? "." : ". It is turned off until you turn it on."}` : `Saved ${saved.description}.`);
        }}
      />
      <ConfirmDialog
        open={confirmSpray !== null}
        onOpenChange={(open) => {
          if (!open) {
            setConfirmSpray(null);
            setToggleError(null);
          }
        }}
        title="Offer the nasal spray to prescribers?"
        description={NASAL_SPRAY_OFF_REASON}
        confirmLabel="Offer nasal spray"
        pending={setEnabled.isPending}
        onConfirm={() => confirmSpray && toggle(confirmSpray, true)}
      >
        {toggleError ? <Alert variant="error">{toggleError}</Alert> : null}
      </ConfirmDialog>

      {notice ? (
        <Alert variant="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}
      {toggleError && !confirmSpray ? (
        <Alert variant="error" className="mb-4">
          {toggleError}
        </Alert>
      ) : null}

      {items.length === 0 ? (
        <EmptyState
          icon={Pill}
          title="No formulary entries yet"
          description="Prescribers can only prescribe from the formulary. Add the troches, tablets or nasal spray your compounding pharmacy makes for you."
          action={
            <Button
              onClick={() => {
                setEditing(null);
                setDialogOpen(true);
              }}
            >
              <Plus aria-hidden="true" />
              Add entry
            </Button>
          }
        />
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2" aria-label="Formulary entries">
          {items.map((item) => (
            <li key={item.id}>
              <EntryCard
                item={item}
                busy={setEnabled.isPending && setEnabled.variables?.id === item.id}
                onEdit={() => {
                  setEditing(item);
                  setDialogOpen(true);
                }}
                onToggle={(next) => (next && item.form === "nasal_spray" ? setConfirmSpray(item) : toggle(item, next))}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function EntryCard({ item, busy, onEdit, onToggle }: { item: FormularyItem; busy: boolean; onEdit: () => void; onToggle: (enabled: boolean) => void }) {
  const unit = UNIT_OF_FORM[item.form];
  const b = item.bounds;
  const labelId = `entry-${item.id}-enabled`;
  return (
    <Card className="flex h-full flex-col">
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <CardTitle as="h2">{item.description}</CardTitle>
          {item.enabled ? <Badge variant="success">Offered</Badge> : <Badge variant="neutral">Turned off</Badge>}
        </div>
        <p className="text-sm text-slate-600">
          {FORM_LABEL[item.form]} · {ROUTE_LABEL[item.route]} · Schedule {item.deaSchedule === "3N" ? "III (non-narcotic, 3N)" : item.deaSchedule}
        </p>
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-4">
        {!item.enabled && item.form === "nasal_spray" ? <Alert variant="info">{NASAL_SPRAY_OFF_REASON}</Alert> : null}
        <dl className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-slate-600">Strength</dt>
          <dd className="text-right font-medium text-slate-900">
            {item.strength.value} mg per {unit}
          </dd>
          {item.form === "nasal_spray" ? (
            <>
              <dt className="text-slate-600">Sprays per mL</dt>
              <dd className="text-right font-medium text-slate-900">{item.spraysPerMl}</dd>
              <dt className="text-slate-600">Minutes between sprays</dt>
              <dd className="text-right font-medium text-slate-900">{item.minutesBetweenSprays}</dd>
            </>
          ) : (
            <>
              <dt className="text-slate-600">Hold in the mouth</dt>
              <dd className="text-right font-medium text-slate-900">{item.holdMinutes} min</dd>
            </>
          )}
          <dt className="text-slate-600">Dose per session</dt>
          <dd className="text-right font-medium text-slate-900">
            {b.minDoseMgPerSession}–{b.maxDoseMgPerSession} mg
          </dd>
          <dt className="text-slate-600">Largest titration step</dt>
          <dd className="text-right font-medium text-slate-900">{b.maxTitrationStepMg} mg</dd>
          <dt className="text-slate-600">Days between sessions, at least</dt>
          <dd className="text-right font-medium text-slate-900">{b.minDaysBetweenSessions}</dd>
          <dt className="text-slate-600">Sessions per fill, at most</dt>
          <dd className="text-right font-medium text-slate-900">{b.maxSessionsPerFill}</dd>
        </dl>
        <div className="rounded-lg bg-slate-50 p-3 text-sm">
          <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Directions (smallest session)</p>
          <p className="mt-1 text-slate-800">{item.sigPreview}</p>
        </div>
        {item.compoundingNote ? <p className="text-sm text-slate-700">Note for the pharmacy: {item.compoundingNote}</p> : null}
        <p className="mt-auto text-xs text-slate-600">
          Version {item.version} · updated {formatInstant(item.updatedAt)}
          {item.updatedByName ? ` by ${item.updatedByName}` : ""}
        </p>
      </CardContent>
      <CardFooter className="justify-between">
        <div className="flex items-center gap-3">
          <Switch checked={item.enabled} onChange={onToggle} disabled={busy} labelledBy={labelId} />
          <span id={labelId} className="text-sm text-slate-800">
            Offer to prescribers<span className="sr-only">: {item.description}</span>
          </span>
        </div>
        <Button size="sm" variant="secondary" onClick={onEdit} aria-label={`Edit ${item.description}`}>
          <Pencil aria-hidden="true" />
          <span aria-hidden="true">Edit</span>
        </Button>
      </CardFooter>
    </Card>
  );
}
