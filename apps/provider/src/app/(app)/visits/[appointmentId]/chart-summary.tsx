"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ExternalLink } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Skeleton } from "@clearwell/ui/skeleton";

import { linkClass } from "~/components/auth-card";
import { humanize } from "~/lib/appointments";
import { stateName } from "~/lib/format";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { effectOf, screeningOf } from "../../patients/[id]/chart/chart-labels";

const latest = <T extends { instrument: string }>(scores: T[], instrument: string) => [...scores].reverse().find((s) => s.instrument === instrument);

/** What a clinician wants beside the video: who, where they are, screening flags, scores, alerts. */
export function ChartSummary({ patientId, attestedState }: { patientId: string; attestedState: string | null }) {
  const trpc = useTRPC();
  const chart = useQuery(trpc.chart.get.queryOptions({ patientId }));
  if (chart.isPending) {
    return (
      <div aria-busy="true" className="flex flex-col gap-3">
        <span className="sr-only" role="status">Loading chart summary…</span>
        <Skeleton className="h-40" />
        <Skeleton className="h-32" />
      </div>
    );
  }
  if (chart.isError) return <Alert variant="error" title="Chart summary unavailable">{errorMessage(chart.error)}</Alert>;
  const c = chart.data;
  const screening = screeningOf(c.intake);
  const flags = screening?.flags ?? [];
  const worst = effectOf(screening?.mostRestrictive ?? c.intake?.mostRestrictiveEffect);
  const phq9 = latest(c.scores, "phq9");
  const gad7 = latest(c.scores, "gad7");
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center justify-between gap-2">
          <span>Chart summary</span>
          <Link href={`/patients/${patientId}/chart`} target="_blank" className={`${linkClass} inline-flex items-center gap-1 text-sm font-normal`}>
            Full chart <ExternalLink aria-hidden="true" className="size-3.5" />
            <span className="sr-only">(opens in a new tab)</span>
          </Link>
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        <dl className="grid grid-cols-[7.5rem_1fr] gap-x-3 gap-y-1.5">
          <dt className="text-slate-600">Patient</dt>
          <dd className="font-medium text-slate-900">
            {c.header.name}
            {c.header.age !== null ? `, ${c.header.age}` : ""}
          </dd>
          <dt className="text-slate-600">Now in</dt>
          <dd>{attestedState ? stateName(attestedState) : "Not yet attested"}</dd>
          <dt className="text-slate-600">Lives in</dt>
          <dd>{stateName(c.header.state)}</dd>
          <dt className="text-slate-600">Support person</dt>
          <dd>{c.header.supportPerson ? `${c.header.supportPerson.name} (${c.header.supportPerson.relationship ?? "relationship not given"})` : "None recorded"}</dd>
        </dl>
        <div>
          <p className="mb-1.5 font-medium text-slate-900">Screening</p>
          {c.intake ? (
            <div className="flex flex-col gap-1.5">
              <p className="flex flex-wrap items-center gap-2">
                {worst ? <Badge variant={worst.variant}>{worst.label}</Badge> : <Badge variant="success">No flags</Badge>}
                <span className="text-slate-600">{flags.length} flag{flags.length === 1 ? "" : "s"}</span>
                {c.intake.crisisPathway ? <Badge variant="danger">Crisis pathway</Badge> : null}
              </p>
              <ul className="flex flex-col gap-1">
                {flags.slice(0, 6).map((f) => (
                  <li key={`${f.ruleId}-${f.finding}`} className="text-slate-700">
                    <span className="font-mono text-xs text-slate-500">{f.ruleId}</span> {f.finding}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-slate-600">No submitted intake.</p>
          )}
        </div>
        <div>
          <p className="mb-1.5 font-medium text-slate-900">Latest scores</p>
          <p className="text-slate-700">
            PHQ-9 {phq9 ? `${phq9.total} (${humanize(phq9.severity)})` : "—"} · GAD-7 {gad7 ? `${gad7.total} (${humanize(gad7.severity)})` : "—"}
          </p>
        </div>
        {c.alerts.length ? (
          <Alert variant="warning" title={`${c.alerts.length} open alert${c.alerts.length === 1 ? "" : "s"}`}>
            <ul>
              {c.alerts.map((a) => (
                <li key={a.id}>
                  {a.type}: {a.summary}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
