"use client";

import type { ReactNode } from "react";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { cn, focusRing } from "@clearwell/ui/cn";
import { TBody, TD, TH, THead, TR } from "@clearwell/ui/table";

import { LoadingBlock, RetryAlert } from "~/components/query-states";
import { formatDate } from "~/lib/format";
import { errorMessage, fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import type { BpLimits } from "./bp-chart";
import { BpChart } from "./bp-chart";
import type { RegimenAction } from "./regimen-action-dialog";
import { RegimenActionDialog } from "./regimen-action-dialog";
import type { DoseSessionRow, RegimenRecord, RegimenView } from "./regimen-labels";
import { ACTIVATION_SOURCE, TAKEN_STATUSES, decidingBp, endReason, failReason, pauseReason, regimenStatus, sessionStatus, units } from "./regimen-labels";

const SESSIONS_SHOWN = 8;

/**
 * The chart's "Home regimen" (issue 13 §1, §3, §8): where the patient is in their sessions, the dose
 * log with the pre-dose blood pressure and side effects, the units reconciliation the prescriber
 * reads for diversion signals (DOMAIN.md §7 A6), and pause / resume / stop with a reason.
 */
export function HomeRegimenPanel({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.regimen.forPatient.queryOptions({ patientId }));
  // The clinic's A3 limits for the BP chart; without them the chart shows the readings alone.
  const settings = useQuery({ ...trpc.safetySettings.get.queryOptions(), staleTime: 5 * 60_000 });
  const s = settings.data;
  const bpLimits: BpLimits | null = s ? { systolicMax: s.bpSystolicMax, diastolicMax: s.bpDiastolicMax, urgentSystolic: s.bpUrgentSystolic, urgentDiastolic: s.bpUrgentDiastolic } : null;
  return (
    <Card aria-labelledby="regimen-heading" id="home-regimen" className="scroll-mt-20" data-testid="home-regimen-panel">
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle id="regimen-heading">Home regimen</CardTitle>
        {q.data?.regimen ? <Badge variant={regimenStatus(q.data.regimen.status).variant}>{regimenStatus(q.data.regimen.status).label}</Badge> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {q.isPending ? <LoadingBlock label="Loading the home regimen…" className="h-40" /> : null}
        {q.isError ? <RetryAlert title="Home regimen not loaded" error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} /> : null}
        {q.data ? <RegimenBody patientId={patientId} view={q.data} bpLimits={bpLimits} /> : null}
      </CardContent>
    </Card>
  );
}

function RegimenBody({ patientId, view, bpLimits }: { patientId: string; view: RegimenView; bpLimits: BpLimits | null }) {
  const r = view.regimen;
  if (!r) {
    return (
      <>
        <p className="text-sm text-slate-700">
          No home regimen. One is planned when the pharmacy acknowledges a signed prescription, and becomes active when the fill is reported or the patient confirms they have the medicine.
        </p>
        <Previous view={view} />
      </>
    );
  }
  const sessions = [...view.sessions].sort((a, b) => a.sequence - b.sequence);
  const taken = sessions.filter((s) => TAKEN_STATUSES.has(s.status));
  const next = sessions.find((s) => s.status === "scheduled" || s.status === "precheck_passed");
  const bpPoints = sessions.flatMap((s) => {
    const bp = decidingBp(s);
    return bp ? [{ id: s.id, at: bp.at, systolic: bp.systolic, diastolic: bp.diastolic }] : [];
  });

  return (
    <>
      <StatusLine r={r} view={view} />
      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        <Item term="Medicine">
          {r.productLabel} · {units(r.unitsPerSession, r.unitLabel)} ({r.doseMgPerSession} mg) per session, at least {r.daysBetweenSessions} {r.daysBetweenSessions === 1 ? "day" : "days"} apart
        </Item>
        <Item term="Sessions taken">
          {taken.length} of {r.sessionsPrescribed}
        </Item>
        <Item term="Next session">{next ? `${formatDate(next.scheduledDate)}${next.status === "precheck_passed" ? " (cleared to take)" : ""}` : r.status === "active" ? "None scheduled" : "—"}</Item>
        <Item term="Next follow-up">{r.nextFollowUpDate ? formatDate(r.nextFollowUpDate) : "Not booked"}</Item>
        <Item term="Support person">
          {view.supportPerson ? `${view.supportPerson.name} (${view.supportPerson.relationship}) · ${view.supportPerson.status === "active" ? "briefed and active" : view.supportPerson.status === "invited" ? "invited, not yet consented" : "revoked"}` : "Not invited yet (the patient invites them from their app)"}
        </Item>
      </dl>

      <Reconciliation view={view} r={r} />

      <section aria-labelledby="dose-log-heading" className="flex flex-col gap-3">
        <h3 id="dose-log-heading" className="text-sm font-semibold text-slate-900">
          Dose log
        </h3>
        {sessions.length ? (
          <>
            {bpPoints.length ? <BpChart points={bpPoints} limits={bpLimits} /> : null}
            <DoseLog sessions={sessions} unitLabel={r.unitLabel} />
          </>
        ) : (
          <p className="text-sm text-slate-600">No sessions yet.</p>
        )}
      </section>

      <Actions patientId={patientId} r={r} blockers={view.resumeBlockers} />
      <History view={view} />
      <Previous view={view} />
    </>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col">
      <dt className="text-slate-600">{term}</dt>
      <dd className="break-words text-slate-900">{children}</dd>
    </div>
  );
}

function StatusLine({ r, view }: { r: RegimenRecord; view: RegimenView }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  if (r.status === "paused") {
    // A clinician's own words, when a clinician paused it.
    const last = view.events.find((e) => e.toStatus === "paused");
    return (
      <Alert variant="warning" title={`Paused${r.pausedAt ? ` since ${formatDateTime(r.pausedAt)}` : ""}`}>
        {pauseReason(r.pauseReason)}
        {r.pauseReason === "clinician" && last?.reason ? ` Reason given: “${last.reason}”${last.actorName ? ` (${last.actorName})` : ""}.` : ""}
      </Alert>
    );
  }
  if (r.status === "planned") return <p className="text-sm text-slate-700">Waiting for the pharmacy&apos;s fill notice or for the patient to confirm they have the medicine.</p>;
  if (r.status === "active") {
    return (
      <p className="text-sm text-slate-700">
        Active{r.activatedAt ? ` since ${formatDateTime(r.activatedAt)}` : ""}
        {r.activationSource ? `, started by ${ACTIVATION_SOURCE[r.activationSource] ?? r.activationSource}` : ""}.
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-700">
      {regimenStatus(r.status).label}
      {r.endedAt ? ` ${formatDateTime(r.endedAt)}` : ""}. {endReason(r.endReason) ?? ""}
    </p>
  );
}

/** DOMAIN.md §7 A6: dispensed against logged; the prescriber decides what the numbers mean. */
function Reconciliation({ view, r }: { view: RegimenView; r: RegimenRecord }) {
  const rec = view.reconciliation;
  if (!rec) return null;
  const u = (n: number) => units(n, r.unitLabel);
  return (
    <section aria-labelledby="reconcile-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="reconcile-heading" className="text-sm font-semibold text-slate-900">
          Units reconciliation
        </h3>
        <span className="text-xs text-slate-600">For the prescriber: diversion signals (A6)</span>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <Item term="Dispensed">{u(rec.unitsDispensed)}</Item>
        <Item term="Logged as taken">{u(rec.unitsLogged)}</Item>
        <Item term="Reported lost">{u(rec.unitsReportedLost)}</Item>
        <Item term="Expected on hand">
          <span className={rec.expectedOnHand < 0 ? "font-semibold text-red-800" : undefined}>{u(rec.expectedOnHand)}</span>
        </Item>
      </dl>
      {rec.flags.length ? (
        <ul className="flex flex-col gap-1.5" aria-label="Diversion signals">
          {rec.flags.map((f) => (
            <li key={f.code} className="flex items-start gap-2 text-sm text-amber-950">
              <Badge variant="warning" className="mt-0.5">
                A6
              </Badge>
              <span>{f.message}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No diversion signals: units logged match what was dispensed and sessions kept their interval.</p>
      )}
      {view.fills.length ? (
        <p className="text-xs text-slate-600">
          Fills:{" "}
          {view.fills
            .map((f) => `${u(f.quantity)} ${f.source === "pharmacy" ? "from the pharmacy" : "confirmed by the patient"}${f.dispensedDate ? ` on ${formatDate(f.dispensedDate)}` : ""}`)
            .join("; ")}
          .
        </p>
      ) : (
        <p className="text-xs text-slate-600">No fill reported yet.</p>
      )}
    </section>
  );
}

function bpText(s: DoseSessionRow): string {
  const bp = decidingBp(s);
  if (!bp) return "—";
  return s.bp2 && s.bp1 ? `${bp.systolic}/${bp.diastolic} (first ${s.bp1.systolic}/${s.bp1.diastolic})` : `${bp.systolic}/${bp.diastolic}`;
}

function supportText(s: DoseSessionRow): string {
  if (TAKEN_STATUSES.has(s.status)) return s.supportSignoffName ? `Yes, signed by ${s.supportSignoffName}` : s.supportConfirmed ? "Yes (code confirmed)" : "Not signed off";
  if (s.precheckAt) return s.supportConfirmed ? "Confirmed by code" : s.precheckAnswers?.supportPresent === false ? "Absent" : "Not confirmed";
  return "—";
}

function effectsText(s: DoseSessionRow): string {
  if (!s.sideEffects.length) return TAKEN_STATUSES.has(s.status) ? "None reported" : "—";
  return s.sideEffects.map((e) => `${e.label} (${e.severity})${e.emergency ? " · emergency" : ""}`).join("; ");
}

function statusDetail(s: DoseSessionRow): string | null {
  if (s.status === "precheck_failed" && s.precheckFailedReasons.length) return s.precheckFailedReasons.map(failReason).join("; ");
  if (s.dissociationMinutes !== null && TAKEN_STATUSES.has(s.status)) return `Felt detached ${s.dissociationMinutes} min`;
  return null;
}

function sessionDate(s: DoseSessionRow, formatDateTime: (v: Date) => string) {
  return s.takenAt ? formatDateTime(s.takenAt) : formatDate(s.scheduledDate);
}

/**
 * Newest first. From sm up a table in its own focusable scroll region (the chart column is narrow:
 * four columns, the status under the date); on phones one stacked card per session.
 */
function DoseLog({ sessions, unitLabel }: { sessions: DoseSessionRow[]; unitLabel: string }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const [all, setAll] = useState(false);
  const newest = [...sessions].reverse();
  const shown = all ? newest : newest.slice(0, SESSIONS_SHOWN);
  return (
    <div className="flex flex-col gap-2">
      <div role="region" aria-labelledby="dose-log-caption" tabIndex={0} className={cn("relative hidden w-full overflow-x-auto rounded-card border border-line bg-white sm:block", focusRing)}>
        <table className="w-full border-collapse text-left text-sm">
          <caption id="dose-log-caption" className="px-3 py-2 text-left text-sm text-slate-600">
            Sessions, newest first
          </caption>
          <THead>
            <tr>
              <TH className="px-3">Session</TH>
              <TH className="px-3">Pre-dose BP</TH>
              <TH className="px-3">Support</TH>
              <TH className="px-3">Side effects</TH>
            </tr>
          </THead>
          <TBody>
            {shown.map((s) => {
              const st = sessionStatus(s.status);
              const detail = statusDetail(s);
              const first = s.bp2 && s.bp1 ? s.bp1 : null;
              const bp = decidingBp(s);
              return (
                <TR key={s.id}>
                  <TD className="px-3 align-top">
                    <span className="block font-medium whitespace-nowrap">{sessionDate(s, formatDateTime)}</span>
                    <span className="block text-xs text-slate-600">
                      Session {s.sequence}
                      {s.unitsTaken !== null ? ` · ${units(s.unitsTaken, unitLabel)}` : ""}
                    </span>
                    <Badge variant={st.variant} className="mt-1">
                      {st.label}
                    </Badge>
                    {detail ? <span className="mt-1 block text-xs text-slate-600">{detail}</span> : null}
                  </TD>
                  <TD className="px-3 align-top whitespace-nowrap">
                    {bp ? `${bp.systolic}/${bp.diastolic}` : "—"}
                    {first ? <span className="block text-xs text-slate-600">first {first.systolic}/{first.diastolic}</span> : null}
                  </TD>
                  <TD className="px-3 align-top">{supportText(s)}</TD>
                  <TD className="px-3 align-top">{effectsText(s)}</TD>
                </TR>
              );
            })}
          </TBody>
        </table>
      </div>
      <ul className="flex flex-col gap-2 sm:hidden" aria-label="Sessions, newest first">
        {shown.map((s) => {
          const st = sessionStatus(s.status);
          const detail = statusDetail(s);
          return (
            <li key={s.id} className="rounded-lg border border-slate-200 p-3 text-sm">
              <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium text-slate-900">
                  Session {s.sequence} · {sessionDate(s, formatDateTime)}
                </span>
                <Badge variant={st.variant}>{st.label}</Badge>
              </div>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                <dt className="text-slate-600">Units</dt>
                <dd>{units(s.unitsTaken, unitLabel)}</dd>
                <dt className="text-slate-600">Pre-dose BP</dt>
                <dd>{bpText(s)}</dd>
                <dt className="text-slate-600">Support</dt>
                <dd>{supportText(s)}</dd>
                <dt className="text-slate-600">Side effects</dt>
                <dd className="break-words">{effectsText(s)}</dd>
                {detail ? (
                  <>
                    <dt className="text-slate-600">Detail</dt>
                    <dd className="break-words">{detail}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          );
        })}
      </ul>
      {newest.length > SESSIONS_SHOWN ? (
        <div>
          <Button size="sm" variant="ghost" onClick={() => setAll((v) => !v)} aria-expanded={all}>
            {all ? "Show fewer sessions" : `Show all ${newest.length} sessions`}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function Actions({ patientId, r, blockers }: { patientId: string; r: RegimenRecord; blockers: string[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [action, setAction] = useState<RegimenAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = async (what: string) => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: trpc.regimen.forPatient.queryKey({ patientId }) }),
      qc.invalidateQueries({ queryKey: trpc.chart.get.queryKey({ patientId }) }),
    ]);
    setAction(null);
    setNotice(what);
  };
  const pause = useMutation(trpc.regimen.pause.mutationOptions({ onSuccess: () => done("Paused. The patient can't start a session until it is resumed.") }));
  const resume = useMutation(trpc.regimen.resume.mutationOptions({ onSuccess: () => done("Resumed. The patient can take their next session once the interval allows.") }));
  const stop = useMutation(trpc.regimen.stop.mutationOptions({ onSuccess: () => done("Stopped. No more home sessions on this prescription.") }));
  const current = action === "pause" ? pause : action === "resume" ? resume : action === "stop" ? stop : null;
  const canPause = r.status === "active";
  const canResume = r.status === "paused";
  const canStop = r.status === "planned" || r.status === "active" || r.status === "paused";
  if (!canPause && !canResume && !canStop) return notice ? <Alert variant="success">{notice}</Alert> : null;
  const open = (a: RegimenAction) => {
    setNotice(null);
    pause.reset();
    resume.reset();
    stop.reset();
    setAction(a);
  };
  const fieldError = current?.error ? (fieldErrorsOf(current.error).reason?.[0] ?? null) : null;

  return (
    <div className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      {notice ? <Alert variant="success">{notice}</Alert> : null}
      {canResume && blockers.length ? (
        <div id="resume-blockers" className="text-sm text-slate-700">
          <p className="font-medium text-slate-900">It can&apos;t be resumed yet:</p>
          <ul className="ml-5 list-disc">
            {blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {canResume && !blockers.length ? (
          <Button size="sm" onClick={() => open("resume")}>
            Resume
          </Button>
        ) : null}
        {canPause ? (
          <Button size="sm" variant="secondary" onClick={() => open("pause")}>
            Pause
          </Button>
        ) : null}
        {canStop ? (
          <Button size="sm" variant="ghost" onClick={() => open("stop")}>
            Stop regimen
          </Button>
        ) : null}
      </div>
      <RegimenActionDialog
        action={action}
        onOpenChange={(o) => {
          if (!o) setAction(null);
        }}
        pending={current?.isPending ?? false}
        fieldError={fieldError}
        serverError={current?.error && !fieldError ? errorMessage(current.error) : null}
        onSubmit={(reason) => current?.mutate({ regimenId: r.id, reason })}
      />
    </div>
  );
}

function History({ view }: { view: RegimenView }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  if (!view.events.length) return null;
  return (
    <details className="rounded-lg border border-slate-200 px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium text-slate-800">Regimen history ({view.events.length})</summary>
      <ol className="mt-2 flex flex-col gap-2">
        {view.events.map((e) => (
          <li key={e.id} className="flex flex-col">
            <span className="text-slate-900">
              {e.fromStatus ? `${regimenStatus(e.fromStatus).label} → ` : ""}
              {regimenStatus(e.toStatus).label}
              {e.reason ? `: ${e.toStatus === "paused" && !e.actorName ? pauseReason(e.reason) : e.reason}` : ""}
            </span>
            <span className="text-xs text-slate-600">
              {formatDateTime(e.occurredAt)} · {e.actorName ?? "Clearwell (automatic)"}
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}

function Previous({ view }: { view: RegimenView }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  if (!view.previous.length) return null;
  return (
    <details className="rounded-lg border border-slate-200 px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium text-slate-800">Earlier regimens ({view.previous.length})</summary>
      <ul className="mt-2 flex flex-col gap-1">
        {view.previous.map((p) => (
          <li key={p.id}>
            {p.productLabel} · {regimenStatus(p.status).label}
            {p.endedAt ? ` ${formatDateTime(p.endedAt)}` : ""}
            {p.endReason ? ` · ${endReason(p.endReason)}` : ""}
          </li>
        ))}
      </ul>
    </details>
  );
}
