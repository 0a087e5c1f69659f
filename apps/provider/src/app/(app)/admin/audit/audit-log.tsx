"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Filter, ScrollText } from "lucide-react";
import { useMemo, useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Field, TextField } from "@clearwell/ui/field";
import { PageHeader } from "@clearwell/ui/page-header";
import { Select } from "@clearwell/ui/select";
import { Skeleton } from "@clearwell/ui/skeleton";
import { TBody, TD, TH, THead, TR, Table } from "@clearwell/ui/table";
import type { TAuditListInput } from "@clearwell/validators/account";

import { LoadError } from "~/components/admin-states";
import { linkClass } from "~/components/auth-card";
import { formatInstant, zonedTimeToInstant } from "~/lib/format";
import { roleLabel } from "~/lib/roles";
import { fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

interface Filters {
  action: string;
  outcome: "" | "success" | "denied" | "error";
  patientId: string;
  actorUserId: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { action: "", outcome: "", patientId: "", actorUserId: "", from: "", to: "" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 50;

const OUTCOME: Record<string, { label: string; variant: "success" | "warning" | "danger" }> = {
  success: { label: "Success", variant: "success" },
  denied: { label: "Denied", variant: "warning" },
  error: { label: "Error", variant: "danger" },
};

interface ActorFields {
  actorName: string | null;
  actorKind: string;
  actorRoles: string[] | null;
}

const actorName = (ev: ActorFields) => ev.actorName ?? (ev.actorKind === "anonymous" ? "Anonymous" : "Unknown user");

/** Roles at the time of the event; sign-in events carry none, so fall back to the kind. */
function actorDetail(ev: ActorFields): string {
  if (ev.actorKind === "patient") return "Patient";
  if (ev.actorRoles?.length) return ev.actorRoles.map(roleLabel).join(", ");
  return ev.actorKind.charAt(0).toUpperCase() + ev.actorKind.slice(1);
}

function toInput(f: Filters, timeZone: string): Omit<TAuditListInput, "cursor"> {
  return {
    limit: PAGE,
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.patientId.trim() ? { patientId: f.patientId.trim() } : {}),
    ...(f.actorUserId ? { actorUserId: f.actorUserId } : {}),
    // Dates are days at the clinic, whatever the admin's own computer clock says.
    ...(f.from ? { from: zonedTimeToInstant(f.from, "start", timeZone) ?? undefined } : {}),
    ...(f.to ? { to: zonedTimeToInstant(f.to, "end", timeZone) ?? undefined } : {}),
  };
}

export function AuditLog() {
  const trpc = useTRPC();
  const searchParams = useSearchParams();
  const initial: Filters = { ...EMPTY, patientId: searchParams.get("patientId") ?? "" };
  const [draft, setDraft] = useState<Filters>(initial);
  const [applied, setApplied] = useState<Filters>(initial);
  const [draftErrors, setDraftErrors] = useState<Partial<Record<keyof Filters, string>>>({});

  const clinic = useQuery(trpc.clinic.get.queryOptions());
  const staff = useQuery(trpc.staff.list.queryOptions());
  const timeZone = clinic.data?.timezone ?? "UTC";

  const input = useMemo(() => toInput(applied, timeZone), [applied, timeZone]);
  const events = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    enabled: clinic.isSuccess,
  });

  function apply(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const errs: Partial<Record<keyof Filters, string>> = {};
    if (draft.patientId.trim() && !UUID.test(draft.patientId.trim())) errs.patientId = "Paste a patient id (from the patient's page address).";
    if (draft.from && draft.to && draft.from > draft.to) errs.to = "The end date is before the start date.";
    setDraftErrors(errs);
    if (Object.keys(errs).length) return;
    setApplied(draft);
  }

  const set = (key: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const activeCount = Object.values(applied).filter(Boolean).length;
  const serverFieldErrors = events.isError ? fieldErrorsOf(events.error) : {};
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  const header = (
    <PageHeader
      title="Audit log"
      description={`Every read and change of patient data and every access decision in this clinic. Times are clinic time (${timeZone}).`}
    />
  );

  if (clinic.isPending) {
    return (
      <div aria-busy="true">
        {header}
        <span className="sr-only" role="status">Loading audit log…</span>
        <Skeleton className="mb-6 h-40 w-full" />
        <Skeleton className="h-96 w-full" />
      </div>
    );
  }
  if (clinic.isError) {
    return (
      <div>
        {header}
        <LoadError error={clinic.error} what="the audit log" onRetry={() => void clinic.refetch()} retrying={clinic.isFetching} />
      </div>
    );
  }

  return (
    <div>
      {header}
      <Card className="mb-6">
        <CardContent>
          <form onSubmit={apply} aria-label="Filter audit events" className="flex flex-col gap-4">
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              <TextField
                label="Action starts with"
                name="action"
                placeholder="e.g. patient. or staff.roles"
                value={draft.action}
                onChange={set("action")}
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
              />
              <Field label="Outcome">
                <Select name="outcome" value={draft.outcome} onChange={set("outcome")}>
                  <option value="">Any outcome</option>
                  <option value="success">Success</option>
                  <option value="denied">Denied</option>
                  <option value="error">Error</option>
                </Select>
              </Field>
              <Field label="Staff member" hint={staff.isError ? "Staff list unavailable." : undefined}>
                <Select name="actorUserId" value={draft.actorUserId} onChange={set("actorUserId")}>
                  <option value="">Anyone</option>
                  {staff.data?.members.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <TextField
                label="Patient id"
                name="patientId"
                value={draft.patientId}
                onChange={set("patientId")}
                autoComplete="off"
                spellCheck={false}
                className="font-mono text-xs"
                error={draftErrors.patientId ?? serverFieldErrors.patientId}
              />
              <TextField label="From (clinic date)" type="date" name="from" value={draft.from} onChange={set("from")} error={serverFieldErrors.from} />
              <TextField label="To (clinic date)" type="date" name="to" value={draft.to} onChange={set("to")} error={draftErrors.to ?? serverFieldErrors.to} />
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" loading={events.isFetching && !events.isFetchingNextPage}>
                <Filter aria-hidden="true" />
                Apply filters
              </Button>
              <Button
                variant="ghost"
                disabled={activeCount === 0 && !Object.values(draft).some(Boolean)}
                onClick={() => {
                  setDraft(EMPTY);
                  setApplied(EMPTY);
                  setDraftErrors({});
                }}
              >
                Clear
              </Button>
              <p className="text-sm text-slate-600" role="status">
                {activeCount ? `${activeCount} filter${activeCount === 1 ? "" : "s"} applied` : "Showing all events"}
              </p>
            </div>
          </form>
        </CardContent>
      </Card>

      {events.isPending ? (
        <div aria-busy="true">
          <span className="sr-only" role="status">Loading events…</span>
          <Skeleton className="h-96 w-full" />
        </div>
      ) : events.isError ? (
        <LoadError error={events.error} what="audit events" onRetry={() => void events.refetch()} retrying={events.isFetching} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={ScrollText}
          title={activeCount ? "No events match these filters" : "No events yet"}
          description={activeCount ? "Try a wider date range or fewer filters." : "Events appear as staff and patients use Clearwell."}
        />
      ) : (
        <>
          {/* Phones: one card per event. Wider screens: the table. */}
          <ol className="flex flex-col gap-3 md:hidden" aria-label="Audit events, newest first">
            {items.map((ev) => {
              const outcome = OUTCOME[ev.outcome] ?? { label: ev.outcome, variant: "warning" as const };
              return (
                <li key={ev.id} className="rounded-card border border-line bg-white p-4 text-sm shadow-sm">
                  <div className="flex items-start justify-between gap-3">
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">{ev.action}</code>
                    <Badge variant={outcome.variant}>{outcome.label}</Badge>
                  </div>
                  <p className="mt-2 text-xs text-slate-600 tabular-nums">
                    <time dateTime={new Date(ev.occurredAt).toISOString()}>{formatInstant(ev.occurredAt, timeZone)}</time>
                  </p>
                  <dl className="mt-2 grid grid-cols-[4.5rem_1fr] gap-x-3 gap-y-1">
                    <dt className="text-slate-600">Actor</dt>
                    <dd>
                      <span className="font-medium text-slate-900">{actorName(ev)}</span>
                      <span className="text-slate-600"> · {actorDetail(ev)}</span>
                    </dd>
                    {ev.patientId ? (
                      <>
                        <dt className="text-slate-600">Patient</dt>
                        <dd>
                          {ev.patientName ? (
                            <Link href={`/patients/${ev.patientId}`} className={linkClass}>
                              {ev.patientName}
                            </Link>
                          ) : (
                            <span className="font-mono text-xs">{ev.patientId.slice(0, 8)}…</span>
                          )}
                          {ev.patientMrn ? <span className="font-mono text-xs text-slate-600"> {ev.patientMrn}</span> : null}
                        </dd>
                      </>
                    ) : null}
                    <dt className="text-slate-600">IP</dt>
                    <dd className="font-mono text-xs">{ev.ipAddress ?? "—"}</dd>
                  </dl>
                </li>
              );
            })}
          </ol>
          <div className="hidden md:block">
          <Table>
            <caption className="sr-only">Audit events, newest first</caption>
            <THead>
              <tr>
                <TH>Time</TH>
                <TH>Actor</TH>
                <TH>Action</TH>
                <TH>Patient</TH>
                <TH>Outcome</TH>
                <TH>IP address</TH>
              </tr>
            </THead>
            <TBody>
              {items.map((ev) => {
                const outcome = OUTCOME[ev.outcome] ?? { label: ev.outcome, variant: "warning" as const };
                return (
                  <TR key={ev.id}>
                    <TD className="text-xs whitespace-nowrap text-slate-700 tabular-nums">
                      <time dateTime={new Date(ev.occurredAt).toISOString()}>{formatInstant(ev.occurredAt, timeZone)}</time>
                    </TD>
                    <TD className="min-w-40">
                      <span className="block font-medium text-slate-900">
                        {actorName(ev)}
                      </span>
                      <span className="text-xs text-slate-600">{actorDetail(ev)}</span>
                    </TD>
                    <TD>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">{ev.action}</code>
                      {ev.resourceType && !ev.patientId ? <span className="mt-0.5 block text-xs text-slate-600">{ev.resourceType}</span> : null}
                    </TD>
                    <TD className="min-w-36">
                      {ev.patientId ? (
                        ev.patientName ? (
                          <>
                            <Link href={`/patients/${ev.patientId}`} className={linkClass}>
                              {ev.patientName}
                            </Link>
                            <span className="block font-mono text-xs text-slate-600">{ev.patientMrn}</span>
                          </>
                        ) : (
                          <span className="font-mono text-xs text-slate-600">{ev.patientId.slice(0, 8)}…</span>
                        )
                      ) : (
                        <span className="text-slate-500">—</span>
                      )}
                    </TD>
                    <TD>
                      <Badge variant={outcome.variant}>{outcome.label}</Badge>
                    </TD>
                    <TD className="font-mono text-xs whitespace-nowrap text-slate-700">{ev.ipAddress ?? "—"}</TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
          </div>
          <div className="flex flex-col items-center gap-2 py-6">
            {events.hasNextPage ? (
              <Button variant="secondary" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
                Load more
              </Button>
            ) : (
              <p className="text-sm text-slate-600">End of the log for these filters.</p>
            )}
            <p className="text-xs text-slate-600" role="status">
              {items.length} event{items.length === 1 ? "" : "s"} shown
            </p>
            {events.isFetchNextPageError ? <Alert variant="error">Loading more events failed. Try again.</Alert> : null}
          </div>
        </>
      )}
    </div>
  );
}
