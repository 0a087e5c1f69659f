"use client";

import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";

import { linkClass } from "~/components/auth-card";
import { RetryAlert } from "~/components/query-states";
import { useMe } from "~/components/shell/use-me";
import { addDays, appointmentStatus, formatDateTime, formatTime, humanize, startOfDay, videoVisitOpen } from "~/lib/appointments";
import { patientHref } from "~/lib/roles";
import { useTRPC } from "~/trpc/react";
import { AwaitingCoSign } from "./awaiting-co-sign";
import { AwaitingReview } from "./awaiting-review";

function Loading() {
  return (
    <div aria-busy="true" className="grid gap-6 lg:grid-cols-3">
      <span className="sr-only" role="status">Loading dashboard…</span>
      <Skeleton className="h-64 lg:col-span-2" />
      <Skeleton className="h-64" />
    </div>
  );
}

export function Dashboard() {
  const trpc = useTRPC();
  const [bounds] = useState(() => {
    const dayStart = startOfDay(new Date());
    return { dayStart, dayEnd: addDays(dayStart, 1) };
  });
  const q = useQuery(trpc.schedule.dashboard.queryOptions(bounds));
  const me = useMe();
  const { roles } = me;

  return (
    <div>
      <PageHeader title="Dashboard" description="Today's appointments, intakes waiting for review and open alerts." />
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <RetryAlert title="We couldn't load your dashboard" error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            <CardHeader>
              <CardTitle>Today&apos;s appointments</CardTitle>
            </CardHeader>
            <CardContent>
              {q.data.today.length ? (
                <ul className="divide-y divide-slate-100">
                  {q.data.today.map((a) => {
                    const st = appointmentStatus(a.status);
                    return (
                      <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                        <div>
                          <p className="text-sm font-medium text-slate-900">
                            {formatTime(a.startsAt)}–{formatTime(a.endsAt)} ·{" "}
                            <Link className={linkClass} href={patientHref(roles, a.patientId)}>
                              {a.patientName} {a.patientFamilyName}
                            </Link>
                          </p>
                          <p className="text-sm text-slate-600">
                            {humanize(a.kind)} · {a.providerName}
                          </p>
                        </div>
                        <span className="flex items-center gap-2">
                          <Badge variant={st.variant}>{st.label}</Badge>
                          {videoVisitOpen(a, me.data?.user.id) ? (
                            <Button asChild size="sm" variant="secondary">
                              <Link href={`/visits/${a.id}`} aria-label={`Open video visit with ${a.patientName} ${a.patientFamilyName}`}>
                                Video visit
                              </Link>
                            </Button>
                          ) : null}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              ) : (
                <p className="text-sm text-slate-600">No appointments today.</p>
              )}
              <p className="mt-3 text-sm">
                <Link className={linkClass} href="/schedule">
                  Open schedule
                </Link>
              </p>
            </CardContent>
          </Card>

          <div className="flex flex-col gap-6">
            {roles.includes("prescriber") ? <AwaitingCoSign /> : null}
            <AwaitingReview rows={q.data.awaitingReview} roles={roles} />

            <Card>
              <CardHeader>
                <CardTitle>Open alerts</CardTitle>
              </CardHeader>
              <CardContent>
                {q.data.alerts.length ? (
                  <ul className="divide-y divide-slate-100">
                    {q.data.alerts.map((al) => (
                      <li key={al.id} className="flex flex-col gap-1 py-2">
                        <div className="flex items-center gap-2">
                          <Badge variant={al.severity === "critical" ? "danger" : al.severity === "high" ? "warning" : "info"}>{humanize(al.severity)}</Badge>
                          <Link className={`${linkClass} text-sm`} href={patientHref(roles, al.patientId)}>
                            {al.givenName} {al.familyName}
                          </Link>
                        </div>
                        <p className="text-sm text-slate-700">{al.summary}</p>
                        <p className="text-xs text-slate-500">{formatDateTime(al.createdAt)}</p>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-sm text-slate-600">No open alerts.</p>
                )}
              </CardContent>
            </Card>
          </div>
        </div>
      )}
    </div>
  );
}
