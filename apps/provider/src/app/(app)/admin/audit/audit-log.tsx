"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ScrollText } from "lucide-react";
import { useMemo, useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import type { TAuditListInput } from "@clearwell/validators/audit";

import { LoadError } from "~/components/admin-states";
import { zonedTimeToInstant } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { AuditEvents } from "./audit-events";
import { AuditFilters, EMPTY_FILTERS, type Filters, activeFilterCount } from "./audit-filters";
import { type AuditPatient, PatientPicker } from "./patient-picker";

const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toInput(f: Filters, patientId: string | null, timeZone: string): Omit<TAuditListInput, "cursor"> {
  return {
    limit: PAGE,
    ...(patientId ? { patientId } : {}),
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.actorUserId ? { actorUserId: f.actorUserId } : {}),
    // Dates are days at the clinic, whatever the admin's own computer clock says.
    ...(f.from ? { from: zonedTimeToInstant(f.from, "start", timeZone) ?? undefined } : {}),
    ...(f.to ? { to: zonedTimeToInstant(f.to, "end", timeZone) ?? undefined } : {}),
  };
}

export function AuditLog() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // The patient filter lives in the address (?patientId=), so a patient's trail can be linked to.
  const fromUrl = searchParams.get("patientId");
  const patientId = fromUrl && UUID.test(fromUrl) ? fromUrl : null;
  const [picked, setPicked] = useState<AuditPatient | null>(null);
  const [applied, setApplied] = useState<Filters>(EMPTY_FILTERS);

  const clinic = useQuery(trpc.clinic.get.queryOptions());
  const timeZone = clinic.data?.timezone ?? "UTC";
  const input = useMemo(() => toInput(applied, patientId, timeZone), [applied, patientId, timeZone]);
  const events = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    enabled: clinic.isSuccess,
  });

  function choosePatient(p: AuditPatient | null) {
    setPicked(p);
    const params = new URLSearchParams(searchParams.toString());
    if (p) params.set("patientId", p.id);
    else params.delete("patientId");
    const qs = params.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  // The server names the filtered patient (it checks they are this clinic's); until it answers, the pick.
  const serverPatient = events.data?.pages[0]?.patient;
  const patient = patientId ? (serverPatient ?? (picked?.id === patientId ? picked : null)) : null;
  const patientMissing = Boolean(patientId && events.isSuccess && !serverPatient);
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  const filterCount = activeFilterCount(applied) + (patientId ? 1 : 0);

  const header = (
    <PageHeader
      title="Audit log"
      description={`Every read and change of patient data and every access decision in this clinic, newest first. Times are clinic time (${timeZone}).`}
    />
  );

  if (clinic.isPending) {
    return (
      <div aria-busy="true">
        {header}
        <span className="sr-only" role="status">
          Loading audit log…
        </span>
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
        <CardContent className="flex flex-col gap-5">
          <div className="max-w-xl">
            <PatientPicker selected={patient} missing={patientMissing} loading={Boolean(patientId && !patient && events.isPending)} onSelect={choosePatient} />
          </div>
          <AuditFilters
            applied={applied}
            onApply={setApplied}
            onClear={() => {
              setApplied(EMPTY_FILTERS);
              if (patientId) choosePatient(null);
            }}
            busy={events.isFetching && !events.isFetchingNextPage}
            serverError={events.isError ? events.error : null}
            extraActive={patientId ? 1 : 0}
          />
        </CardContent>
      </Card>

      {events.isPending ? (
        <div aria-busy="true">
          <span className="sr-only" role="status">
            Loading events…
          </span>
          <Skeleton className="h-96 w-full" />
        </div>
      ) : events.isError && !events.data ? (
        <LoadError error={events.error} what="audit events" onRetry={() => void events.refetch()} retrying={events.isFetching} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={ScrollText}
          title={filterCount ? "No events match these filters" : "No events yet"}
          description={filterCount ? "Try a wider date range or fewer filters." : "Events appear as staff and patients use Clearwell."}
        />
      ) : (
        <>
          <AuditEvents items={items} timeZone={timeZone} />
          <div className="flex flex-col items-center gap-2 py-6">
            {events.hasNextPage ? (
              <Button variant="secondary" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
                Load {PAGE} older events
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
