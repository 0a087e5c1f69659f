"use client";

import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { type PickerTime, SlotPicker } from "@clearwell/ui/slot-picker";

import { LoadingBlock, RetryAlert } from "~/components/query-states";
import { useTRPC } from "~/trpc/react";

export type Kind = "evaluation" | "follow_up";
/** Four weeks of times, shown two weeks at a time (the clinic's horizon may end sooner). */
const DAYS = 28;

export interface SlotChoice {
  time: PickerTime;
  /** Null: any available provider. */
  providerUserId: string | null;
  providerName: string | null;
  timeZone: string;
}

/**
 * A patient's open times (their state's licensed providers; a clinician sees only their own) for
 * the front desk: day, then time, in the patient's time zone. Says why when none can be booked.
 */
export function SlotStep({
  patientId,
  kind,
  value,
  onChange,
  headingLevel,
}: {
  patientId: string;
  kind: Kind;
  value: SlotChoice | null;
  onChange: (choice: SlotChoice | null) => void;
  headingLevel: "h3" | "h4";
}) {
  const trpc = useTRPC();
  const slots = useQuery(trpc.booking.slots.queryOptions({ patientId, kind, days: DAYS }));
  const [from] = useState(() => new Date());
  const [providerUserId, setProviderUserId] = useState<string | null>(value?.providerUserId ?? null);
  const pickerSlots = useMemo(() => slots.data?.slots.map((s) => ({ ...s, start: new Date(s.start), end: new Date(s.end) })) ?? [], [slots.data]);

  if (slots.isPending) return <LoadingBlock label="Loading open times…" className="h-72" />;
  if (slots.isError) return <RetryAlert title="We couldn't load open times" error={slots.error} onRetry={() => void slots.refetch()} retrying={slots.isFetching} />;
  const data = slots.data;
  if (data.blocked) return <Alert variant="info" title="This visit can't be booked yet">{data.blocked}</Alert>;
  if (!data.slots.length) return <Alert variant="info" title="No open times">No provider licensed in the patient&apos;s state has open times in the next four weeks.</Alert>;

  const nameOf = (id: string | null) => {
    const s = id ? pickerSlots.find((x) => x.providerUserId === id) : undefined;
    return s ? `${s.providerName}${s.credentials ? `, ${s.credentials}` : ""}` : null;
  };
  return (
    <SlotPicker
      slots={pickerSlots}
      timeZone={data.timezone}
      from={from}
      totalDays={DAYS}
      providerUserId={providerUserId}
      onProviderChange={(id) => {
        setProviderUserId(id);
        if (value) onChange({ ...value, providerUserId: id, providerName: nameOf(id) });
      }}
      value={value?.time.start ?? null}
      onChange={(time) => onChange(time ? { time, providerUserId, providerName: nameOf(providerUserId), timeZone: data.timezone } : null)}
      zoneOwner="the patient's"
      headingLevel={headingLevel}
    />
  );
}
