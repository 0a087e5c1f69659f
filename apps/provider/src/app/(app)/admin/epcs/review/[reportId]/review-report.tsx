"use client";

import Link from "next/link";
import { ArrowLeft, CircleCheck } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import { TBody, TD, TH, THead, TR, Table } from "@clearwell/ui/table";
import { applyServerError } from "@clearwell/ui/form";
import type { ZEpcsFinding } from "@clearwell/validators/output/prescribing-admin";
import type { TEpcsAssessFindingInput } from "@clearwell/validators/prescribing-admin";
import type { ZEpcsAssessFindingInput } from "@clearwell/validators/prescribing-admin";
import type { z } from "zod";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { LoadError } from "~/components/admin-states";
import { linkClass } from "~/components/auth-card";
import { formatDate, formatInstant } from "~/lib/format";
import { trpcCode, errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { OUTCOME, actionLabel, reasonLabel } from "../labels";

type Finding = z.infer<typeof ZEpcsFinding>;

const back = (
  <Link href="/admin/epcs/review" className={`inline-flex items-center gap-1 ${linkClass}`}>
    <ArrowLeft aria-hidden="true" className="size-4" />
    All reports
  </Link>
);

/** One day's EPCS review: the flagged events to assess, and every EPCS event of the day. */
export function ReviewReport({ reportId }: { reportId: string }) {
  const trpc = useTRPC();
  const report = useQuery(trpc.epcs.report.queryOptions({ id: reportId }));

  if (report.isPending) {
    return (
      <div aria-busy="true">
        <PageHeader eyebrow={back} title="EPCS review report" />
        <span className="sr-only" role="status">
          Loading the report…
        </span>
        <Skeleton className="mb-4 h-32 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (report.isError) {
    return (
      <div>
        <PageHeader eyebrow={back} title="EPCS review report" />
        {trpcCode(report.error) === "NOT_FOUND" || trpcCode(report.error) === "BAD_REQUEST" ? (
          <Alert variant="error" title="This report was not found">
            It may belong to another clinic, or the link is wrong. <Link href="/admin/epcs/review" className={linkClass}>See all reports</Link>.
          </Alert>
        ) : (
          <LoadError error={report.error} what="the report" onRetry={() => void report.refetch()} retrying={report.isFetching} />
        )}
      </div>
    );
  }

  const { report: r, findings, events, truncated } = report.data;
  const open = findings.filter((f) => !f.assessment);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        eyebrow={back}
        title={`EPCS review for ${formatDate(r.reportDate)}`}
        description={`Events from ${formatInstant(r.windowStart)} to ${formatInstant(r.windowEnd)}, compiled ${formatInstant(r.compiledAt)}.`}
        className="mb-0"
      />
      <dl className="grid grid-cols-3 gap-3">
        {[
          ["EPCS events", r.eventCount],
          ["Flagged", r.flaggedCount],
          ["Still to assess", r.unassessedCount],
        ].map(([label, n]) => (
          <div key={label} className="rounded-card border border-line bg-white p-3 shadow-sm">
            <dt className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</dt>
            <dd className="text-2xl font-semibold text-slate-900 tabular-nums">{n}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="findings-heading" className="flex flex-col gap-3">
        <h2 id="findings-heading" className="text-lg font-semibold text-slate-900">
          Flagged events
        </h2>
        {findings.length === 0 ? (
          <EmptyState icon={CircleCheck} headingLevel="h3" title="Nothing flagged this day" description="No refused or failed EPCS action, access change, reused code or replayed message." />
        ) : (
          <>
            {open.length ? <p className="text-sm text-slate-700">Decide for each whether it is a security incident. An incident must be reported to your EPCS vendor and to DEA within one business day.</p> : null}
            <ul className="flex flex-col gap-3">
              {findings.map((f) => (
                <FindingCard key={f.id} f={f} onAssessed={() => void report.refetch()} />
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="events-heading" className="flex flex-col gap-3">
        <h2 id="events-heading" className="text-lg font-semibold text-slate-900">
          All EPCS events of the day
        </h2>
        {truncated ? <Alert variant="warning">Showing the first {events.length} events. The audit log has the rest.</Alert> : null}
        {events.length === 0 ? (
          <p className="text-sm text-slate-600">No EPCS events were recorded this day.</p>
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Time</TH>
                <TH>Event</TH>
                <TH>Outcome</TH>
                <TH>By</TH>
              </tr>
            </THead>
            <TBody>
              {events.map((e) => (
                <TR key={e.auditEventId}>
                  <TD className="text-xs whitespace-nowrap">{formatInstant(e.occurredAt)}</TD>
                  <TD>
                    {actionLabel(e.action)}
                    {e.flagged ? (
                      <Badge variant="warning" className="ml-2">
                        Flagged
                      </Badge>
                    ) : null}
                    <span className="block font-mono text-xs text-slate-600">{e.action}</span>
                  </TD>
                  <TD>
                    <Badge variant={OUTCOME[e.outcome]?.variant ?? "neutral"}>{OUTCOME[e.outcome]?.label ?? e.outcome}</Badge>
                  </TD>
                  <TD>{e.actorName ?? "System"}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}

function FindingCard({ f, onAssessed }: { f: Finding; onAssessed: () => void }) {
  const headingId = `finding-${f.id}`;
  return (
    <li>
      <Card aria-labelledby={headingId} className={f.assessment ? undefined : "border-amber-300"}>
        <CardHeader>
          <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between">
            <CardTitle as="h3" id={headingId}>
              {actionLabel(f.action)} · {formatInstant(f.occurredAt)}
            </CardTitle>
            {f.assessment === "incident" ? <Badge variant="danger">Incident</Badge> : f.assessment === "not_incident" ? <Badge variant="success">Not an incident</Badge> : <Badge variant="warning">To assess</Badge>}
          </div>
          <p className="text-sm text-slate-700">{reasonLabel(f.reason)}</p>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
            <dt className="text-slate-600">Outcome</dt>
            <dd>{OUTCOME[f.outcome]?.label ?? f.outcome}</dd>
            <dt className="text-slate-600">By</dt>
            <dd>{f.actorName ?? "System"}</dd>
            <dt className="text-slate-600">Event code</dt>
            <dd className="font-mono text-xs">{f.action}</dd>
            <dt className="text-slate-600">Record</dt>
            <dd className="font-mono text-xs break-all">
              {f.resourceType}
              {f.resourceId ? ` ${f.resourceId}` : ""}
            </dd>
            {typeof f.detail?.reason === "string" ? (
              <>
                <dt className="text-slate-600">Refusal</dt>
                <dd className="font-mono text-xs">{f.detail.reason}</dd>
              </>
            ) : null}
          </dl>
          {f.assessment ? (
            <p className="rounded-lg bg-slate-50 p-3 text-sm text-slate-800">
              Assessed by {f.assessedByName ?? "unknown"}
              {f.assessedAt ? ` on ${formatInstant(f.assessedAt)}` : ""}: “{f.assessmentNote}”
            </p>
          ) : (
            <AssessForm finding={f} onAssessed={onAssessed} />
          )}
        </CardContent>
      </Card>
    </li>
  );
}

// The schema (zod) loads on the form's first check, not with the page.
const assessResolver = lazyZodResolver(() => import("@clearwell/validators/prescribing-admin").then((m) => m.ZEpcsAssessFindingInput));

function AssessForm({ finding, onAssessed }: { finding: Finding; onAssessed: () => void }) {
  const trpc = useTRPC();
  const assess = useMutation(trpc.epcs.assessFinding.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const form = useForm<TEpcsAssessFindingInput, unknown, z.output<typeof ZEpcsAssessFindingInput>>({
    resolver: assessResolver,
    mode: "onTouched",
    defaultValues: { findingId: finding.id, note: "" },
  });
  const assessment = useWatch({ control: form.control, name: "assessment" });
  const name = `assessment-${finding.id}`;
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      await assess.mutateAsync(values);
      onAssessed();
    } catch (err) {
      setError(applyServerError({ setError: form.setError }, err, { fields: { assessment: "assessment", note: "note" }, message: errorMessage }));
    }
  });
  const radioError = form.formState.errors.assessment?.message;
  return (
    <form onSubmit={submit} noValidate aria-label="Assess this event" className="flex flex-col gap-3 border-t border-slate-100 pt-3">
      {error ? <Alert variant="error">{error}</Alert> : null}
      <fieldset aria-describedby={radioError ? `${name}-error` : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-800">Is this a security incident?</legend>
        <div className="flex flex-col gap-1 sm:flex-row sm:gap-6">
          {(
            [
              ["not_incident", "Not an incident"],
              ["incident", "Incident"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex cursor-pointer items-center gap-2 py-1 text-sm text-slate-800">
              <input type="radio" value={value} {...form.register("assessment")} aria-invalid={radioError ? true : undefined} className="size-4 accent-teal-700" />
              {label}
            </label>
          ))}
        </div>
        {radioError ? (
          <p id={`${name}-error`} className="text-sm font-medium text-red-700">
            Choose whether it is an incident.
          </p>
        ) : null}
      </fieldset>
      {assessment === "incident" ? (
        <Alert variant="warning">Report it to your EPCS vendor and to DEA within one business day (21 CFR 1311.150(c)), and say in the note when and to whom.</Alert>
      ) : null}
      <Field label="What you found" required error={form.formState.errors.note?.message}>
        <Textarea rows={2} {...form.register("note")} />
      </Field>
      <div>
        <Button type="submit" loading={form.formState.isSubmitting}>
          Save assessment
        </Button>
      </div>
    </form>
  );
}
