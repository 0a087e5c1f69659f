"use client";

import type { ReactNode } from "react";
import { useState } from "react";
import { Plus, Trash2 } from "lucide-react";
import type { TBpReading } from "@clearwell/validators/note";
import { MENTAL_STATUS_FIELDS, ZBpReading } from "@clearwell/validators/note";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Field, TextField } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";

import { MENTAL_STATUS_LABEL, POSITION_LABEL, RESOLUTION_LABEL, RISK_LABEL } from "~/components/notes/note-labels";
import { RadioGroup } from "~/components/notes/radio-group";
import { formatTime } from "~/lib/appointments";
import { stateName } from "~/lib/format";
import type { Findings } from "./findings";

export interface ScreeningFlag {
  ruleId: string;
  findings: string[];
}

type SetFindings = (update: (f: Findings) => Findings) => void;

export function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      <legend className="float-left mb-1 w-full text-base font-semibold text-slate-900">{title}</legend>
      {description ? <p className="clear-left text-sm text-slate-600">{description}</p> : null}
      <div className="clear-left flex flex-col gap-3">{children}</div>
    </fieldset>
  );
}

/** DOMAIN.md §3 "Confirm at evaluation": every flag on the latest intake is confirmed, refuted or left for follow-up. */
function FlagReview({ flags, findings, set }: { flags: ScreeningFlag[]; findings: Findings; set: SetFindings }) {
  const reviews = findings.flagReview ?? [];
  const update = (ruleId: string, patch: Partial<NonNullable<Findings["flagReview"]>[number]>) =>
    set((f) => {
      const list = f.flagReview ?? [];
      const current = list.find((r) => r.ruleId === ruleId);
      const next = { ruleId, resolution: current?.resolution ?? "needs_follow_up", ...current, ...patch };
      return { ...f, flagReview: current ? list.map((r) => (r.ruleId === ruleId ? next : r)) : [...list, next] };
    });
  return (
    <Section title="Screening flags" description={flags.length ? "Resolve each flag from the intake screening with the patient." : undefined}>
      {flags.length ? (
        flags.map((flag) => {
          const review = reviews.find((r) => r.ruleId === flag.ruleId);
          return (
            <div key={flag.ruleId} className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3">
              <RadioGroup
                legend={
                  <span>
                    <span className="font-mono text-xs text-slate-500">{flag.ruleId}</span> {flag.findings.join("; ")}
                  </span>
                }
                options={Object.entries(RESOLUTION_LABEL) as [keyof typeof RESOLUTION_LABEL, string][]}
                value={review?.resolution}
                onChange={(resolution) => update(flag.ruleId, { resolution })}
              />
              {review ? (
                <Field label={`Comment on ${flag.ruleId} (optional)`}>
                  <Textarea rows={2} className="min-h-16" maxLength={2000} value={review.comment ?? ""} onChange={(e) => update(flag.ruleId, { comment: e.target.value })} />
                </Field>
              ) : null}
            </div>
          );
        })
      ) : (
        <p className="text-sm text-slate-600">The latest intake raised no screening flags.</p>
      )}
    </Section>
  );
}

const KEY_MS = ["mood", "affect", "thoughtContent"] as const;

export function MentalStatus({ findings, set, description = "Mood, affect and thought content are needed to sign." }: { findings: Findings; set: SetFindings; description?: string }) {
  const ms = findings.mentalStatus ?? {};
  const input = (k: (typeof MENTAL_STATUS_FIELDS)[number]) => (
    <TextField
      key={k}
      label={MENTAL_STATUS_LABEL[k]}
      value={ms[k] ?? ""}
      maxLength={500}
      onChange={(e) => set((f) => ({ ...f, mentalStatus: { ...f.mentalStatus, [k]: e.target.value } }))}
    />
  );
  return (
    <Section title="Mental status" description={description}>
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-1 xl:grid-cols-1">{KEY_MS.map(input)}</div>
      <details className="rounded-lg border border-slate-200 px-3 py-2" open={MENTAL_STATUS_FIELDS.some((k) => !KEY_MS.includes(k as never) && ms[k])}>
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Other domains (appearance, speech, cognition…)</summary>
        <div className="mt-3 flex flex-col gap-3">{MENTAL_STATUS_FIELDS.filter((k) => !KEY_MS.includes(k as never)).map(input)}</div>
      </details>
    </Section>
  );
}

const nowHm = () => {
  const d = new Date();
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
};
const atToday = (hm: string) => {
  const [h, m] = hm.split(":").map(Number);
  const d = new Date();
  d.setHours(h ?? 0, m ?? 0, 0, 0);
  return d;
};
const wholeNumber = (s: string) => (/^\d{1,3}$/.test(s.trim()) ? Number(s.trim()) : NaN);

