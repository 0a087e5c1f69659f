"use client";

import Link from "next/link";
import { ChevronDown, Users } from "lucide-react";
import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@clearwell/ui/badge";
import { Spinner } from "@clearwell/ui/spinner";
import { TBody, TD, TH, THead, TR, Table } from "@clearwell/ui/table";

import { linkClass } from "~/components/auth-card";
import { formatInstant } from "~/lib/format";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { OUTCOME, actionLabel, actorName, actorRoles } from "./audit-labels";

export interface AuditEvent {
  id: number;
  occurredAt: Date;
  action: string;
  outcome: string;
  resourceType: string;
  actorName: string | null;
  actorKind: string;
  actorRoles: string[];
  patientId: string | null;
  patientName: string | null;
  patientMrn: string | null;
  listedCount: number | null;
  ipAddress: string | null;
}

/** Phones: one card per event. Wider screens: a table. Both list the same events, newest first. */
export function AuditEvents({ items, timeZone }: { items: AuditEvent[]; timeZone: string }) {
  return (
    <>
      <ol className="flex flex-col gap-3 md:hidden" aria-label="Audit events, newest first">
        {items.map((ev) => (
          <li key={ev.id} className="rounded-card border border-line bg-white p-4 text-sm shadow-sm">
            <div className="flex items-start justify-between gap-3">
              <Action ev={ev} />
              <Outcome outcome={ev.outcome} />
            </div>
            <p className="mt-2 text-xs text-slate-600 tabular-nums">
              <time dateTime={new Date(ev.occurredAt).toISOString()}>{formatInstant(ev.occurredAt, timeZone)}</time>
            </p>
            <dl className="mt-2 grid grid-cols-[4.5rem_minmax(0,1fr)] gap-x-3 gap-y-1.5">
              <dt className="text-slate-600">By</dt>
              <dd>
                <span className="font-medium text-slate-900">{actorName(ev)}</span>
                <span className="block text-xs text-slate-600">{actorRoles(ev)}</span>
              </dd>
              {ev.patientId || ev.listedCount !== null ? (
                <>
                  <dt className="text-slate-600">Patient</dt>
                  <dd className="min-w-0">
                    <Patient ev={ev} />
                  </dd>
                </>
              ) : null}
              <dt className="text-slate-600">IP</dt>
              <dd className="font-mono text-xs break-all">{ev.ipAddress ?? "Unknown"}</dd>
            </dl>
          </li>
        ))}
      </ol>
      <div className="hidden md:block">
        <Table className="table-fixed">
          <caption className="sr-only">Audit events, newest first</caption>
          <colgroup>
            <col className="w-[17%]" />
            <col className="w-[20%]" />
            <col className="w-[25%]" />
            <col className="w-[27%]" />
            <col className="w-[11%]" />
          </colgroup>
          <THead>
            <tr>
              <TH>Time · IP address</TH>
              <TH>By</TH>
              <TH>Event</TH>
              <TH>Patient</TH>
              <TH>Outcome</TH>
            </tr>
          </THead>
          <TBody>
            {items.map((ev) => (
              <TR key={ev.id} className="align-top">
                <TD className="align-top text-xs text-slate-700 tabular-nums">
                  <time dateTime={new Date(ev.occurredAt).toISOString()}>{formatInstant(ev.occurredAt, timeZone)}</time>
                  <span className="mt-0.5 block font-mono break-all text-slate-600">
                    <span className="sr-only">IP address </span>
                    {ev.ipAddress ?? "IP unknown"}
                  </span>
                </TD>
                <TD className="align-top break-words">
                  <span className="block font-medium text-slate-900">{actorName(ev)}</span>
                  <span className="text-xs text-slate-600">{actorRoles(ev)}</span>
                </TD>
                <TD className="align-top">
                  <Action ev={ev} />
                </TD>
                <TD className="align-top break-words">
                  {ev.patientId || ev.listedCount !== null ? <Patient ev={ev} /> : <span className="text-slate-500">—</span>}
                </TD>
                <TD className="align-top">
                  <Outcome outcome={ev.outcome} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </div>
    </>
  );
}

function Action({ ev }: { ev: AuditEvent }) {
  const label = actionLabel(ev.action);
  return (
    <span className="block min-w-0">
      {label ? <span className="block text-slate-900">{label}</span> : null}
      <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs break-all text-slate-800">{ev.action}</code>
    </span>
  );
}

function Outcome({ outcome }: { outcome: string }) {
  const o = OUTCOME[outcome] ?? { label: outcome, variant: "warning" as const };
  return <Badge variant={o.variant}>{o.label}</Badge>;
}

/** The event's patient; a list read names how many it showed and lists them on request. */
function Patient({ ev }: { ev: AuditEvent }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      {ev.patientId ? (
        ev.patientName ? (
          <span>
            <Link href={`/patients/${ev.patientId}`} className={linkClass}>
              {ev.patientName}
            </Link>
            <span className="block font-mono text-xs text-slate-600">{ev.patientMrn}</span>
          </span>
        ) : (
          // Refused reads can name a patient of another clinic (a probe): the id asked for, no name.
          <span className="text-xs text-slate-700">
            Not in this clinic: <span className="font-mono">{ev.patientId.slice(0, 8)}…</span>
          </span>
        )
      ) : null}
      {ev.listedCount !== null ? <ListedPatients eventId={ev.id} count={ev.listedCount} filtered={Boolean(ev.patientId)} /> : null}
    </div>
  );
}

function ListedPatients({ eventId, count, filtered }: { eventId: number; count: number; filtered: boolean }) {
  const trpc = useTRPC();
  const id = useId();
  const [open, setOpen] = useState(false);
  const listed = useQuery({ ...trpc.audit.listReadPatients.queryOptions({ eventId }), enabled: open && count > 0, staleTime: Infinity });
  if (count === 0) return <span className="text-xs text-slate-600">List showed no patients</span>;
  const summary = filtered ? (count === 1 ? "in a list of 1" : `in a list of ${count}`) : `${count} patient${count === 1 ? "" : "s"} shown`;
  return (
    <div className="min-w-0">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex items-center gap-1 rounded text-xs font-medium text-brand-800 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        <Users className="size-3.5" aria-hidden="true" />
        {summary}
        <ChevronDown className={`size-3.5 transition-transform ${open ? "rotate-180" : ""}`} aria-hidden="true" />
      </button>
      <div id={`${id}-list`} hidden={!open}>
        {open ? (
          listed.isPending ? (
            <p className="mt-1 flex items-center gap-2 text-xs text-slate-600" role="status">
              <Spinner className="size-3.5" /> Loading who was shown…
            </p>
          ) : listed.isError ? (
            <p className="mt-1 text-xs font-medium text-red-700" role="alert">
              {errorMessage(listed.error)}
            </p>
          ) : (
            // Focusable: a long list scrolls, and keyboard users must be able to scroll it too.
            <ul
              tabIndex={0}
              className="mt-1 max-h-48 overflow-y-auto rounded text-xs text-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
              aria-label="Patients this list showed"
            >
              {listed.data.items.map((p) => (
                <li key={p.id} className="py-0.5">
                  {p.name} <span className="font-mono text-slate-600">{p.mrn}</span>
                </li>
              ))}
              {listed.data.missing ? <li className="py-0.5 text-slate-600">{listed.data.missing} no longer in this clinic</li> : null}
            </ul>
          )
        ) : null}
      </div>
    </div>
  );
}
