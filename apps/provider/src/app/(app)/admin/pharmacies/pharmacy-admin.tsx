"use client";

import { Building2, Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";
import { Switch } from "@clearwell/ui/switch";
import { TBody, TD, TH, THead, TR, Table } from "@clearwell/ui/table";

import { stateName } from "~/lib/format";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { AdminPage } from "../prescribing/_shared/admins-only";
import { PageError, PageLoading } from "../prescribing/_shared/page-states";
import type { PharmacyItem } from "./pharmacy-dialog";
import { PharmacyDialog } from "./pharmacy-dialog";

function States({ states }: { states: string[] }) {
  if (!states.length) return <span className="text-slate-600">None</span>;
  return (
    <span className="flex max-w-64 flex-wrap gap-1">
      {states.map((s) => (
        <abbr key={s} title={stateName(s)} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700 no-underline">
          {s}
        </abbr>
      ))}
    </span>
  );
}

/** Why prescribers will not see a pharmacy, in words (DOMAIN.md §4.5: licensed compounding pharmacy that accepts EPCS). */
function unusableBecause(p: PharmacyItem): string | null {
  const why = [!p.active ? "turned off" : null, !p.epcsCapable ? "does not accept EPCS" : null, !p.compounding ? "does not compound" : null].filter(Boolean);
  return why.length ? `Not offered for ketamine prescriptions: ${why.join(", ")}.` : null;
}

function Capabilities({ p }: { p: PharmacyItem }) {
  return (
    <span className="flex flex-wrap gap-1">
      {p.epcsCapable ? <Badge variant="success">EPCS</Badge> : <Badge variant="warning">No EPCS</Badge>}
      {p.compounding ? <Badge variant="brand">Compounding</Badge> : <Badge variant="neutral">Not compounding</Badge>}
    </span>
  );
}

/** The clinic's compounding pharmacy directory (issue 12 §1). */
export function PharmacyAdmin() {
  return (
    <AdminPage header={<PageHeader title="Pharmacies" />}>
      <PharmacyAdminPage />
    </AdminPage>
  );
}

function PharmacyAdminPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.pharmacy.list.queryOptions());
  const setActive = useMutation(trpc.pharmacy.setActive.mutationOptions());
  const [editing, setEditing] = useState<PharmacyItem | null>(null);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.pharmacy.list.queryKey() });
  const add = () => {
    setEditing(null);
    setOpen(true);
  };

  const header = (
    <PageHeader
      title="Pharmacies"
      description="Compounding pharmacies prescribers can send ketamine prescriptions to. Only active pharmacies that accept EPCS and ship to the patient's state are offered."
      actions={
        list.isSuccess ? (
          <Button onClick={add}>
            <Plus aria-hidden="true" />
            Add pharmacy
          </Button>
        ) : null
      }
    />
  );
  if (list.isPending) return <PageLoading header={header} label="Loading pharmacies…" />;
  if (list.isError) return <PageError header={header} error={list.error} what="pharmacies" onRetry={() => void list.refetch()} retrying={list.isFetching} />;

  const toggle = (p: PharmacyItem, active: boolean) => {
    setNotice(null);
    setError(null);
    setActive.mutate(
      { id: p.id, active },
      {
        onSuccess: async (saved) => {
          await refresh();
          setNotice(saved.active ? `${saved.name} is offered to prescribers again.` : `${saved.name} is no longer offered. Prescriptions already sent there are not affected.`);
        },
        onError: (err) => setError(`${p.name}: ${errorMessage(err)}`),
      },
    );
  };
  const edit = (p: PharmacyItem) => {
    setEditing(p);
    setOpen(true);
  };
  const items = list.data.items;

  return (
    <div>
      {header}
      <PharmacyDialog
        open={open}
        pharmacy={editing}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) void refresh();
        }}
        onSaved={(saved, created) => {
          setOpen(false);
          void refresh();
          setNotice(created ? `Added ${saved.name}.` : `Saved ${saved.name}.`);
        }}
      />
      {notice ? (
        <Alert variant="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}
      {error ? (
        <Alert variant="error" className="mb-4">
          {error}
        </Alert>
      ) : null}

      {items.length === 0 ? (
        <EmptyState
          icon={Building2}
          title="No pharmacies yet"
          description="Add the compounding pharmacy that makes your patients' ketamine, with its NCPDP ID and the states it ships to."
          action={
            <Button onClick={add}>
              <Plus aria-hidden="true" />
              Add pharmacy
            </Button>
          }
        />
      ) : (
        <>
          {/* Phones: one card per pharmacy; wider screens: the table. */}
          <ul className="flex flex-col gap-3 md:hidden" aria-label="Pharmacies">
            {items.map((p) => {
              const why = unusableBecause(p);
              const labelId = `pharmacy-${p.id}-active-m`;
              return (
                <li key={p.id} className="rounded-card border border-line bg-white p-4 shadow-sm">
                  <p className="font-medium text-slate-900">{p.name}</p>
                  <p className="text-sm text-slate-600">
                    {p.addressLine1}
                    {p.addressLine2 ? `, ${p.addressLine2}` : ""}, {p.city}, {p.state} {p.postalCode}
                  </p>
                  <dl className="mt-3 grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-2 text-sm">
                    <dt className="text-slate-600">NCPDP ID</dt>
                    <dd className="font-mono">{p.ncpdpId}</dd>
                    <dt className="text-slate-600">NPI</dt>
                    <dd className="font-mono">{p.npi}</dd>
                    <dt className="text-slate-600">Phone</dt>
                    <dd>{p.phone}</dd>
                    <dt className="text-slate-600">Ships to</dt>
                    <dd>
                      <States states={p.shipsToStates} />
                    </dd>
                    <dt className="text-slate-600">Can</dt>
                    <dd>
                      <Capabilities p={p} />
                    </dd>
                  </dl>
                  {why ? <p className="mt-3 text-sm text-amber-900">{why}</p> : null}
                  <div className="mt-3 flex items-center justify-between gap-2 border-t border-slate-100 pt-3">
                    <div className="flex items-center gap-2">
                      <Switch checked={p.active} onChange={(next) => toggle(p, next)} disabled={setActive.isPending} labelledBy={labelId} />
                      <span id={labelId} className="text-sm">
                        Active<span className="sr-only">: {p.name}</span>
                      </span>
                    </div>
                    <Button size="sm" variant="secondary" onClick={() => edit(p)} aria-label={`Edit ${p.name}`}>
                      <Pencil aria-hidden="true" />
                      <span aria-hidden="true">Edit</span>
                    </Button>
                  </div>
                </li>
              );
            })}
          </ul>
          <div className="hidden md:block">
            <Table>
              <THead>
                <tr>
                  <TH>Pharmacy</TH>
                  <TH>NCPDP ID / NPI</TH>
                  <TH>Ships to</TH>
                  <TH>Can</TH>
                  <TH>Active</TH>
                  <TH>
                    <span className="sr-only">Actions</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {items.map((p) => {
                  const why = unusableBecause(p);
                  const labelId = `pharmacy-${p.id}-active`;
                  return (
                    <TR key={p.id}>
                      <TD className="min-w-56">
                        <p className="font-medium text-slate-900">{p.name}</p>
                        <p className="text-xs text-slate-600">
                          {p.addressLine1}
                          {p.addressLine2 ? `, ${p.addressLine2}` : ""}, {p.city}, {p.state} {p.postalCode} · {p.phone}
                        </p>
                        {why ? <p className="mt-1 text-xs text-amber-900">{why}</p> : null}
                      </TD>
                      <TD className="font-mono text-xs whitespace-nowrap">
                        {p.ncpdpId}
                        <span className="block text-slate-600">{p.npi}</span>
                      </TD>
                      <TD>
                        <States states={p.shipsToStates} />
                      </TD>
                      <TD>
                        <Capabilities p={p} />
                      </TD>
                      <TD>
                        <span id={labelId} className="sr-only">
                          Active: {p.name}
                        </span>
                        <Switch checked={p.active} onChange={(next) => toggle(p, next)} disabled={setActive.isPending} labelledBy={labelId} />
                      </TD>
                      <TD className="w-px text-right">
                        <Button size="icon" variant="ghost" className="size-8" onClick={() => edit(p)} aria-label={`Edit ${p.name}`} title="Edit">
                          <Pencil aria-hidden="true" />
                        </Button>
                      </TD>
                    </TR>
                  );
                })}
              </TBody>
            </Table>
          </div>
        </>
      )}
    </div>
  );
}
