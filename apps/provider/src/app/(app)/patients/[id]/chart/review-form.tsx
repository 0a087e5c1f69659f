"use client";

import type { FormEvent } from "react";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Checkbox } from "@clearwell/ui/checkbox";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";

import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function ReviewForm({ patientId, intakeId }: { patientId: string; intakeId: string }) {
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
