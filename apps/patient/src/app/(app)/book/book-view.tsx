"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Skeleton } from "@clearwell/ui/skeleton";
import { type PickerTime, SlotPicker, formatSlotDay, formatSlotTime } from "@clearwell/ui/slot-picker";
import { useQuery } from "@tanstack/react-query";
import { CalendarX2 } from "lucide-react";
import { useMemo, useState } from "react";

import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";
import { Booked } from "./booked";
import { ConfirmVisit } from "./confirm-visit";
import { type Kind, VisitKindChoice } from "./visit-kind-choice";

type Appointment = PatientOutputs["booking"]["book"];

/** Four weeks of times, shown two weeks at a time (the clinic's booking horizon may end sooner). */
const DAYS = 28;

export function BookView({ rescheduleId, initialKind }: { rescheduleId: string | null; initialKind: Kind | null }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>(initialKind ?? "evaluation");
  const [providerUserId, setProviderUserId] = useState<string | null>(null);
  const [time, setTime] = useState<PickerTime | null>(null);
  const [step, setStep] = useState<"pick" | "confirm">("pick");
  const [notice, setNotice] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<Appointment | null>(null);
  const slots = useQuery(trpc.booking.slots.queryOptions({ kind, days: DAYS }));
  // The days start today; fixed for the page's life so the day strip does not shift under the patient.
  const [from] = useState(() => new Date());
  const pickerSlots = useMemo(() => slots.data?.slots.map((s) => ({ ...s, start: new Date(s.start), end: new Date(s.end) })) ?? [], [slots.data]);
  const nameOf = (id: string | null) => {
    const s = id ? pickerSlots.find((x) => x.providerUserId === id) : undefined;
    return s ? `${s.providerName}${s.credentials ? `, ${s.credentials}` : ""}` : null;
  };

  if (done && slots.data) {
    return <Booked kind={kind} start={new Date(done.startsAt)} timeZone={slots.data.timezone} providerName={nameOf(done.providerUserId) ?? "your provider"} moved={!!rescheduleId} />;
  }

  if (step === "confirm" && time && slots.data) {
    return (
      <ConfirmVisit
        kind={kind}
        time={time}
        providerName={nameOf(providerUserId)}
        timeZone={slots.data.timezone}
        rescheduleId={rescheduleId}
        onBack={() => setStep("pick")}
        onConflict={(message) => {
          setNotice(`${message} The times below are up to date.`);
          setTime(null);
          setStep("pick");
          void slots.refetch();
        }}
        onDone={setDone}
      />
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{rescheduleId ? "Choose a new time" : "Book a visit"}</h1>
        <p className="text-base text-slate-600">Pick a day, then a time. Visits are by secure video.</p>
      </div>
      {notice ? (
        <Alert variant="warning" role="alert">
          {notice}
        </Alert>
      ) : null}
      {rescheduleId ? null : (
        <VisitKindChoice
          value={kind}
          onChange={(v) => {
            setKind(v);
            setTime(null);
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
          <div className="grid grid-cols-7 gap-1">
            {Array.from({ length: 14 }, (_, i) => (
              <Skeleton key={i} className="h-16 w-full" />
            ))}
          </div>
          <Skeleton className="h-24 w-full" />
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
        <EmptyState icon={CalendarX2} title="No open times in the next four weeks" description="Please check back soon, or contact your clinic." className="py-10" />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (time) setStep("confirm");
            else setMissing(true);
          }}
          className="flex flex-col gap-6"
          noValidate
        >
          <SlotPicker
            slots={pickerSlots}
            timeZone={slots.data.timezone}
            from={from}
            totalDays={DAYS}
            providerUserId={providerUserId}
            onProviderChange={setProviderUserId}
            value={time?.start ?? null}
            onChange={(t) => {
              setTime(t);
              setMissing(false);
            }}
          />
          <div className="sticky bottom-0 -mx-4 flex flex-col gap-2 border-t border-line bg-white/95 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm text-slate-700" aria-live="polite">
              {time ? (
                <>
                  <span className="font-semibold text-slate-900">
                    {formatSlotDay(time.start, slots.data.timezone)}, {formatSlotTime(time.start, slots.data.timezone)}
                  </span>{" "}
                  · {nameOf(providerUserId) ?? "Any available provider"}
                </>
              ) : missing ? (
                <span className="font-medium text-red-700">Choose a time first.</span>
              ) : (
                "No time chosen yet."
              )}
            </p>
            <Button type="submit" size="lg" className="w-full sm:w-auto">
              Continue
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
