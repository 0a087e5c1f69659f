"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Search, UserPlus } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { cn } from "@clearwell/ui/cn";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Input } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import { TBody, TD, TH, THead, TR, Table } from "@clearwell/ui/table";

import { linkClass } from "~/components/auth-card";
import { useMe } from "~/components/shell/use-me";
import { ageFrom, formatDate, patientStatus, stateName } from "~/lib/format";
import { canInvitePatients } from "~/lib/roles";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { InvitePatientDialog } from "./invite-patient-dialog";

const PAGE_SIZE = 20;
const DEBOUNCE_MS = 300;

function Header({ canInvite, onInvite }: { canInvite: boolean; onInvite?: () => void }) {
  return (
    <PageHeader
      title="Patients"
      description="Everyone registered with or invited to your clinic."
      actions={
        canInvite ? (
          <Button onClick={onInvite}>
            <UserPlus aria-hidden="true" />
            Invite patient
          </Button>
        ) : null
      }
    />
  );
}

function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Table aria-hidden="true">
      <THead>
        <tr>
          {["Name", "MRN", "Date of birth", "State", "Status"].map((h) => (
            <TH key={h}>{h}</TH>
          ))}
        </tr>
      </THead>
      <TBody>
        {Array.from({ length: rows }, (_, i) => (
          <tr key={i}>
            <TD><Skeleton className="h-4 w-40" /></TD>
            <TD><Skeleton className="h-4 w-20" /></TD>
            <TD><Skeleton className="h-4 w-28" /></TD>
            <TD><Skeleton className="h-4 w-8" /></TD>
            <TD><Skeleton className="h-5 w-20 rounded-full" /></TD>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}

/** The list's loading shape at each width: the table's rows, or the phone's cards. */
function ListSkeleton() {
  return (
    <>
      <div className="hidden sm:block">
        <TableSkeleton />
      </div>
      <ul className="flex flex-col gap-2 sm:hidden" aria-hidden="true">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="rounded-card border border-line bg-white p-3">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="mt-3 h-3 w-28" />
            <Skeleton className="mt-2 h-3 w-32" />
          </li>
        ))}
      </ul>
    </>
  );
}

export function PatientListSkeleton() {
  return (
    <div aria-busy="true">
      <Header canInvite={false} />
      <span className="sr-only" role="status">Loading patients…</span>
      <Skeleton className="mb-4 h-10 w-full max-w-md" />
      <ListSkeleton />
    </div>
  );
}

