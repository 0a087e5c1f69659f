"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { BellOff } from "lucide-react";
import { useState } from "react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { cn, focusRing } from "@clearwell/ui/cn";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import { TBody, TD, TH, THead, TR, Table, TableCaption } from "@clearwell/ui/table";
import type { TAlertRow } from "@clearwell/validators/output/alert";

import { linkClass } from "~/components/auth-card";
import { RetryAlert } from "~/components/query-states";
import { useMe } from "~/components/shell/use-me";
import { isClinician, patientHref } from "~/lib/roles";
import { errorMessage } from "~/lib/trpc-errors";
import { background, useTRPC } from "~/trpc/react";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import type { InboxScope } from "./alert-labels";
import { SCOPES, isScope, resolutionLabel, ruleTitle, severityOf, slaText, statusOf, tierLabel } from "./alert-labels";
import { EscalateDialog } from "./escalate-dialog";
import { ResolveDialog } from "./resolve-dialog";
import { useMinuteClock } from "./use-now";

const PAGE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The alert inbox (issue 13 §7; DOMAIN.md §7): every alert has an owner, a tier and a response time
 * until it is resolved. What each person sees is decided by the server (DOMAIN.md §1 minimum
 * necessary): clinicians their patients' alerts in full, admin and staff non-clinical ones in
 * neutral words and that a clinical one was escalated. Tabs and the patient filter live in the URL.
 */
