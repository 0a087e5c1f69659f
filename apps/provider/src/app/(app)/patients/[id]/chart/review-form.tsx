"use client";

import type { FormEvent } from "react";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Checkbox } from "@clearwell/ui/checkbox";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";

import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

type Risk = "" | "low" | "moderate" | "high";

/**
 * Marks the intake reviewed and, optionally, releases the patient for scheduling. On the crisis
 * pathway (E11, A1) release also needs the crisis alert acknowledged and a risk assessment.
 */
export function ReviewForm({ patientId, intakeId, crisis }: { patientId: string; intakeId: string; crisis: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [note, setNote] = useState("");
  const [release, setRelease] = useState(false);
  const [risk, setRisk] = useState<Risk>("");
  const [riskSummary, setRiskSummary] = useState("");
  const review = useMutation(
    trpc.chart.reviewIntake.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.chart.get.queryKey({ patientId }) }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    review.mutate({
      patientId,
      intakeId,
      releaseForScheduling: release,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(crisis && risk ? { riskAssessment: { suicideRisk: risk, summary: riskSummary.trim() } } : {}),
    });
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
      {crisis ? (
        <fieldset className="flex flex-col gap-3 rounded-lg border border-red-200 bg-red-50/50 p-3">
          <legend className="px-1 text-sm font-semibold text-red-900">Crisis pathway</legend>
          <p className="text-sm text-slate-700">
            This patient reported thoughts of self-harm or a recent attempt. Before you release them for scheduling, acknowledge the crisis alert
            (Open alerts) and record your risk assessment here.
          </p>
          <Field label="Suicide risk" hint="Your clinical judgement after contacting the patient.">
            <Select value={risk} onChange={(e) => setRisk(e.target.value as Risk)}>
              <option value="">Not assessed yet</option>
              <option value="low">Low</option>
              <option value="moderate">Moderate</option>
              <option value="high">High: crisis care, not at-home treatment</option>
            </Select>
          </Field>
          <Field label="Risk assessment" hint="What you asked, what the patient said, and the safety plan (at least 10 characters).">
            <Textarea value={riskSummary} onChange={(e) => setRiskSummary(e.target.value)} rows={3} maxLength={4000} />
          </Field>
        </fieldset>
      ) : null}
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
