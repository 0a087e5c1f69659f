"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";

import { linkClass } from "~/components/auth-card";
import { RetryAlert } from "~/components/query-states";
import { useMe } from "~/components/shell/use-me";
import { appointmentStatus, humanize, videoVisitOpen } from "~/lib/appointments";
import { calendarDateIn, zoneLabel, zonedTimeToInstant } from "~/lib/format";
import { isAdmin, isClinician } from "~/lib/roles";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import { inlineLinkClass, patientLink } from "./links";
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

/** "Today" is the clinic's day (midnight to midnight in its zone), whatever zone the browser is in. */
function clinicDay(timeZone: string) {
  const today = calendarDateIn(timeZone);
  const dayStart = zonedTimeToInstant(today, "start", timeZone)!;
  const dayEnd = new Date(zonedTimeToInstant(today, "end", timeZone)!.getTime() + 1);
  return { dayStart, dayEnd };
}

export function Dashboard() {
  const trpc = useTRPC();
  const f = useClinicFormat();
  const zone = f.timeZone;
  const bounds = useMemo(() => (zone ? clinicDay(zone) : null), [zone]);
  const q = useQuery({ ...trpc.schedule.dashboard.queryOptions(bounds ?? { dayStart: new Date(0), dayEnd: new Date(1) }), enabled: bounds !== null });
  const me = useMe();
  const { roles } = me;
  const myId = me.data?.user.id;
  // Pure clinicians see only their own patients' alerts (the server filters them); others may see any.
  const alertsAreMine = isClinician(roles) && !isAdmin(roles) && !roles.includes("staff");

  return (
    <div>
      <PageHeader
        title="Dashboard"
        description={`Today's appointments, intakes waiting for review and open alerts. Times are clinic time${zone ? `: ${zoneLabel(zone)}` : ""}.`}
      />
      {q.isPending || !bounds ? (
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
                            {f.time(a.startsAt, { zone: false })}–{f.time(a.endsAt)} ·{" "}
                            <Link className={inlineLinkClass} href={patientLink(a.patientId, isClinician(roles) && a.providerUserId === myId && a.status !== "cancelled")}>
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
            <AwaitingReview rows={q.data.awaitingReview} roles={roles} dateTime={f.dateTime} />

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
                          <Link className={`${inlineLinkClass} text-sm`} href={patientLink(al.patientId, alertsAreMine)}>
                            {al.givenName} {al.familyName}
                          </Link>
                        </div>
                        <p className="text-sm text-slate-700">{al.summary}</p>
                        <p className="text-xs text-slate-600">{f.dateTime(al.createdAt)}</p>
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
