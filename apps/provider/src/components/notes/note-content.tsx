"use client";

import type { ReactNode } from "react";
import { MENTAL_STATUS_FIELDS } from "@clearwell/validators/note";
import { CopyButton } from "@clearwell/ui/copy-button";

import { formatDateTime } from "~/lib/appointments";
import { stateName } from "~/lib/format";
import type { StoredFindings } from "./note-labels";
import { MENTAL_STATUS_LABEL, POSITION_LABEL, RESOLUTION_LABEL, RISK_LABEL, shortHash } from "./note-labels";

type Sections = { subjective: string; objective: string; assessment: string; plan: string };

/** Who signed, when, and the SHA-256 of the signed text (DOMAIN.md §9 integrity), shortened with a copy button. */
export function SignatureLine({ signer, signedAt, sha256 }: { signer: string; signedAt: Date | string; sha256: string }) {
  return (
    <dl className="grid grid-cols-[6.5rem_minmax(0,1fr)] items-baseline gap-x-3 gap-y-1.5 text-sm">
      <dt className="text-slate-600">Signed by</dt>
      <dd className="font-medium text-slate-900">{signer}</dd>
      <dt className="text-slate-600">Signed at</dt>
      <dd>{formatDateTime(signedAt)}</dd>
      <dt className="text-slate-600">SHA-256</dt>
      <dd className="flex flex-wrap items-center gap-2">
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800" title={sha256}>
          {shortHash(sha256)}…
        </code>
        <CopyButton value={sha256} label="Copy hash" variant="ghost" />
      </dd>
    </dl>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-1">
      <h4 className="text-sm font-semibold text-slate-900">{title}</h4>
      {children}
    </section>
  );
}

const para = (s: string | undefined | null) => (s?.trim() ? <p className="text-sm whitespace-pre-wrap text-slate-800">{s}</p> : <p className="text-sm text-slate-500">Not recorded</p>);

/** A note's content, read-only: the structured findings of an evaluation, then SOAP. */
export function NoteContent({ sections, findings }: { sections: Sections; findings: StoredFindings | null }) {
  const f = findings;
  const ms = f?.mentalStatus ?? {};
  const msRows = MENTAL_STATUS_FIELDS.filter((k) => ms[k]?.trim());
  const risk = f?.riskAssessment;
  return (
    <div className="flex flex-col gap-4">
      {f ? (
        <>
          {f.attestedLocation ? (
            <Block title="Patient's location at the visit">
              <p className="text-sm text-slate-800">
                {f.attestedLocation.state ? stateName(f.attestedLocation.state) : "Not attested"}
                {f.attestedLocation.attestedAt ? `, attested ${formatDateTime(f.attestedLocation.attestedAt)}` : ""}
              </p>
            </Block>
          ) : null}
          <Block title="Screening flags">
            {f.flagReview?.length ? (
              <ul className="flex flex-col gap-1 text-sm text-slate-800">
                {f.flagReview.map((r) => (
                  <li key={r.ruleId}>
                    <span className="font-mono text-xs text-slate-500">{r.ruleId}</span> {RESOLUTION_LABEL[r.resolution]}
                    {r.comment ? `: ${r.comment}` : ""}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">No flags to resolve</p>
            )}
          </Block>
          <Block title="Mental status">
            {msRows.length ? (
              <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
                {msRows.map((k) => (
                  <div key={k} className="contents">
                    <dt className="text-slate-600">{MENTAL_STATUS_LABEL[k]}</dt>
                    <dd className="text-slate-800">{ms[k]}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="text-sm text-slate-500">Not recorded</p>
            )}
          </Block>
          <Block title="Blood pressure">
            {f.vitals?.bpReadings.length ? (
              <ol className="flex flex-col gap-1 text-sm text-slate-800">
                {f.vitals.bpReadings.map((r, i) => (
                  <li key={i}>
                    {r.systolic}/{r.diastolic} mmHg, {POSITION_LABEL[r.position].toLowerCase()}, {formatDateTime(r.takenAt)}
                    {r.restMinutes !== undefined ? `, after ${r.restMinutes} min rest` : ""}
                  </li>
                ))}
              </ol>
            ) : null}
            {f.vitals?.bpNotTakenReason ? <p className="text-sm text-slate-800">Not taken: {f.vitals.bpNotTakenReason}</p> : null}
            {!f.vitals?.bpReadings.length && !f.vitals?.bpNotTakenReason ? <p className="text-sm text-slate-500">Not recorded</p> : null}
            {f.vitals?.heartRate !== undefined ? <p className="text-sm text-slate-800">Heart rate {f.vitals.heartRate} bpm</p> : null}
          </Block>
          <Block title="Risk assessment">
            <p className="text-sm text-slate-800">
              Suicide risk {risk?.suicideRisk ? RISK_LABEL[risk.suicideRisk].toLowerCase() : "not rated"}
              {risk?.suicidePlanReported === undefined ? "" : risk.suicidePlanReported ? "; reports a plan or intent" : "; no plan or intent reported"}. Misuse risk{" "}
              {risk?.misuseRisk ? RISK_LABEL[risk.misuseRisk].toLowerCase() : "not rated"}.
            </p>
            {risk?.safetyPlan ? <p className="text-sm whitespace-pre-wrap text-slate-800">Safety plan: {risk.safetyPlan}</p> : null}
            {risk?.misuseComment ? <p className="text-sm whitespace-pre-wrap text-slate-800">Misuse: {risk.misuseComment}</p> : null}
          </Block>
          <Block title="Support person">
            <p className="text-sm text-slate-800">
              {f.supportPerson ? (f.supportPerson.confirmed ? `Confirmed: ${f.supportPerson.name ?? ""}` : "No adult support person available") : "Not recorded"}
            </p>
          </Block>
        </>
      ) : null}
      {(
        [
          ["subjective", "Subjective"],
          ["objective", "Objective"],
          ["assessment", "Assessment"],
          ["plan", "Plan"],
        ] as const
      ).map(([k, label]) => (
        <Block key={k} title={label}>
          {para(sections[k])}
        </Block>
      ))}
    </div>
  );
}
