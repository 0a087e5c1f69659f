"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { useQuery } from "@tanstack/react-query";
import { ClipboardList, LineChart } from "lucide-react";
import Link from "next/link";

import { formatDateTime } from "~/lib/time";
import { useTRPC } from "~/trpc/react";

import { PageTitle } from "../back-link";
import { LoadError, Loading } from "../load-states";
import { TrendChart, TrendTable } from "./trend-chart";

type Trend = PatientOutputs["checkIn"]["trend"];
type InstrumentTrend = Trend["phq9"];
type CheckIns = PatientOutputs["checkIn"]["mine"];

const ABOUT: Record<string, string> = { phq9: "mood", gad7: "worry and anxiety" };
const dayFmt = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

/**
 * The patient's own check-ins (issue 13 item 5): what is due, then the PHQ-9 and GAD-7 totals over
 * time on their severity bands with response and remission in plain words (DOMAIN.md §6), each
 * chart with its numbers as a table.
 */
export function CheckInsView() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.checkIn.mine.queryOptions());
  const trend = useQuery(trpc.checkIn.trend.queryOptions());

  return (
    <div className="flex flex-col gap-6">
      <PageTitle title="Check-ins" lead="Short questionnaires about your mood and worry. They help you and your care team see how treatment is going." />
      {mine.isPending ? (
        <Loading label="Loading your check-ins" rows={1} />
      ) : mine.isError ? (
        <LoadError title="We couldn't load your check-ins" error={mine.error} retry={() => void mine.refetch()} retrying={mine.isFetching} />
      ) : (
        <DueList open={mine.data.due} />
      )}

      <section aria-labelledby="trend-heading" className="flex flex-col gap-4">
        <h2 id="trend-heading" className="text-xl font-semibold text-slate-900">
          Your scores over time
        </h2>
        {trend.isPending ? (
          <Loading label="Loading your scores" rows={2} />
        ) : trend.isError ? (
          <LoadError title="We couldn't load your scores" error={trend.error} retry={() => void trend.refetch()} retrying={trend.isFetching} />
        ) : !trend.data.phq9.points.length && !trend.data.gad7.points.length ? (
          <EmptyState
            icon={LineChart}
            headingLevel="h3"
            title="No scores yet"
            description="After your first check-in, your scores show here as a chart so you can see how things change."
          />
        ) : (
          <>
            <InstrumentCard trend={trend.data.phq9} />
            <InstrumentCard trend={trend.data.gad7} />
            <History items={mine.data?.history ?? []} />
            <p className="text-sm text-slate-700">
              Scores are one part of the picture. Lower is better. Your care team looks at them with you at your follow-up visits.
            </p>
          </>
        )}
      </section>
    </div>
  );
}

function DueList({ open }: { open: CheckIns["due"] }) {
  if (!open.length) {
    return (
      <p className="flex items-center gap-2 rounded-lg bg-white px-4 py-3 text-base text-slate-700 ring-1 ring-line">
        <ClipboardList aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
        No check-in is due right now. We will let you know when the next one is ready.
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-3" aria-label="Check-ins to do">
      {open.map((c) => (
        <li key={c.id}>
          <Card className={c.status === "overdue" ? "border-amber-300" : "border-brand-200"}>
            <CardContent className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
              <div className="flex flex-col gap-1">
                <p className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
                  {c.kindText}
                  {c.status === "overdue" ? (
                    <Badge variant="warning" className="text-sm">
                      Overdue
                    </Badge>
                  ) : (
                    <Badge variant="brand" className="text-sm">
                      Ready
                    </Badge>
                  )}
                </p>
                <p className="text-sm text-slate-700">{c.dueAt.getTime() <= Date.now() ? `Ready since ${formatDateTime(c.dueAt)}` : `Ready from ${formatDateTime(c.dueAt)}`}</p>
              </div>
              <Button asChild size="lg">
                <Link href={`/check-in/${c.id}`}>Start check-in</Link>
              </Button>
            </CardContent>
          </Card>
        </li>
      ))}
    </ul>
  );
}

function InstrumentCard({ trend }: { trend: InstrumentTrend }) {
  const about = ABOUT[trend.instrument] ?? trend.instrument;
  const headingId = `trend-${trend.instrument}`;
  return (
    <Card aria-labelledby={headingId}>
      <CardHeader>
        <CardTitle id={headingId} as="h3" className="text-lg">
          {trend.title} <span className="font-normal text-slate-600">({about})</span>
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <p className="text-base text-slate-900">{trend.text}</p>
        {trend.response || trend.remission ? (
          <p className="flex flex-wrap gap-2">
            {trend.remission ? (
              <Badge variant="success" className="text-sm">
                Remission
              </Badge>
            ) : null}
            {trend.response ? (
              <Badge variant="success" className="text-sm">
                Response to treatment
              </Badge>
            ) : null}
          </p>
        ) : null}
        {trend.points.length ? (
          <>
            <TrendChart title={trend.title} about={about} maxScore={trend.maxScore} bands={trend.bands} points={trend.points} />
            <p className="flex items-center gap-4 text-sm text-slate-700">
              <span className="inline-flex items-center gap-1.5">
                <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12">
                  <circle cx="6" cy="6" r="5" fill="#0f766e" />
                </svg>
                Check-in score
              </span>
              <span className="inline-flex items-center gap-1.5">
                <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12">
                  <rect x="2.5" y="2.5" width="7" height="7" fill="#fff" stroke="#0f766e" strokeWidth="2" transform="rotate(45 6 6)" />
                </svg>
                Before treatment (your starting point)
              </span>
            </p>
            <details className="group rounded-lg border border-slate-200">
              <summary className="flex min-h-11 cursor-pointer items-center px-3 text-base font-medium text-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600">
                Show the scores as a table
              </summary>
              <div className="px-3 pb-3">
                <TrendTable title={trend.title} maxScore={trend.maxScore} points={trend.points} />
              </div>
            </details>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}

const STATUS_TEXT: Record<string, string> = { submitted: "Sent", scored: "Sent", missed: "Missed", due: "Due", overdue: "Overdue" };

/** The last few check-ins: when, which, and the scores sent (or that it was missed). */
function History({ items }: { items: CheckIns["history"] }) {
  if (!items.length) return null;
  return (
    <Card aria-labelledby="history-heading">
      <CardHeader>
        <CardTitle id="history-heading" as="h3" className="text-lg">
          Past check-ins
        </CardTitle>
      </CardHeader>
      <CardContent className="py-1">
        <ul className="divide-y divide-slate-100">
          {items.slice(0, 10).map((c) => (
            <li key={c.id} className="flex flex-col gap-1 py-3">
              <span className="flex flex-wrap items-center justify-between gap-2">
                <span className="text-base font-medium text-slate-900">{dayFmt.format(c.submittedAt ?? c.dueAt)}</span>
                <Badge variant={c.status === "missed" ? "neutral" : "success"} className="text-sm">
                  {STATUS_TEXT[c.status] ?? c.status}
                </Badge>
              </span>
              <span className="text-sm text-slate-700">{c.kindText}</span>
              {c.phq9 || c.gad7 ? (
                <span className="text-sm text-slate-800">
                  {[c.phq9 ? `PHQ-9 ${c.phq9.total} (${c.phq9.bandLabel.toLowerCase()})` : null, c.gad7 ? `GAD-7 ${c.gad7.total} (${c.gad7.bandLabel.toLowerCase()})` : null].filter(Boolean).join(" · ")}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
