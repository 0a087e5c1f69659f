"use client";

import Link from "next/link";
import { ClipboardCheck } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import { TBody, TD, TH, THead, TR, Table } from "@clearwell/ui/table";
import type { ZEpcsReportsInput } from "@clearwell/validators/prescribing-admin";
import type { z } from "zod";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { LoadError } from "~/components/admin-states";
import { linkClass } from "~/components/auth-card";
import { formatDate, formatInstant } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { isoDaysAgo } from "./labels";

type Range = z.output<typeof ZEpcsReportsInput>;
// The schema (zod) loads on the form's first check, not with the page.
const rangeResolver = lazyZodResolver(() => import("@clearwell/validators/prescribing-admin").then((m) => m.ZEpcsReportsInput));

/** The daily EPCS audit reports (21 CFR 1311.150): one per clinic day, compiled after the day ends. */
export function ReviewList() {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>(() => ({ from: isoDaysAgo(30), to: isoDaysAgo(0) }));
  const reports = useQuery(trpc.epcs.reports.queryOptions(range));
  const form = useForm<z.input<typeof ZEpcsReportsInput>, unknown, Range>({ resolver: rangeResolver, defaultValues: range });

  const header = (
    <PageHeader
      title="EPCS daily review"
      description="Each night the previous day's EPCS events (signing, access changes, credential changes, refusals) are compiled into a report. Assess every flagged event as an incident or not; report incidents to your EPCS vendor and to DEA within one business day (21 CFR 1311.150)."
      actions={
        <Button asChild variant="secondary">
          <Link href="/admin/epcs/log">Monthly prescription log</Link>
        </Button>
      }
    />
  );

  return (
    <div>
      {header}
      <Card className="mb-6">
        <CardContent>
          <form onSubmit={form.handleSubmit(setRange)} noValidate aria-label="Choose the days" className="flex flex-col gap-3 sm:flex-row sm:items-start">
            <Field label="From" error={form.formState.errors.from?.message} className="sm:w-48">
              <Input type="date" {...form.register("from")} />
            </Field>
            <Field label="To" error={form.formState.errors.to?.message} className="sm:w-48">
              <Input type="date" {...form.register("to")} />
            </Field>
            <Button type="submit" variant="secondary" className="sm:mt-[1.625rem]">
              Show reports
            </Button>
          </form>
        </CardContent>
      </Card>

      {reports.isPending ? (
        <div aria-busy="true">
          <span className="sr-only" role="status">
            Loading reports…
          </span>
          <Skeleton className="h-48 w-full" />
        </div>
      ) : reports.isError ? (
        <LoadError error={reports.error} what="the review reports" onRetry={() => void reports.refetch()} retrying={reports.isFetching} />
      ) : reports.data.items.length === 0 ? (
        <EmptyState
          icon={ClipboardCheck}
          title="No reports for these days"
          description="A report is compiled shortly after each clinic day ends, so today's appears tomorrow. Choose other days, or check back after midnight."
        />
      ) : (
        <Table>
          <caption className="sr-only">Daily EPCS review reports, newest first</caption>
          <THead>
            <tr>
              <TH>Day</TH>
              <TH className="text-right">Events</TH>
              <TH className="text-right">Flagged</TH>
              <TH>To assess</TH>
              <TH className="hidden sm:table-cell">Compiled</TH>
            </tr>
          </THead>
          <TBody>
            {reports.data.items.map((r) => (
              <TR key={r.id}>
                <TD className="whitespace-nowrap">
                  <Link href={`/admin/epcs/review/${r.id}`} className={linkClass}>
                    {formatDate(r.reportDate)}
                  </Link>
                </TD>
                <TD className="text-right tabular-nums">{r.eventCount}</TD>
                <TD className="text-right tabular-nums">{r.flaggedCount}</TD>
                <TD>
                  {r.unassessedCount > 0 ? <Badge variant="warning">{r.unassessedCount} to assess</Badge> : r.flaggedCount > 0 ? <Badge variant="success">All assessed</Badge> : <Badge variant="neutral">Nothing flagged</Badge>}
                </TD>
                <TD className="hidden text-xs whitespace-nowrap text-slate-600 sm:table-cell">{formatInstant(r.compiledAt)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
