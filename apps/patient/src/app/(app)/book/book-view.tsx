"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { cn } from "@clearwell/ui/cn";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Skeleton } from "@clearwell/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarX2, CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { RadioGroup } from "~/components/radio-group";
import { KIND_LABEL, formatDateTime, formatDay, formatTime, zoneLabel } from "~/lib/time";
import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

type Kind = "evaluation" | "follow_up";
type Slot = PatientOutputs["booking"]["slots"]["slots"][number];

const KIND_OPTIONS = [
  { value: "evaluation", label: "Evaluation (first visit)" },
  { value: "follow_up", label: "Follow-up visit" },
] as const;

function slotKey(s: Slot) {
  return `${s.providerUserId}|${new Date(s.start).toISOString()}`;
}

export function BookView({ rescheduleId, initialKind }: { rescheduleId: string | null; initialKind: Kind | null }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>(initialKind ?? "evaluation");
  const [selected, setSelected] = useState<Slot | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [done, setDone] = useState<{ start: Date; timeZone: string; providerName: string } | null>(null);
  const slots = useQuery(trpc.booking.slots.queryOptions({ kind, days: 14 }));

  if (done) {
    return (
      <Card>
        <CardContent className="flex flex-col items-start gap-4 py-6">
          <CheckCircle2 aria-hidden="true" className="size-10 text-emerald-700" />
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900" role="status">
            {rescheduleId ? "Your visit was moved" : "You're booked"}
          </h1>
          <p className="text-base text-slate-700">
            {KIND_LABEL[kind]} with {done.providerName} on {formatDateTime(done.start, done.timeZone)}.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button asChild size="lg">
              <Link href="/appointments">See your appointments</Link>
            </Button>
            <Button asChild variant="secondary" size="lg">
              <Link href="/">Home</Link>
            </Button>
          </div>
        </CardContent>
      </Card>
    );
  }

  if (confirming && selected && slots.data) {
    return (
      <Confirm
        kind={kind}
        slot={selected}
        timeZone={slots.data.timezone}
        rescheduleId={rescheduleId}
        onBack={() => setConfirming(false)}
        onConflict={() => {
          setNotice("That time was just taken. Please choose another time.");
          setSelected(null);
          setConfirming(false);
          void slots.refetch();
        }}
        onDone={() => setDone({ start: new Date(selected.start), timeZone: slots.data.timezone, providerName: selected.providerName })}
      />
    );
  }

  const groups = new Map<string, Slot[]>();
  if (slots.data) {
    for (const s of slots.data.slots) {
      const day = formatDay(new Date(s.start), slots.data.timezone);
      const list = groups.get(day) ?? [];
      list.push(s);
      groups.set(day, list);
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{rescheduleId ? "Choose a new time" : "Book a visit"}</h1>
        <p className="text-base text-slate-600">Pick a time that works for you. Visits are by secure video.</p>
      </div>
      {notice ? (
        <Alert variant="warning" role="alert">
          {notice}
        </Alert>
      ) : null}
      {rescheduleId ? null : (
        <RadioGroup
          legend="Type of visit"
          name="kind"
          options={KIND_OPTIONS}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setSelected(null);
            setNotice(null);
          }}
        />
      )}
      {slots.isPending ? (
        <div aria-busy="true" className="flex flex-col gap-3">
          <span role="status" className="sr-only">
            Loading open times
          </span>
          <Skeleton className="h-5 w-40" />
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
            {[0, 1, 2, 3, 4, 5].map((i) => (
              <Skeleton key={i} className="h-16 w-full" />
            ))}
          </div>
        </div>
      ) : slots.isError ? (
        <Alert
          variant="error"
          title="We couldn't load open times"
          action={
            <Button variant="secondary" className="h-11" loading={slots.isFetching} onClick={() => void slots.refetch()}>
              Retry
            </Button>
          }
        >
          {trpcCode(slots.error) === "FORBIDDEN" ? slots.error.message : "Check your connection and try again."}
        </Alert>
      ) : slots.data.blocked ? (
        <Alert variant="info" title="Booking isn't available yet">
          {slots.data.blocked}
        </Alert>
      ) : slots.data.slots.length === 0 ? (
        <EmptyState
          icon={CalendarX2}
          title="No open times in the next two weeks"
          description="Please check back soon, or contact your clinic."
          className="py-10"
        />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (selected) setConfirming(true);
          }}
          className="flex flex-col gap-6"
        >
          <p className="text-sm font-medium text-slate-700">Times shown in {zoneLabel(slots.data.timezone)}</p>
          {[...groups.entries()].map(([day, list]) => (
            <fieldset key={day} className="flex flex-col gap-2">
              <legend className="mb-2 text-base font-semibold text-slate-900">{day}</legend>
              <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
                {list.map((s) => {
                  const checked = selected ? slotKey(selected) === slotKey(s) : false;
                  return (
                    <label
                      key={slotKey(s)}
                      className={cn(
                        "flex min-h-14 cursor-pointer items-center gap-3 rounded-lg border px-3 py-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
                        checked ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white",
                      )}
                    >
                      <input
                        type="radio"
                        name="slot"
                        checked={checked}
                        onChange={() => setSelected(s)}
                        className="size-5 shrink-0 accent-brand-700 focus-visible:outline-none"
                      />
                      <span className="flex flex-col">
                        <span className="text-base font-semibold text-slate-900">{formatTime(new Date(s.start), slots.data.timezone)}</span>
                        <span className="text-sm text-slate-600">
                          {s.providerName}
                          {s.credentials ? `, ${s.credentials}` : ""}
                        </span>
                      </span>
                    </label>
                  );
                })}
              </div>
            </fieldset>
          ))}
          <div className="sticky bottom-0 -mx-4 border-t border-line bg-white/95 px-4 py-3">
            <Button type="submit" size="lg" className="w-full sm:w-auto" disabled={!selected}>
              Continue
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

function Confirm({
  kind,
  slot,
  timeZone,
  rescheduleId,
  onBack,
  onConflict,
  onDone,
}: {
  kind: Kind;
  slot: Slot;
  timeZone: string;
  rescheduleId: string | null;
  onBack: () => void;
  onConflict: () => void;
  onDone: () => void;
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

  async function onConfirm() {
    if (pending) return;
    setError(null);
    const input = { kind, providerUserId: slot.providerUserId, startsAt: new Date(slot.start), idempotencyKey };
    try {
      if (rescheduleId) await reschedule.mutateAsync({ ...input, appointmentId: rescheduleId });
      else await book.mutateAsync(input);
      await queryClient.invalidateQueries({ queryKey: trpc.booking.mine.queryKey() });
      onDone();
    } catch (err) {
      if (trpcCode(err) === "CONFLICT") onConflict();
      else setError(err instanceof Error ? err.message : "We couldn't book this time. Please try again.");
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
              <dd className="text-base font-medium text-slate-900">{KIND_LABEL[kind]}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">When</dt>
              <dd className="text-base font-medium text-slate-900">
                {formatDay(new Date(slot.start), timeZone)}, {formatTime(new Date(slot.start), timeZone)} – {formatTime(new Date(slot.end), timeZone)}
                <span className="block text-sm font-normal text-slate-600">{zoneLabel(timeZone)}</span>
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">With</dt>
              <dd className="text-base font-medium text-slate-900">
                {slot.providerName}
                {slot.credentials ? `, ${slot.credentials}` : ""}
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
