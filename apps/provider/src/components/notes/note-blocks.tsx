"use client";

import type { ReactNode } from "react";
import type { TBpReading } from "@clearwell/validators/note";
import { MENTAL_STATUS_FIELDS } from "@clearwell/validators/choices/note";

import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import type { StoredFindings } from "./note-labels";
import { MENTAL_STATUS_LABEL, POSITION_LABEL, RISK_LABEL } from "./note-labels";

type MentalStatus = StoredFindings["mentalStatus"];
type Vitals = StoredFindings["vitals"];
type Risk = StoredFindings["riskAssessment"];

/** One titled part of a signed note. */
export function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-1">
      <h4 className="text-sm font-semibold text-slate-900">{title}</h4>
      {children}
    </section>
  );
}

export const para = (s: string | undefined | null, empty = "Not recorded") =>
  s?.trim() ? <p className="text-sm whitespace-pre-wrap text-slate-800">{s}</p> : <p className="text-sm text-slate-500">{empty}</p>;

/** Label / value rows; rows without a value are left out. */
export function Rows({ rows }: { rows: [string, ReactNode | undefined | null][] }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== "");
  if (!shown.length) return <p className="text-sm text-slate-500">Not recorded</p>;
  return (
    <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
      {shown.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd className="whitespace-pre-wrap text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function MentalStatusBlock({ ms }: { ms: MentalStatus }) {
  const m = ms ?? {};
  return (
    <Block title="Mental status">
      <Rows rows={MENTAL_STATUS_FIELDS.filter((k) => m[k]?.trim()).map((k) => [MENTAL_STATUS_LABEL[k], m[k]])} />
    </Block>
  );
}

const reading = (r: TBpReading, formatDateTime: (v: Date | string) => string) => `${r.systolic}/${r.diastolic} mmHg, ${POSITION_LABEL[r.position].toLowerCase()}, ${formatDateTime(r.takenAt)}${r.restMinutes !== undefined ? `, after ${r.restMinutes} min rest` : ""}`;

export function VitalsBlock({ vitals, title = "Blood pressure", extra }: { vitals: Vitals; title?: string; extra?: ReactNode }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const v = vitals;
  const any = !!v?.bpReadings.length || !!v?.bpNotTakenReason || v?.heartRate !== undefined || !!extra;
  return (
    <Block title={title}>
      {v?.bpReadings.length ? (
        <ol className="flex flex-col gap-1 text-sm text-slate-800">
          {v.bpReadings.map((r, i) => (
            <li key={i}>{reading(r, formatDateTime)}</li>
          ))}
        </ol>
      ) : null}
      {v?.bpNotTakenReason ? <p className="text-sm text-slate-800">Not taken: {v.bpNotTakenReason}</p> : null}
      {v?.heartRate !== undefined ? <p className="text-sm text-slate-800">Heart rate {v.heartRate} bpm</p> : null}
      {extra}
      {!any ? <p className="text-sm text-slate-500">Not recorded</p> : null}
    </Block>
  );
}

export function RiskBlock({ risk }: { risk: Risk }) {
  return (
    <Block title="Risk assessment">
      <p className="text-sm text-slate-800">
        Suicide risk {risk?.suicideRisk ? RISK_LABEL[risk.suicideRisk].toLowerCase() : "not rated"}
        {risk?.suicidePlanReported === undefined ? "" : risk.suicidePlanReported ? "; reports a plan or intent" : "; no plan or intent reported"}. Misuse risk{" "}
        {risk?.misuseRisk ? RISK_LABEL[risk.misuseRisk].toLowerCase() : "not rated"}.
      </p>
      {risk?.safetyPlan ? <p className="text-sm whitespace-pre-wrap text-slate-800">Safety plan: {risk.safetyPlan}</p> : null}
      {risk?.misuseComment ? <p className="text-sm whitespace-pre-wrap text-slate-800">Misuse: {risk.misuseComment}</p> : null}
    </Block>
  );
}
