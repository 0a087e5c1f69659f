"use client";

import type { ReactNode } from "react";
import { useId } from "react";
import { Badge } from "@clearwell/ui/badge";

import { appointmentStatus } from "~/lib/appointments";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import type { Snapshot } from "./note-labels";
import { ALERT_RULE_LABEL, ALERT_SEVERITY_LABEL, INSTRUMENT_LABEL } from "./note-labels";

type Section = Snapshot["sections"][number];
type Of<K extends Section["kind"]> = Extract<Section, { kind: K }>;
type Trend = Of<"scores">["phq9"];
type Delta = NonNullable<Trend["vsBaseline"]>;
type AlertRef = Of<"alerts">["opened"][number];

const sectionOf = <K extends Section["kind"]>(s: Snapshot, kind: K) => s.sections.find((x): x is Of<K> => x.kind === kind);

/** "9 lower (16 → 7, −56%)": lower is better on both scales. */
function change(d: Delta, from: number, to: number) {
  const size = Math.abs(d.change);
  const words = d.change === 0 ? "No change" : `${size} point${size === 1 ? "" : "s"} ${d.change < 0 ? "lower" : "higher"}`;
  const pct = d.percentChange === null || d.change === 0 ? "" : `, ${d.percentChange > 0 ? "+" : "−"}${Math.round(Math.abs(d.percentChange) * 100)}%`;
  return `${words} (${from} → ${to}${pct})`;
}

function Flags({ t }: { t: Trend }) {
  const d = t.vsBaseline;
  const flags: [string, "success" | "danger"][] = [];
  if (t.remission) flags.push(["Remission", "success"]);
  if (t.response) flags.push(["Response", "success"]);
  if (d?.meaningfulImprovement) flags.push(["Meaningful change", "success"]);
  if (d?.meaningfulWorsening) flags.push(["Meaningful worsening", "danger"]);
  if (!flags.length) return null;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label={`${INSTRUMENT_LABEL[t.instrument]} flags`}>
      {flags.map(([label, variant]) => (
        <li key={label}>
          <Badge variant={variant}>{label}</Badge>
        </li>
      ))}
    </ul>
  );
}

