"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import type { PickerTime } from "@clearwell/ui/slot-picker";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { KIND_LABEL, formatDay, formatTime, zoneLabel } from "~/lib/time";
import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";
import type { Kind } from "./visit-kind-choice";

type Appointment = PatientOutputs["booking"]["book"];

/** The chosen visit before it is booked; "any provider" lets the server pick whoever is free then. */
export function ConfirmVisit({
  kind,
  time,
  providerName,
  timeZone,
  rescheduleId,
  onBack,
  onConflict,
  onDone,
}: {
  kind: Kind;
  time: PickerTime;
  /** Null: any available provider. */
  providerName: string | null;
  timeZone: string;
  rescheduleId: string | null;
  onBack: () => void;
  onConflict: (message: string) => void;
  onDone: (appointment: Appointment) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // One key per confirmation screen: a double click or retry books once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const book = useMutation(trpc.booking.book.mutationOptions());
  const reschedule = useMutation(trpc.booking.reschedule.mutationOptions());
  const pending = book.isPending || reschedule.isPending;
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const providerUserId = providerName ? time.providers[0]?.providerUserId : undefined;

  async function onConfirm() {
    if (pending) return;
    setError(null);
    const input = { kind, startsAt: time.start, idempotencyKey, ...(providerUserId ? { providerUserId } : {}) };
    try {
      const row = rescheduleId ? await reschedule.mutateAsync({ ...input, appointmentId: rescheduleId }) : await book.mutateAsync(input);
      await queryClient.invalidateQueries({ queryKey: trpc.booking.mine.queryKey() });
      onDone(row);
    } catch (err) {
      const message = err instanceof Error ? err.message : "We couldn't book this time. Please try again.";
      if (trpcCode(err) === "CONFLICT") onConflict(message);
      else setError(message);
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold tracking-tight text-slate-900 outline-none">
        Confirm your visit
      </h1>
      {error ? (
        <Alert variant="error" role="alert">
          {error}
        </Alert>
      ) : null}
      <Card>
        <CardContent className="py-5">
          <dl className="flex flex-col gap-3">
            <div>
              <dt className="text-sm text-slate-600">Visit</dt>
              <dd className="text-base font-medium text-slate-900">{KIND_LABEL[kind]}, by secure video</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">When</dt>
              <dd className="text-base font-medium text-slate-900">
                {formatDay(time.start, timeZone)}, {formatTime(time.start, timeZone)} – {formatTime(time.end, timeZone)}
                <span className="block text-sm font-normal text-slate-600">{zoneLabel(timeZone)}</span>
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">With</dt>
              <dd className="text-base font-medium text-slate-900">
                {providerName ?? "Any available provider"}
                {providerName ? null : <span className="block text-sm font-normal text-slate-600">We&apos;ll book a provider who is free then and tell you who.</span>}
              </dd>
            </div>
          </dl>
        </CardContent>
      </Card>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
        <Button variant="secondary" size="lg" onClick={onBack} disabled={pending}>
          Choose another time
        </Button>
        <Button size="lg" loading={pending} disabled={pending} onClick={() => void onConfirm()}>
          {rescheduleId ? "Move my visit" : "Book"}
        </Button>
      </div>
    </div>
  );
}
