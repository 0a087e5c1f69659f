"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Skeleton } from "@clearwell/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarDays, Video } from "lucide-react";
import Link from "next/link";
import { useState } from "react";

import { VISIT_STATUSES, showJoinLink } from "~/lib/join-link";
import { KIND_LABEL, formatDateTime } from "~/lib/time";
import { useNow } from "~/lib/use-now";
import { useTRPC } from "~/trpc/react";

type Appt = PatientOutputs["booking"]["mine"][number];

const STATUS_LABEL: Record<string, string> = {
  booked: "Booked",
  confirmed: "Confirmed",
  checked_in: "Checked in",
  in_progress: "In progress",
  cancelled: "Cancelled",
  completed: "Completed",
  no_show: "Missed",
};

/** Statuses the patient can still reschedule or cancel. */
const ACTIVE = new Set(["booked", "confirmed"]);

export function AppointmentsView() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.booking.mine.queryOptions());
  const [cancelling, setCancelling] = useState<Appt | null>(null);
  // Ticks so "Join video visit" appears as the visit draws near, without a reload.
  const now = useNow(30_000);

  let body: React.ReactNode;
  if (mine.isPending) {
    body = (
      <div aria-busy="true" className="flex flex-col gap-3">
        <span role="status" className="sr-only">
          Loading your appointments
        </span>
        {[0, 1].map((i) => (
          <Skeleton key={i} className="h-28 w-full" />
        ))}
      </div>
    );
  } else if (mine.isError) {
    body = (
      <Alert
        variant="error"
        title="We couldn't load your appointments"
        action={
          <Button variant="secondary" className="h-11" loading={mine.isFetching} onClick={() => void mine.refetch()}>
            Retry
          </Button>
        }
      >
        Check your connection and try again.
      </Alert>
    );
  } else {
    const upcoming = mine.data.filter((a) => new Date(a.endsAt).getTime() >= now && VISIT_STATUSES.has(a.status)).sort((a, b) => +new Date(a.startsAt) - +new Date(b.startsAt));
    const past = mine.data.filter((a) => !upcoming.includes(a)).sort((a, b) => +new Date(b.startsAt) - +new Date(a.startsAt));
    body = (
      <>
        <section aria-labelledby="upcoming-heading" className="flex flex-col gap-3">
          <h2 id="upcoming-heading" className="text-lg font-semibold text-slate-900">
            Upcoming
          </h2>
          {upcoming.length ? (
            <ul className="flex flex-col gap-3">
              {upcoming.map((a) => (
                <li key={a.id}>
                  <ApptCard appt={a} now={now} onCancel={() => setCancelling(a)} />
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState
              icon={CalendarDays}
              headingLevel="h3"
              title="No upcoming appointments"
              action={
                <Button asChild>
                  <Link href="/book">Book a visit</Link>
                </Button>
              }
              className="py-8"
            />
          )}
        </section>
        {past.length ? (
          <section aria-labelledby="past-heading" className="flex flex-col gap-3">
            <h2 id="past-heading" className="text-lg font-semibold text-slate-900">
              Past and cancelled
            </h2>
            <ul className="flex flex-col gap-3">
              {past.map((a) => (
                <li key={a.id}>
                  <ApptCard appt={a} now={now} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Your appointments</h1>
        <Button asChild variant="secondary" className="h-11">
          <Link href="/book">Book a visit</Link>
        </Button>
      </div>
      {body}
      {cancelling ? <CancelDialog appt={cancelling} onClose={() => setCancelling(null)} /> : null}
    </div>
  );
}

function ApptCard({ appt, now, onCancel }: { appt: Appt; now: number; onCancel?: () => void }) {
  const active = ACTIVE.has(appt.status) && onCancel;
  const joinable = showJoinLink(appt, now);
  return (
    <Card>
      <CardContent className="flex flex-col gap-3 py-4">
        <div className="flex items-start justify-between gap-3">
          <div>
            <p className="text-base font-semibold text-slate-900">{formatDateTime(new Date(appt.startsAt))}</p>
            <p className="text-sm text-slate-600">
              {KIND_LABEL[appt.kind] ?? appt.kind} with {appt.providerName}
            </p>
          </div>
          <Badge variant={appt.status === "cancelled" ? "neutral" : "brand"}>{STATUS_LABEL[appt.status] ?? appt.status}</Badge>
        </div>
        {joinable ? (
          <Button asChild size="lg" className="w-full sm:w-auto sm:self-start">
            <Link href={`/visit/${appt.id}`}>
              <Video aria-hidden="true" />
              Join video visit
            </Link>
          </Button>
        ) : null}
        {active ? (
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="secondary" className="h-11">
              <Link href={`/book?reschedule=${appt.id}&kind=${appt.kind}`}>Reschedule</Link>
            </Button>
            <Button variant="ghost" className="h-11 text-red-700" onClick={onCancel}>
              Cancel<span className="sr-only"> this appointment</span>
            </Button>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

function CancelDialog({ appt, onClose }: { appt: Appt; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(trpc.booking.cancel.mutationOptions());
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function onConfirm() {
    setError(null);
    if (!reason.trim()) {
      setError("Please tell the clinic why you are cancelling.");
      return;
    }
    try {
      await cancel.mutateAsync({ appointmentId: appt.id, reason: reason.trim() });
      await queryClient.invalidateQueries({ queryKey: trpc.booking.mine.queryKey() });
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : "We couldn't cancel this appointment. Please try again.");
    }
  }

  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => {
        if (!o) onClose();
      }}
      title="Cancel this appointment?"
      description={`${KIND_LABEL[appt.kind] ?? appt.kind} on ${formatDateTime(new Date(appt.startsAt))}`}
      confirmLabel="Cancel appointment"
      cancelLabel="Keep it"
      destructive
      pending={cancel.isPending}
      onConfirm={() => void onConfirm()}
    >
      <div className="flex flex-col gap-1.5">
        <label htmlFor="cancel-reason" className="text-sm font-medium text-slate-800">
          Reason
        </label>
        <textarea
          id="cancel-reason"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={error ? true : undefined}
          className="w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        />
        {error ? (
          <p role="alert" className="text-sm font-medium text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    </ConfirmDialog>
  );
}