/** One instrument: latest score, change vs baseline and vs previous (DOMAIN.md §6 metrics), flags. */
function ScoreCard({ t }: { t: Trend }) {
  const { day } = useClinicFormat();
  const name = INSTRUMENT_LABEL[t.instrument];
  if (!t.latest) {
    return (
      <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <p className="font-medium text-slate-900">{name}</p>
        <p className="text-slate-600">No {name} scores yet.</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <p className="flex flex-wrap items-baseline justify-between gap-x-2">
        <span className="font-medium text-slate-900">{name}</span>
        <span className="text-slate-600">
          latest <span className="text-lg font-semibold text-slate-900">{t.latest.total}</span> on {day(t.latest.takenAt)}
        </span>
      </p>
      <dl className="grid grid-cols-[6.5rem_minmax(0,1fr)] gap-x-2 gap-y-1">
        <dt className="text-slate-600">vs baseline</dt>
        <dd className="text-slate-800">{t.vsBaseline && t.baseline ? change(t.vsBaseline, t.baseline.total, t.latest.total) : t.baseline ? "This is the baseline score." : "No baseline yet."}</dd>
        <dt className="text-slate-600">vs previous</dt>
        <dd className="text-slate-800">{t.vsPrevious && t.previous ? change(t.vsPrevious, t.previous.total, t.latest.total) : "No earlier score."}</dd>
      </dl>
      <Flags t={t} />
    </div>
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-1.5">
      <h4 className="text-sm font-semibold text-slate-900">{title}</h4>
      {children}
    </section>
  );
}

const empty = (text: string) => <p className="text-sm text-slate-600">{text}</p>;

function AlertList({ label, alerts, when }: { label: string; alerts: AlertRef[]; when: (a: AlertRef) => string }) {
  if (!alerts.length) return null;
  return (
    <div className="text-sm">
      <p className="text-slate-600">{label}</p>
      <ul className="flex flex-col gap-0.5">
        {alerts.map((a) => (
          <li key={a.id} className="text-slate-800">
            <span className="font-mono text-xs text-slate-500">{a.ruleId}</span> {ALERT_RULE_LABEL[a.ruleId] ?? "Alert"} · {ALERT_SEVERITY_LABEL[a.severity].toLowerCase()} · {when(a)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Where the window starts, in words: the last signed note when one matches `since`, else the first visit. */
export function sinceWhat(since: string | null, signedAts: (Date | string | null)[]) {
  if (!since) return null;
  const t = new Date(since).getTime();
  return signedAts.some((s) => s !== null && new Date(s).getTime() === t) ? "the last signed note" : "the first visit";
}

/**
 * The follow-up note's interval data (DOMAIN.md §8), read-only: system-generated from the records
 * it cites, rebuilt by the server each time the draft is opened and frozen in the signed note.
 */
export function IntervalSnapshot({ snapshot, since, frozen }: { snapshot: Snapshot; since: string | null; frozen: boolean }) {
  const { dateTime: formatDateTime, day } = useClinicFormat();
  const scores = sectionOf(snapshot, "scores");
  const alerts = sectionOf(snapshot, "alerts");
  const visits = sectionOf(snapshot, "visits");
  const checkIns = scores?.inInterval ?? [];
  const titleId = useId();
  const sinceText = since ?? (snapshot.since ? day(snapshot.since) : "the start of care");
  const title = snapshot.since ? (since ? `Since ${since}, ${day(snapshot.since)}` : `Since ${day(snapshot.since)}`) : "Since the start of care";
  const sources = Object.values(snapshot.sourceIds).reduce((n, ids) => n + (ids?.length ?? 0), 0);
  return (
    <section aria-labelledby={titleId} className="@container flex flex-col gap-4 rounded-xl border border-slate-200 bg-slate-50 p-4">
      <div className="flex flex-col gap-1">
        <h3 id={titleId} className="text-base font-semibold text-slate-900">
          {title}
        </h3>
        <p className="text-sm text-slate-600">Interval data, read-only.</p>
      </div>

      <Part title="Scores">
        {scores ? (
          <>
            {/* Side by side only when the panel itself is wide (the chart's dialog), not beside the video. */}
            <div className="grid gap-2 @xl:grid-cols-2">
              <ScoreCard t={scores.phq9} />
              <ScoreCard t={scores.gad7} />
            </div>
            {checkIns.length ? (
              <p className="text-sm text-slate-700">
                {checkIns.length} score{checkIns.length === 1 ? "" : "s"} since {sinceText}:{" "}
                {(["phq9", "gad7"] as const)
                  .map((i) => [i, checkIns.filter((c) => c.instrument === i)] as const)
                  .filter(([, list]) => list.length)
                  .map(([i, list]) => `${INSTRUMENT_LABEL[i]} ${list.map((c) => c.total).join(", ")}`)
                  .join("; ")}
                .
              </p>
            ) : (
              empty(`No check-ins since ${sinceText}.`)
            )}
          </>
        ) : (
          empty("No scores recorded.")
        )}
      </Part>

      <Part title="Alerts">
        {alerts && (alerts.opened.length || alerts.resolved.length || alerts.stillOpen.length) ? (
          <div className="flex flex-col gap-2">
            <AlertList label="Opened" alerts={alerts.opened} when={(a) => `raised ${formatDateTime(a.raisedAt)}`} />
            <AlertList label="Resolved" alerts={alerts.resolved} when={(a) => `resolved ${a.resolvedAt ? formatDateTime(a.resolvedAt) : ""}`} />
            <AlertList label="Still open" alerts={alerts.stillOpen} when={(a) => `raised ${formatDateTime(a.raisedAt)}`} />
          </div>
        ) : (
          empty(`No alerts opened or resolved since ${sinceText}, and none open.`)
        )}
      </Part>

      <Part title="Visits">
        {visits?.visits.length ? (
          <ul className="flex flex-col gap-0.5 text-sm text-slate-800">
            {visits.visits.map((v) => (
              <li key={v.id}>
                {v.kind === "evaluation" ? "Evaluation" : "Follow-up"} · {formatDateTime(v.startsAt)} · {appointmentStatus(v.status).label.toLowerCase()}
                {v.modality ? ` · ${v.modality === "audio_video" ? "audio and video" : "audio only"}` : ""}
              </li>
            ))}
          </ul>
        ) : (
          empty(`No other visits since ${sinceText}.`)
        )}
      </Part>

      <p className="border-t border-slate-200 pt-3 text-xs text-slate-600">
        Generated by the system at {formatDateTime(snapshot.generatedAt)} from {sources} cited record{sources === 1 ? "" : "s"}.{" "}
        {frozen ? "Frozen when the note was signed." : "Refreshed each time the draft is opened, until the note is signed."}
      </p>
    </section>
  );
}
