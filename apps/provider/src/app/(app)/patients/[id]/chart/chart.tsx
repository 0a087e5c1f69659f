"use client";

import type { FormEvent, ReactNode } from "react";
import Link from "next/link";
import { useState } from "react";
import { ArrowLeft, Lock, UserRoundX } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Checkbox } from "@clearwell/ui/checkbox";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@clearwell/ui/table";

import { linkClass } from "~/components/auth-card";
import { appointmentStatus, formatDateTime, humanize } from "~/lib/appointments";
import { patientStatus, stateName } from "~/lib/format";
import { CARE_TEAM_ROLE } from "~/lib/roles";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { ScoreChart } from "./score-chart";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";
const EFFECT: Record<string, { label: string; variant: Variant }> = {
  not_eligible: { label: "Not eligible", variant: "danger" },
  in_office_only: { label: "In-office only", variant: "warning" },
  override_required: { label: "Override required", variant: "warning" },
  deferred: { label: "Deferred", variant: "info" },
  warning: { label: "Warning", variant: "neutral" },
  eligible: { label: "Eligible", variant: "success" },
};
const effectOf = (e: string | null | undefined) => (e ? (EFFECT[e] ?? { label: humanize(e), variant: "neutral" as const }) : null);

const ACTION_LABEL: Record<string, string> = {
  "intake.start": "Started intake",
  "intake.submit": "Submitted intake",
  "intake.review": "Intake reviewed",
  "alert.raise": "Safety alert raised",
  "appointment.book": "Appointment booked",
  "appointment.reschedule": "Appointment rescheduled",
  "appointment.cancel": "Appointment cancelled",
  "patient.enrol": "Enrolled",
  "patient.create": "Patient record created",
  "invitation.accept": "Accepted invitation",
  "profile.update": "Profile updated",
};

const STEP_LABEL: Record<string, string> = {
  about: "About",
  contacts: "Contacts",
  history: "Medical history",
  medications: "Medications",
  home: "Home & support",
  phq9: "PHQ-9 answers",
  gad7: "GAD-7 answers",
  consents: "Consents",
};

interface Flag {
  ruleId: string;
  effect: string;
  finding: string;
  source: string;
  unanswered?: boolean;
}
interface Screening {
  flags?: Flag[];
  mostRestrictive?: string | null;
  crisisPathway?: boolean;
}

const backLink = (id: string) => (
  <Link href={`/patients/${id}`} className={`${linkClass} inline-flex items-center gap-1`}>
    <ArrowLeft aria-hidden="true" className="size-4" />
    Patient details
  </Link>
);

