"use client";

import { CopyButton } from "@clearwell/ui/copy-button";

import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import { stateName } from "~/lib/format";
import { FollowUpContent } from "./follow-up-content";
import { Block, MentalStatusBlock, RiskBlock, VitalsBlock, para } from "./note-blocks";
import type { FollowUpView, StoredFindings } from "./note-labels";
import { RESOLUTION_LABEL, shortHash } from "./note-labels";

type Sections = { subjective: string; objective: string; assessment: string; plan: string };

/** Who signed, when, and the SHA-256 of the signed text (DOMAIN.md §9 integrity), shortened with a copy button. */
export function SignatureLine({ signer, signedAt, sha256 }: { signer: string; signedAt: Date | string; sha256: string }) {
  const { dateTime: formatDateTime } = useClinicFormat();
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

const SOAP = [
  ["subjective", "Subjective"],
  ["objective", "Objective"],
  ["assessment", "Assessment"],
  ["plan", "Plan"],
] as const;

/**
 * A note's content, read-only: an evaluation's structured findings then SOAP; a follow-up's interval
 * data, S/O/A and plan (`since`: what the interval starts at, in words), then its own notes if any.
 */
export function NoteContent({ sections, findings, followUp, since = null }: { sections: Sections; findings: StoredFindings | null; followUp?: FollowUpView | null; since?: string | null }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const f = findings;
  if (followUp) {
    const written = SOAP.filter(([k]) => sections[k].trim());
    return (
      <div className="flex flex-col gap-4">
        <FollowUpContent followUp={followUp} since={since} />
        {written.map(([k, label]) => (
          <Block key={k} title={`${label} notes`}>
            {para(sections[k])}
          </Block>
        ))}
      </div>
    );
  }
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
          <MentalStatusBlock ms={f.mentalStatus} />
          <VitalsBlock vitals={f.vitals} />
          <RiskBlock risk={f.riskAssessment} />
          <Block title="Support person">
            <p className="text-sm text-slate-800">
              {f.supportPerson ? (f.supportPerson.confirmed ? `Confirmed: ${f.supportPerson.name ?? ""}` : "No adult support person available") : "Not recorded"}
            </p>
          </Block>
        </>
      ) : null}
      {SOAP.map(([k, label]) => (
        <Block key={k} title={label}>
          {para(sections[k])}
        </Block>
      ))}
    </div>
  );
}