export function PatientList() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const me = useMe();
  const searchId = useId();

  const q = searchParams.get("q")?.trim() ?? "";
  const [term, setTerm] = useState(q);
  const [inviteOpen, setInviteOpen] = useState(false);

  // Back/forward changes the URL: follow it unless it only differs by the spaces being typed.
  useEffect(() => {
    setTerm((current) => (current.trim() === q ? current : q));
  }, [q]);

  // Debounced: keep ?q= in the URL (shareable, survives reload) without a request per keystroke.
  useEffect(() => {
    const next = term.trim();
    if (next === q) return;
    const t = window.setTimeout(() => {
      const params = new URLSearchParams();
      if (next) params.set("q", next);
      router.replace(params.size ? `${pathname}?${params}` : pathname, { scroll: false });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(t);
  }, [term, q, pathname, router]);

  // Keyset pages (issue 14): "Show more" appends the next page; there is no total to count.
  const list = useInfiniteQuery({
    ...trpc.patient.list.infiniteQueryOptions({ q: q || undefined, pageSize: PAGE_SIZE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    placeholderData: keepPreviousData,
  });

  const canInvite = canInvitePatients(me.roles);
  const data = list.data ? { items: list.data.pages.flatMap((p) => p.items) } : undefined;

  return (
    <div>
      <Header canInvite={canInvite} onInvite={() => setInviteOpen(true)} />
      {canInvite ? <InvitePatientDialog open={inviteOpen} onOpenChange={setInviteOpen} /> : null}

      <div role="search" className="mb-4 flex flex-col gap-1.5 sm:max-w-md">
        <label htmlFor={searchId} className="text-sm font-medium text-slate-800">
          Search patients
        </label>
        <div className="relative">
          <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500" />
          <Input
            id={searchId}
            type="search"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            placeholder="Name, email or MRN"
            autoComplete="off"
            spellCheck={false}
            className="pl-9"
            aria-describedby={`${searchId}-status`}
          />
        </div>
      </div>

      <p id={`${searchId}-status`} role="status" className="mb-2 min-h-5 text-sm text-slate-600">
        {data && data.items.length > 0
          ? `Showing ${data.items.length}${list.hasNextPage ? " so far" : ""} ${data.items.length === 1 ? "patient" : "patients"}${q ? ` matching “${q}”` : ""}`
          : ""}
      </p>

      {list.isPending ? (
        <div aria-busy="true">
          <span className="sr-only">Loading patients…</span>
          <ListSkeleton />
        </div>
      ) : list.isError && !list.data ? (
        <Alert
          variant="error"
          title="We couldn't load patients"
          action={
            <Button size="sm" variant="secondary" onClick={() => void list.refetch()} loading={list.isFetching}>
              Try again
            </Button>
          }
        >
          {errorMessage(list.error)}
        </Alert>
      ) : data && data.items.length === 0 ? (
        q ? (
          <EmptyState
            icon={Search}
            title={`No patients match “${q}”`}
            description="Check the spelling, or search by email address or MRN instead."
            action={
              <Button variant="secondary" onClick={() => setTerm("")}>
                Clear search
              </Button>
            }
          />
        ) : (
          <EmptyState
            title="No patients yet"
            description={canInvite ? "Invite your first patient, or share the clinic's enrolment link." : "Patients appear here once they are invited or enrol."}
            action={
              canInvite ? (
                <Button onClick={() => setInviteOpen(true)}>
                  <UserPlus aria-hidden="true" />
                  Invite patient
                </Button>
              ) : null
            }
          />
        )
      ) : data ? (
        <div className={cn("transition-opacity", list.isPlaceholderData && "opacity-60")} aria-busy={list.isFetching || undefined}>
          {/* Wide screens: a table. Phones: one stacked card per patient, so nothing scrolls sideways. The
              table comes first, so text lookups find the visible copy on wide screens. */}
          <div className="hidden sm:block">
            <Table>
              <caption className="sr-only">Patients{q ? ` matching ${q}` : ""}</caption>
              <THead>
                <tr>
                  <TH>Name</TH>
                  <TH>MRN</TH>
                  <TH>Date of birth</TH>
                  <TH>State</TH>
                  <TH>Status</TH>
                </tr>
              </THead>
              <TBody>
                {data.items.map((p) => {
                  const status = patientStatus(p.status);
                  const age = ageFrom(p.dateOfBirth);
                  return (
                    <TR key={p.id}>
                      <TD className="min-w-48">
                        <Link href={`/patients/${p.id}`} className={linkClass}>
                          {p.familyName}, {p.givenName}
                        </Link>
                        {p.preferredName ? <span className="block text-xs text-slate-600">Goes by {p.preferredName}</span> : null}
                      </TD>
                      <TD className="font-mono text-xs whitespace-nowrap">{p.mrn}</TD>
                      <TD className="whitespace-nowrap">
                        {formatDate(p.dateOfBirth)}
                        {age !== null ? <span className="text-slate-600"> ({age} y)</span> : null}
                      </TD>
                      <TD>
                        <abbr title={stateName(p.stateOfResidence)} className="no-underline">
                          {p.stateOfResidence}
                        </abbr>
                      </TD>
                      <TD>
                        <Badge variant={status.variant}>{status.label}</Badge>
                      </TD>
                    </TR>
                  );
                })}
              </TBody>
            </Table>
          </div>
          <ul className="flex flex-col gap-2 sm:hidden" aria-label={`Patients${q ? ` matching ${q}` : ""}`}>
            {data.items.map((p) => {
              const status = patientStatus(p.status);
              const age = ageFrom(p.dateOfBirth);
              return (
                <li key={p.id} className="rounded-card border border-line bg-white p-3 text-sm shadow-sm">
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <div className="min-w-0">
                      <Link href={`/patients/${p.id}`} className={cn(linkClass, "font-medium break-words")}>
                        {p.familyName}, {p.givenName}
                      </Link>
                      {p.preferredName ? <span className="block text-xs text-slate-600">Goes by {p.preferredName}</span> : null}
                    </div>
                    <Badge variant={status.variant}>{status.label}</Badge>
                  </div>
                  <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-700">
                    <dt className="text-slate-600">MRN</dt>
                    <dd className="font-mono text-xs leading-5 break-all">{p.mrn}</dd>
                    <dt className="text-slate-600">Born</dt>
                    <dd>
                      {formatDate(p.dateOfBirth)}
                      {age !== null ? <span className="text-slate-600"> ({age} y)</span> : null}
                    </dd>
                    <dt className="text-slate-600">State</dt>
                    <dd>{stateName(p.stateOfResidence)}</dd>
                  </dl>
                </li>
              );
            })}
          </ul>
          {list.hasNextPage ? (
            <div className="flex justify-center py-4">
              <Button variant="secondary" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                Show {PAGE_SIZE} more
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}
      {me.isSuccess && !canInvite ? (
        <p className="mt-6 text-sm text-slate-600">
          Only admins, providers and front-desk staff can invite patients.
        </p>
      ) : null}
    </div>
  );
}