function label(key: string) {
  const s = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

function renderValue(v: unknown): ReactNode {
  if (v === null || v === undefined || v === "") return <span className="text-slate-500">—</span>;
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (typeof v === "number" || typeof v === "string") return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return <span className="text-slate-500">None</span>;
    return (
      <ul className="list-disc pl-4">
        {v.map((item, i) => (
          <li key={i}>{renderValue(item)}</li>
        ))}
      </ul>
    );
  }
  if (typeof v === "object") {
    return (
      <dl className="flex flex-col gap-0.5">
        {Object.entries(v as Record<string, unknown>).map(([k, val]) => (
          <div key={k} className="flex gap-2">
            <dt className="text-slate-600">{label(k)}:</dt>
            <dd>{renderValue(val)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return String(v);
}

function Answers({ answers }: { answers: unknown }) {
  if (!answers || typeof answers !== "object") return <p className="text-sm text-slate-600">No answers recorded.</p>;
  const entries = Object.entries(answers as Record<string, unknown>);
  if (!entries.length) return <p className="text-sm text-slate-600">No answers recorded.</p>;
  return (
    <div className="flex flex-col gap-2">
      {entries.map(([step, value]) => (
        <details key={step} className="rounded-lg border border-slate-200 px-3 py-2">
          <summary className="cursor-pointer text-sm font-medium text-slate-900">{STEP_LABEL[step] ?? label(step)}</summary>
          <div className="mt-2 text-sm text-slate-800">
            {value && typeof value === "object" && !Array.isArray(value) ? (
              <dl className="divide-y divide-slate-100">
                {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
                  <div key={k} className="grid gap-1 py-1.5 sm:grid-cols-[14rem_1fr]">
                    <dt className="text-slate-600">{label(k)}</dt>
                    <dd className="break-words">{renderValue(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              renderValue(value)
            )}
          </div>
        </details>
      ))}
    </div>
  );
}

function ReviewForm({ patientId, intakeId }: { patientId: string; intakeId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [note, setNote] = useState("");
  const [release, setRelease] = useState(false);
  const review = useMutation(
    trpc.chart.reviewIntake.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.chart.get.queryKey({ patientId }) }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    review.mutate({ patientId, intakeId, releaseForScheduling: release, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form onSubmit={submit} className="mt-4 flex flex-col gap-3 border-t border-slate-200 pt-4" aria-labelledby="review-heading">
      <h3 id="review-heading" className="text-sm font-semibold text-slate-900">
        Mark intake reviewed
      </h3>
      {review.isError ? (
        <Alert variant="error" role="alert" title="Review not saved">
          {errorMessage(review.error)}
        </Alert>
      ) : null}
      <Field label="Review note" hint="Optional, up to a few sentences.">
        <Textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={2000} />
      </Field>
      <Checkbox
        label="Release for scheduling"
        description="The patient may book an appointment after this review."
        checked={release}
        onChange={(e) => setRelease(e.target.checked)}
      />
      <div>
        <Button type="submit" loading={review.isPending}>
          Mark reviewed
        </Button>
      </div>
    </form>
  );
}

export function Chart({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const valid = UUID.test(patientId);
  const q = useQuery({ ...trpc.chart.get.queryOptions({ patientId }), enabled: valid, retry: false });

  if (!valid || (q.isError && trpcCode(q.error) === "NOT_FOUND")) {
    return (
      <EmptyState
        icon={UserRoundX}
        headingLevel="h1"
        title="Chart not available"
        description="Only the patient's clinicians can open the chart. This patient isn't assigned to you, or doesn't exist in your current clinic."
        action={
          <Button asChild variant="secondary">
            <Link href="/patients">Back to patients</Link>
          </Button>
        }
      />
    );
  }
  if (q.isError && trpcCode(q.error) === "FORBIDDEN") {
    return (
      <EmptyState
        icon={Lock}
        headingLevel="h1"
        title="Chart not available"
        description="Only the patient's clinicians can open the chart."
        action={
          <Button asChild variant="secondary">
            <Link href={`/patients/${patientId}`}>Back to patient details</Link>
          </Button>
        }
      />
    );
  }
  if (q.isPending) {
    return (
      <div aria-busy="true">
        <span className="sr-only" role="status">Loading chart…</span>
        <Skeleton className="mb-8 h-8 w-64" />
        <div className="grid gap-6 lg:grid-cols-3">
          <Skeleton className="h-72 lg:col-span-2" />
          <Skeleton className="h-72" />
        </div>
      </div>
    );
  }
  if (q.isError) {
    return (
      <div>
        <div className="mb-4 text-sm">{backLink(patientId)}</div>
        <h1 className="mb-4 text-2xl font-semibold text-slate-900">Chart</h1>
        <Alert
          variant="error"
          title="We couldn't load this chart"
          action={
            <Button size="sm" variant="secondary" onClick={() => void q.refetch()} loading={q.isFetching}>
              Try again
            </Button>
          }
        >
          {errorMessage(q.error)}
        </Alert>
      </div>
    );
  }

  const c = q.data;
  const h = c.header;
  const status = patientStatus(h.status);
  const intake = c.intake;
  const screening = (intake?.screening ?? null) as Screening | null;
  const restrictive = effectOf((intake?.mostRestrictiveEffect as string | null | undefined) ?? screening?.mostRestrictive ?? null);
  const crisis = Boolean(intake?.crisisPathway ?? screening?.crisisPathway ?? false);
  const flags = Array.isArray(screening?.flags) ? screening.flags : [];
  const phq9 = c.scores.filter((s) => s.instrument === "phq9");
  const gad7 = c.scores.filter((s) => s.instrument === "gad7");

  return (
    <div>
      <PageHeader
        eyebrow={backLink(patientId)}
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>{h.name}</span>
            <Badge variant={status.variant} className="text-sm">
              {status.label}
            </Badge>
          </span>
        }
        description={
          <span className="flex flex-col gap-2">
            <span>
              MRN <span className="font-mono">{h.mrn}</span>
              {h.age !== null && h.age !== undefined ? ` · ${h.age} years old` : ""} · {stateName(h.state)}
              {h.supportPerson
                ? ` · Support: ${h.supportPerson.name}${h.supportPerson.relationship ? ` (${h.supportPerson.relationship})` : ""}${h.supportPerson.phone ? `, ${h.supportPerson.phone}` : ""}`
                : " · No support person recorded"}
            </span>
            <span className="flex flex-wrap gap-2" aria-label="Screening summary">
              {crisis ? <Badge variant="danger">Crisis pathway</Badge> : null}
              {restrictive ? <Badge variant={restrictive.variant}>Screening: {restrictive.label}</Badge> : null}
              {intake && !restrictive && !crisis ? <Badge variant="success">No screening flags</Badge> : null}
              {c.alerts.length ? <Badge variant="danger">{c.alerts.length} open alert{c.alerts.length === 1 ? "" : "s"}</Badge> : null}
            </span>
          </span>
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Intake review</CardTitle>
            </CardHeader>
            <CardContent>
              {!intake ? (
                <p className="text-sm text-slate-600">No intake submitted yet.</p>
              ) : (
                <div className="flex flex-col gap-4">
                  <p className="text-sm text-slate-700">
                    Version {intake.version}
                    {intake.submittedAt ? ` · submitted ${formatDateTime(intake.submittedAt)}` : " · not submitted"}
                    {intake.reviewedAt ? ` · reviewed ${formatDateTime(intake.reviewedAt)}` : " · not reviewed"}
                  </p>
                  <div>
                    <h3 className="mb-2 text-sm font-semibold text-slate-900">Screening flags</h3>
                    {flags.length ? (
                      <Table>
                        <THead>
                          <TR>
                            <TH>Rule</TH>
                            <TH>Effect</TH>
                            <TH>Finding</TH>
                            <TH>Source</TH>
                          </TR>
                        </THead>
                        <TBody>
                          {flags.map((f, i) => {
                            const eff = effectOf(f.effect);
                            return (
                              <TR key={`${f.ruleId}-${i}`}>
                                <TD className="font-mono">{f.ruleId}</TD>
                                <TD>{eff ? <Badge variant={eff.variant}>{eff.label}</Badge> : null}</TD>
                                <TD>
                                  {f.finding}
                                  {f.unanswered ? (
                                    <Badge variant="warning" className="ml-2">
                                      Unanswered
                                    </Badge>
                                  ) : null}
                                </TD>
                                <TD>{f.source}</TD>
                              </TR>
                            );
                          })}
                        </TBody>
                      </Table>
                    ) : (
                      <p className="text-sm text-slate-600">No screening flags.</p>
                    )}
                  </div>
                  <div>
                    <h3 className="mb-2 text-sm font-semibold text-slate-900">Answers</h3>
                    <Answers answers={intake.answers} />
                  </div>
                  {!intake.reviewedAt && intake.submittedAt ? <ReviewForm patientId={patientId} intakeId={intake.id} /> : null}
                </div>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Score history</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-6 xl:grid-cols-2">
              <ScoreChart instrument="phq9" scores={phq9} />
              <ScoreChart instrument="gad7" scores={gad7} />
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Appointments</CardTitle>
            </CardHeader>
            <CardContent>
              {c.appointments.length ? (
                <Table>
                  <THead>
                    <TR>
                      <TH>When</TH>
                      <TH>Kind</TH>
                      <TH>Provider</TH>
                      <TH>State</TH>
                      <TH>Status</TH>
                    </TR>
                  </THead>
                  <TBody>
                    {c.appointments.map((a) => {
                      const st = appointmentStatus(a.status);
                      return (
                        <TR key={a.id}>
                          <TD>{formatDateTime(a.startsAt)}</TD>
                          <TD>{humanize(a.kind)}</TD>
                          <TD>{a.providerName}</TD>
                          <TD>{stateName(a.patientState)}</TD>
                          <TD>
                            <Badge variant={st.variant}>{st.label}</Badge>
                          </TD>
                        </TR>
                      );
                    })}
                  </TBody>
                </Table>
              ) : (
                <p className="text-sm text-slate-600">No appointments yet.</p>
              )}
            </CardContent>
          </Card>
        </div>

        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Open alerts</CardTitle>
            </CardHeader>
            <CardContent>
              {c.alerts.length ? (
                <ul className="flex flex-col gap-3">
                  {c.alerts.map((a) => (
                    <li key={a.id} className="flex flex-col gap-1">
                      <span className="flex items-center gap-2">
                        <Badge variant={a.severity === "critical" ? "danger" : "warning"}>{humanize(a.severity)}</Badge>
                        <span className="text-xs text-slate-600">{humanize(a.status)}</span>
                      </span>
                      <span className="text-sm text-slate-800">{a.summary}</span>
                      <span className="text-xs text-slate-500">{formatDateTime(a.createdAt)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-600">No open alerts.</p>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Care team</CardTitle>
            </CardHeader>
            <CardContent>
              {c.careTeam.length ? (
                <ul className="flex flex-col gap-2 text-sm">
                  {c.careTeam.map((m, i) => (
                    <li key={i}>
                      <span className="font-medium text-slate-900">{m.name}</span>
                      <span className="text-slate-600"> · {CARE_TEAM_ROLE[m.role] ?? m.role}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-600">No one is assigned yet.</p>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Timeline</CardTitle>
            </CardHeader>
            <CardContent>
              {c.timeline.length ? (
                <ol className="flex flex-col gap-3 border-l border-slate-200 pl-4">
                  {c.timeline.map((t, i) => (
                    <li key={i} className="text-sm">
                      <p className="font-medium text-slate-900">{ACTION_LABEL[t.action] ?? humanize(t.action)}</p>
                      <p className="text-xs text-slate-600">
                        {formatDateTime(t.at)}
                        {t.actorName ? ` · ${t.actorName}` : t.actorKind ? ` · ${humanize(t.actorKind)}` : ""}
                      </p>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="text-sm text-slate-600">Nothing recorded yet.</p>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