export function AlertInbox() {
  const me = useMe();
  const search = useSearchParams();
  const pathname = usePathname();
  const clinician = isClinician(me.roles);
  const requested = search.get("tab");
  const patientParam = search.get("patient");
  const patientId = patientParam && UUID.test(patientParam) ? patientParam : undefined;

  const header = (
    <PageHeader
      title="Alerts"
      description={
        clinician
          ? "Safety alerts for your patients. Each has an owner and a response time, and stays here until it is resolved."
          : "Follow-up items for the clinic. Clinical alerts are shown only to the patient's clinicians; you see when one was escalated."
      }
    />
  );
  if (me.isPending) {
    return (
      <div aria-busy="true">
        {header}
        <span className="sr-only" role="status">
          Loading alerts…
        </span>
        <Skeleton className="mb-4 h-9 w-full max-w-lg" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  // Clinicians start with what they own; admin and staff with everything open they may see.
  const scope: InboxScope = isScope(requested) ? requested : clinician ? "mine" : "open";
  return (
    <div>
      {header}
      <Inbox key={`${scope}:${patientId ?? ""}`} scope={scope} patientId={patientId} pathname={pathname} roles={me.roles} />
    </div>
  );
}

function hrefFor(pathname: string, scope: InboxScope, patientId?: string) {
  const p = new URLSearchParams({ tab: scope });
  if (patientId) p.set("patient", patientId);
  return `${pathname}?${p}`;
}

function Inbox({ scope, patientId, pathname, roles }: { scope: InboxScope; patientId?: string; pathname: string; roles: readonly string[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const now = useMinuteClock();
  const [notice, setNotice] = useState<string | null>(null);
  const [resolving, setResolving] = useState<TAlertRow | null>(null);
  const [escalating, setEscalating] = useState<TAlertRow | null>(null);
  const counts = useQuery({ ...trpc.alert.counts.queryOptions(undefined, background) });
  const list = useInfiniteQuery({
    ...trpc.alert.list.infiniteQueryOptions({ scope, patientId, limit: PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    // A worklist: fresh when opened and every minute (the nav's push also refetches it).
    staleTime: 0,
    refetchInterval: 60_000,
  });
  const acknowledge = useMutation(
    trpc.alert.acknowledge.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.alert.pathKey() });
        setNotice("Acknowledged. It stays with you until it is resolved.");
      },
    }),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const patientName = items[0]?.patient.name;
  const countOf = (s: InboxScope) => (counts.data && s !== "resolved" ? counts.data[s] : null);
  const actions = {
    acknowledging: acknowledge.isPending ? acknowledge.variables?.alertId : undefined,
    onAcknowledge: (r: TAlertRow) => {
      setNotice(null);
      acknowledge.mutate({ alertId: r.id });
    },
    onResolve: (r: TAlertRow) => {
      setNotice(null);
      setResolving(r);
    },
    onEscalate: (r: TAlertRow) => {
      setNotice(null);
      setEscalating(r);
    },
  };

  return (
    <>
      {patientId ? (
        <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm">
          <span>
            Showing alerts for <strong>{patientName ?? "one patient"}</strong>.
          </span>
          <Link href={hrefFor(pathname, scope)} className={linkClass}>
            Show all patients
          </Link>
        </div>
      ) : null}

      <nav aria-label="Alert lists" className="mb-4 flex flex-wrap gap-2">
        {SCOPES.map((s) => {
          const n = countOf(s.id);
          const current = s.id === scope;
          return (
            <Link
              key={s.id}
              href={hrefFor(pathname, s.id, patientId)}
              aria-current={current ? "page" : undefined}
              className={cn(
                "rounded-full border px-3 py-1 text-sm font-medium transition-colors",
                current ? "border-teal-700 bg-teal-50 text-teal-900" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
                focusRing,
              )}
            >
              {s.label}
              {n !== null && !patientId ? <span className="tabular-nums"> ({n})</span> : null}
            </Link>
          );
        })}
      </nav>

      <div aria-live="polite">
        {notice ? (
          <Alert variant="success" className="mb-4">
            {notice}
          </Alert>
        ) : null}
      </div>
      {acknowledge.isError ? (
        <Alert variant="error" title="Not acknowledged" className="mb-4">
          {errorMessage(acknowledge.error)}
        </Alert>
      ) : null}

      {list.isPending ? (
        <div aria-busy="true">
          <span className="sr-only" role="status">
            Loading alerts…
          </span>
          <Skeleton className="h-64 w-full" />
        </div>
      ) : list.isError ? (
        <RetryAlert title="We couldn't load the alerts" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : items.length === 0 ? (
        <EmptyState icon={BellOff} title={`No alerts: ${SCOPES.find((s) => s.id === scope)!.label.toLowerCase()}`} description={SCOPES.find((s) => s.id === scope)!.empty} />
      ) : (
        <>
          <ul className="flex flex-col gap-3 lg:hidden" aria-label="Alerts">
            {items.map((r) => (
              <AlertCard key={r.id} r={r} now={now} roles={roles} {...actions} />
            ))}
          </ul>
          <div className="hidden lg:block">
            <Table>
              <TableCaption className="sr-only">Alerts: {SCOPES.find((s) => s.id === scope)!.label}</TableCaption>
              <THead>
                <tr>
                  <TH>Alert</TH>
                  <TH>Patient</TH>
                  <TH>Owner</TH>
                  <TH>{scope === "resolved" ? "Resolved" : "Response"}</TH>
                  <TH>Status</TH>
                  <TH>
                    <span className="sr-only">Actions</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {items.map((r) => (
                  <AlertTableRow key={r.id} r={r} now={now} roles={roles} {...actions} />
                ))}
              </TBody>
            </Table>
          </div>
          {list.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="secondary" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                Show more
              </Button>
            </div>
          ) : null}
        </>
      )}

      <ResolveDialog
        row={resolving}
        onOpenChange={(o) => {
          if (!o) setResolving(null);
        }}
        onResolved={(m) => {
          setResolving(null);
          setNotice(m);
        }}
      />
      <EscalateDialog
        row={escalating}
        onOpenChange={(o) => {
          if (!o) setEscalating(null);
        }}
        onEscalated={(m) => {
          setEscalating(null);
          setNotice(m);
        }}
      />
    </>
  );
}

interface RowProps {
  r: TAlertRow;
  now: number;
  roles: readonly string[];
  acknowledging: string | undefined;
  onAcknowledge: (r: TAlertRow) => void;
  onResolve: (r: TAlertRow) => void;
  onEscalate: (r: TAlertRow) => void;
}

function SeverityChip({ r }: { r: TAlertRow }) {
  if (!r.severity) return null;
  const sev = severityOf(r.severity);
  return <Badge variant={sev.variant}>{sev.label}</Badge>;
}

/** The rule id (and, for clinicians, its title); nothing in the escalation view (DOMAIN.md §1). */
function RuleLine({ r }: { r: TAlertRow }) {
  if (!r.type) return null;
  return (
    <span className="text-xs font-medium text-slate-600">
      {r.type}
      {r.view === "clinical" ? ` · ${ruleTitle(r.type)}` : ""}
    </span>
  );
}

function PatientLink({ r, roles }: { r: TAlertRow; roles: readonly string[] }) {
  return (
    <Link href={patientHref(roles, r.patient.id)} className={cn(linkClass, "break-words")}>
      {r.patient.name}
    </Link>
  );
}

function Owner({ r }: { r: TAlertRow }) {
  return (
    <>
      <span className="block">{r.ownerName ?? "Unassigned"}</span>
      <span className="block text-xs text-slate-600">{tierLabel(r.tier)}</span>
    </>
  );
}

/** The SLA while it waits; when acknowledged or resolved, when that happened. */
function Response({ r, now }: { r: TAlertRow; now: number }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  if (r.status === "resolved") {
    return (
      <>
        <span className="block">{r.resolvedAt ? formatDateTime(r.resolvedAt) : "—"}</span>
        <span className="block text-xs text-slate-600">{resolutionLabel(r.resolutionCode)}</span>
      </>
    );
  }
  if (r.status === "acknowledged") return <span className="text-slate-700">Acknowledged {r.acknowledgedAt ? formatDateTime(r.acknowledgedAt) : ""}</span>;
  const sla = slaText(r.slaDueAt, now);
  if (!sla) return <span className="text-slate-600">Worklist, no deadline</span>;
  return (
    <span className={cn("font-medium whitespace-nowrap", sla.overdue ? "text-red-800" : sla.soon ? "text-amber-900" : "text-slate-800")} title={r.slaDueAt ? `Due ${formatDateTime(r.slaDueAt)}` : undefined}>
      {sla.text.charAt(0).toUpperCase() + sla.text.slice(1)}
    </span>
  );
}

function Actions({ r, acknowledging, onAcknowledge, onResolve, onEscalate, stacked }: Omit<RowProps, "now" | "roles"> & { stacked?: boolean }) {
  if (!r.canAcknowledge && !r.canResolve && !r.canEscalate) return null;
  const forWhom = <span className="sr-only"> the alert for {r.patient.name}</span>;
  return (
    <div className={stacked ? "flex flex-col items-stretch gap-1.5" : "flex flex-wrap gap-2"}>
      {r.canAcknowledge ? (
        <Button size="sm" variant="secondary" loading={acknowledging === r.id} onClick={() => onAcknowledge(r)}>
          Acknowledge{forWhom}
        </Button>
      ) : null}
      {r.canResolve ? (
        <Button size="sm" onClick={() => onResolve(r)}>
          Resolve{forWhom}
        </Button>
      ) : null}
      {r.canEscalate ? (
        <Button size="sm" variant="ghost" onClick={() => onEscalate(r)}>
          Escalate{forWhom}
        </Button>
      ) : null}
    </div>
  );
}

function AlertTableRow(p: RowProps) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const { r, now, roles } = p;
  const st = statusOf(r.status);
  return (
    <TR data-testid="alert-row" data-alert-id={r.id}>
      <TD className="max-w-md">
        <div className="flex flex-wrap items-center gap-2">
          <SeverityChip r={r} />
          <RuleLine r={r} />
        </div>
        <p className="mt-1 break-words text-slate-900">{r.summary}</p>
        <p className="text-xs text-slate-600">Raised {formatDateTime(r.createdAt)}</p>
      </TD>
      <TD>
        <PatientLink r={r} roles={roles} />
        <span className="block text-xs whitespace-nowrap text-slate-600">MRN {r.patient.mrn}</span>
      </TD>
      <TD>
        <Owner r={r} />
      </TD>
      <TD>
        <Response r={r} now={now} />
      </TD>
      <TD>
        <Badge variant={st.variant}>{st.label}</Badge>
      </TD>
      <TD className="w-px">
        <Actions {...p} stacked />
      </TD>
    </TR>
  );
}

function AlertCard(p: RowProps) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const { r, now, roles } = p;
  const st = statusOf(r.status);
  return (
    <li className="rounded-card border border-line bg-white p-4 text-sm shadow-sm" data-testid="alert-card" data-alert-id={r.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <SeverityChip r={r} />
          <RuleLine r={r} />
        </div>
        <Badge variant={st.variant}>{st.label}</Badge>
      </div>
      <p className="mt-2 font-medium">
        <PatientLink r={r} roles={roles} />
      </p>
      <p className="mt-1 break-words text-slate-900">{r.summary}</p>
      <dl className="mt-3 grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-600">Raised</dt>
        <dd>{formatDateTime(r.createdAt)}</dd>
        <dt className="text-slate-600">Owner</dt>
        <dd>
          {r.ownerName ?? "Unassigned"} · {tierLabel(r.tier)}
        </dd>
        <dt className="text-slate-600">{r.status === "resolved" ? "Resolved" : "Response"}</dt>
        <dd>
          <Response r={r} now={now} />
        </dd>
      </dl>
      <div className="mt-3">
        <Actions {...p} />
      </div>
    </li>
  );
}