/** One reading at a time, checked with the shared schema; the list shows E06's "two readings" progress (evaluations only). */
export function BloodPressure({ findings, set, checkE06 = true }: { findings: Findings; set: SetFindings; checkE06?: boolean }) {
  const readings = findings.vitals?.bpReadings ?? [];
  const [draft, setDraft] = useState({ systolic: "", diastolic: "", time: nowHm(), position: "sitting" as TBpReading["position"], rest: "5" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setVitals = (patch: Partial<NonNullable<Findings["vitals"]>>) => set((f) => ({ ...f, vitals: { bpReadings: [], ...f.vitals, ...patch } }));

  const add = () => {
    const e: Record<string, string> = {};
    const systolic = wholeNumber(draft.systolic);
    const diastolic = wholeNumber(draft.diastolic);
    const rest = draft.rest.trim() ? wholeNumber(draft.rest) : undefined;
    if (Number.isNaN(systolic)) e.systolic = "Enter the systolic pressure as a whole number (mmHg).";
    if (Number.isNaN(diastolic)) e.diastolic = "Enter the diastolic pressure as a whole number (mmHg).";
    if (!/^\d{2}:\d{2}$/.test(draft.time)) e.time = "Enter the time of the reading.";
    if (rest !== undefined && Number.isNaN(rest)) e.rest = "Enter the minutes at rest as a whole number.";
    if (!Object.keys(e).length) {
      const parsed = ZBpReading.safeParse({ systolic, diastolic, takenAt: atToday(draft.time), position: draft.position, ...(rest !== undefined ? { restMinutes: rest } : {}) });
      if (parsed.success) {
        setVitals({ bpReadings: [...readings, parsed.data] });
        setDraft((d) => ({ ...d, systolic: "", diastolic: "", time: nowHm() }));
        setErrors({});
        return;
      }
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === "restMinutes" ? "rest" : issue.path[0] === "takenAt" ? "time" : String(issue.path[0]);
        e[key] ??= key === "rest" ? "Minutes at rest: use 0 to 120." : issue.message;
      }
    }
    setErrors(e);
  };

  const enough = readings.length >= 2;
  return (
    <div className="flex flex-col gap-3">
      {checkE06 ? (
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" aria-live="polite">
          <Badge variant={enough ? "success" : "warning"}>
            {enough ? `${readings.length} readings` : `${readings.length} of 2 readings`}
          </Badge>
          <span>Rule E06 needs two blood pressure readings at the evaluation.</span>
        </p>
      ) : null}
      {readings.length ? (
        <ol className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Blood pressure readings">
          {readings.map((r, i) => (
            <li key={`${i}-${new Date(r.takenAt).getTime()}`} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
              <span>
                <span className="font-medium text-slate-900">
                  Reading {i + 1}: {r.systolic}/{r.diastolic} mmHg
                </span>
                <span className="text-slate-600">
                  {" "}
                  · {formatTime(r.takenAt)} · {POSITION_LABEL[r.position].toLowerCase()}
                  {r.restMinutes !== undefined ? ` · after ${r.restMinutes} min rest` : ""}
                </span>
              </span>
              <Button
                size="icon"
                variant="ghost"
                aria-label={`Remove reading ${i + 1} (${r.systolic}/${r.diastolic})`}
                onClick={() => setVitals({ bpReadings: readings.filter((_, j) => j !== i) })}
              >
                <Trash2 aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ol>
      ) : null}
      <div
        className="grid grid-cols-2 gap-3 rounded-lg bg-slate-50 p-3"
        role="group"
        aria-label="New blood pressure reading"
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.target as HTMLElement).tagName === "INPUT") {
            e.preventDefault();
            add();
          }
        }}
      >
        <TextField label="Systolic (mmHg)" inputMode="numeric" value={draft.systolic} onChange={(e) => setDraft({ ...draft, systolic: e.target.value })} error={errors.systolic} maxLength={3} />
        <TextField label="Diastolic (mmHg)" inputMode="numeric" value={draft.diastolic} onChange={(e) => setDraft({ ...draft, diastolic: e.target.value })} error={errors.diastolic} maxLength={3} />
        <TextField label="Time" type="time" value={draft.time} onChange={(e) => setDraft({ ...draft, time: e.target.value })} error={errors.time} />
        <TextField label="Minutes at rest" inputMode="numeric" value={draft.rest} onChange={(e) => setDraft({ ...draft, rest: e.target.value })} error={errors.rest} maxLength={3} />
        <Field label="Position" className="col-span-2">
          <Select value={draft.position} onChange={(e) => setDraft({ ...draft, position: e.target.value as TBpReading["position"] })}>
            {Object.entries(POSITION_LABEL).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </Select>
        </Field>
        <div className="col-span-2">
          <Button variant="secondary" onClick={add}>
            <Plus aria-hidden="true" />
            Add reading
          </Button>
        </div>
      </div>
      {checkE06 && !enough ? (
        <Field label="Why fewer than two readings (if so)" hint="For example: no cuff at home. Needed to sign without two readings.">
          <Textarea rows={2} className="min-h-16" maxLength={2000} value={findings.vitals?.bpNotTakenReason ?? ""} onChange={(e) => setVitals({ bpNotTakenReason: e.target.value })} />
        </Field>
      ) : null}
    </div>
  );
}

export function HeartRate({ findings, set }: { findings: Findings; set: SetFindings }) {
  const [value, setValue] = useState(findings.vitals?.heartRate?.toString() ?? "");
  const n = wholeNumber(value);
  const invalid = value.trim() !== "" && (Number.isNaN(n) || n < 20 || n > 250);
  return (
    <TextField
      label="Heart rate (bpm, optional)"
      inputMode="numeric"
      value={value}
      maxLength={3}
      error={invalid ? "Heart rate: enter a whole number from 20 to 250." : null}
      onChange={(e) => {
        setValue(e.target.value);
        const v = wholeNumber(e.target.value);
        const ok = !Number.isNaN(v) && v >= 20 && v <= 250;
        set((f) => {
          const { heartRate: _drop, ...rest } = f.vitals ?? { bpReadings: [] };
          return { ...f, vitals: { ...rest, ...(ok ? { heartRate: v } : {}) } };
        });
      }}
    />
  );
}

const RISK_OPTIONS = Object.entries(RISK_LABEL) as [keyof typeof RISK_LABEL, string][];

/** DOMAIN.md §3 E04 (misuse), E11 (suicide plan or intent): what signing needs, asked in order. */
export function Risk({ findings, set }: { findings: Findings; set: SetFindings }) {
  const r = findings.riskAssessment ?? {};
  const patch = (p: Partial<NonNullable<Findings["riskAssessment"]>>) => set((f) => ({ ...f, riskAssessment: { ...f.riskAssessment, ...p } }));
  return (
    <Section title="Risk assessment">
      <RadioGroup legend="Suicide risk" options={RISK_OPTIONS} value={r.suicideRisk} onChange={(suicideRisk) => patch({ suicideRisk })} />
      <RadioGroup
        legend="Does the patient report a suicide plan or intent?"
        options={[
          ["no", "No"],
          ["yes", "Yes"],
        ]}
        value={r.suicidePlanReported === undefined ? undefined : r.suicidePlanReported ? "yes" : "no"}
        onChange={(v) => patch({ suicidePlanReported: v === "yes" })}
      />
      <Field label="Safety plan" hint={r.suicideRisk && r.suicideRisk !== "low" ? "Needed to sign with a moderate or high suicide risk." : "Needed to sign unless the risk is low."}>
        <Textarea rows={2} className="min-h-16" maxLength={2000} value={r.safetyPlan ?? ""} onChange={(e) => patch({ safetyPlan: e.target.value })} />
      </Field>
      <RadioGroup legend="Misuse risk" options={RISK_OPTIONS} value={r.misuseRisk} onChange={(misuseRisk) => patch({ misuseRisk })} />
      <Field label="Misuse comment (optional)">
        <Textarea rows={2} className="min-h-16" maxLength={2000} value={r.misuseComment ?? ""} onChange={(e) => patch({ misuseComment: e.target.value })} />
      </Field>
    </Section>
  );
}

/** DOMAIN.md §3 E15: an adult support person for dosing sessions, confirmed with the patient. */
function SupportPerson({ findings, set, suggestedName }: { findings: Findings; set: SetFindings; suggestedName: string | null }) {
  const s = findings.supportPerson;
  return (
    <Section title="Support person">
      <RadioGroup
        legend="Is an adult support person available for dosing sessions?"
        hint={suggestedName ? `Intake names ${suggestedName}.` : "The intake names no support person."}
        options={[
          ["yes", "Yes, confirmed"],
          ["no", "No"],
        ]}
        value={s ? (s.confirmed ? "yes" : "no") : undefined}
        onChange={(v) => set((f) => ({ ...f, supportPerson: v === "yes" ? { confirmed: true, name: f.supportPerson?.name || suggestedName || "" } : { confirmed: false } }))}
      />
      {s?.confirmed ? (
        <TextField label="Support person's name" value={s.name ?? ""} maxLength={100} onChange={(e) => set((f) => ({ ...f, supportPerson: { confirmed: true, name: e.target.value } }))} />
      ) : null}
    </Section>
  );
}

/**
 * The structured part of the evaluation note (issue 11 §1). The attested location is shown only:
 * the server copies it from the visit at signing (DOMAIN.md §2 "Visit").
 */
export function EvaluationFields({
  findings,
  set,
  flags,
  attestedState,
  supportName,
}: {
  findings: Findings;
  set: SetFindings;
  flags: ScreeningFlag[];
  attestedState: string | null;
  supportName: string | null;
}) {
  return (
    <div className="flex flex-col gap-4">
      <div className="rounded-lg bg-slate-50 px-3 py-2 text-sm">
        <p className="font-medium text-slate-900">Patient&apos;s location</p>
        <p className="text-slate-700">
          {attestedState ? `${stateName(attestedState)}, as the patient attested at check-in.` : "Not attested yet: the patient confirms it when they check in."} It is copied from the visit
          when you sign.
        </p>
      </div>
      <FlagReview flags={flags} findings={findings} set={set} />
      <MentalStatus findings={findings} set={set} />
      <Section title="Vitals">
        <BloodPressure findings={findings} set={set} />
        <HeartRate findings={findings} set={set} />
      </Section>
      <Risk findings={findings} set={set} />
      <SupportPerson findings={findings} set={set} suggestedName={supportName} />
    </div>
  );
}
