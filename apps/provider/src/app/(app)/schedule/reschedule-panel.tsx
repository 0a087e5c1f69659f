"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";

import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import type { ScheduleRow } from "./appointment-dialog";
import { type Kind, type SlotChoice, SlotStep } from "./slot-step";
import { WhenText } from "./when-text";

/**
 * Moves a booked or confirmed visit to another time (same visit type; any available provider or a
 * chosen one). The old visit is cancelled as "Rescheduled" in the same transaction and the patient
 * gets an email.
 */
export function ReschedulePanel({ row, onMoved, onCancel }: { row: ScheduleRow; onMoved: (next: ScheduleRow) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<SlotChoice | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState(false);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const move = useMutation(
    trpc.booking.reschedule.mutationOptions({
      onSuccess: (next) => {
        void queryClient.invalidateQueries({ queryKey: trpc.schedule.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.schedule.dashboard.queryKey() });
        const provider = choice?.time.providers.find((p) => p.providerUserId === next.providerUserId);
        onMoved({ ...row, id: next.id, status: next.status, startsAt: next.startsAt, endsAt: next.endsAt, providerUserId: next.providerUserId, providerName: provider?.providerName ?? row.providerName });
      },
      onError: (error) => {
        if (trpcCode(error) !== "CONFLICT") return;
        setChoice(null);
        setConfirming(false);
        setIdempotencyKey(crypto.randomUUID());
        void queryClient.invalidateQueries({ queryKey: trpc.booking.slots.queryKey() });
      },
    }),
  );

  return (
    <section aria-labelledby="reschedule-heading" className="mt-5 flex flex-col gap-4 border-t border-slate-200 pt-4">
      <h3 id="reschedule-heading" className="text-base font-semibold text-slate-900">
        Move this visit
      </h3>
      {move.isError ? (
        <Alert variant={trpcCode(move.error) === "CONFLICT" ? "warning" : "error"} title="The visit was not moved" role="alert">
          {errorMessage(move.error)}
        </Alert>
      ) : null}
      {confirming && choice ? (
        <>
          <p className="text-sm text-slate-800">
            Move to <WhenText start={choice.time.start} end={choice.time.end} timeZone={choice.timeZone} /> with {choice.providerName ?? "any available provider"}?
          </p>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={move.isPending}>
              Change the time
            </Button>
            <Button
              loading={move.isPending}
              onClick={() => move.mutate({ appointmentId: row.id, startsAt: choice.time.start, idempotencyKey, ...(choice.providerUserId ? { providerUserId: choice.providerUserId } : {}) })}
            >
              Move visit
            </Button>
          </div>
        </>
      ) : (
        <>
          <SlotStep
            headingLevel="h4"
            patientId={row.patientId}
            kind={row.kind as Kind}
            value={choice}
            onChange={(c) => {
              setChoice(c);
              setMissing(false);
            }}
          />
          {missing ? (
            <p className="text-sm font-medium text-red-700" role="alert">
              Choose a day and a time first.
            </p>
          ) : null}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={onCancel}>
              Keep the current time
            </Button>
            <Button onClick={() => (choice ? setConfirming(true) : setMissing(true))}>Continue</Button>
          </div>
        </>
      )}
    </section>
  );
}
