"use client";

import { useId, useMemo, useState } from "react";
import { ChevronLeft, ChevronRight } from "lucide-react";

import { Button } from "./button";
import { cn } from "./cn";
import { Select } from "./select";
import {
  DAY_PART_LABEL,
  type PickerDay,
  type PickerSlot,
  type PickerTime,
  buildDays,
  forProvider,
  formatSlotDay,
  formatSlotTime,
  providersOf,
  timesForDay,
} from "./slot-picker-model";

export type { PickerSlot, PickerTime };

// The radio covers its whole tile, invisible: taps and clicks land on it, and the tile shows its state.
const HIDDEN_RADIO = "absolute inset-0 size-full cursor-pointer appearance-none opacity-0 disabled:cursor-not-allowed";
export { formatSlotDay, formatSlotTime };

/** "Mountain Time" for America/Denver, falling back to the zone id. */
export function zoneName(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longGeneric" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

export interface SlotPickerProps {
  slots: readonly PickerSlot[];
  timeZone: string;
  /** The first day shown (today, usually). */
  from: Date;
  /** How many days the slots cover; shown a page at a time. */
  totalDays: number;
  daysPerPage?: number;
  /** Null: any available provider. */
  providerUserId: string | null;
  onProviderChange: (providerUserId: string | null) => void;
  /** False when there is nothing to choose (a clinician booking onto their own schedule). */
  chooseProvider?: boolean;
  /** The chosen start time, or null. */
  value: Date | null;
  onChange: (time: PickerTime | null) => void;
  /** Whose time zone the times are in, for the caption ("your", "the patient's"). */
  zoneOwner?: string;
  /** The level of the "Times on …" heading, to fit the page or dialog around the picker. */
  headingLevel?: "h2" | "h3" | "h4";
}

/**
 * Day, then time: a two-week strip of days (native radios, so arrow keys move between the days that
 * have times and skip the rest) and that day's times grouped into morning, afternoon and evening.
 * "Any available provider" lists each time once; choosing a provider narrows to theirs.
 */
export function SlotPicker({
  slots,
  timeZone,
  from,
  totalDays,
  daysPerPage = 14,
  providerUserId,
  onProviderChange,
  chooseProvider = true,
  value,
  onChange,
  zoneOwner = "your",
  headingLevel: Heading = "h2",
}: SlotPickerProps) {
  const id = useId();
  const providers = useMemo(() => providersOf(slots), [slots]);
  const shown = useMemo(() => forProvider(slots, providerUserId), [slots, providerUserId]);
  const allDays = useMemo(() => buildDays(shown, timeZone, from, totalDays), [shown, timeZone, from, totalDays]);
  const pages = Math.max(1, Math.ceil(allDays.length / daysPerPage));
  const firstPageWithTimes = Math.max(0, Math.floor(allDays.findIndex((d) => d.count > 0) / daysPerPage));
  const [page, setPage] = useState<number | null>(null);
  const currentPage = Math.min(page ?? firstPageWithTimes, pages - 1);
  const days = allDays.slice(currentPage * daysPerPage, (currentPage + 1) * daysPerPage);
  const [chosenDay, setChosenDay] = useState<string | null>(null);
  const day = days.find((d) => d.key === chosenDay && d.count > 0) ?? days.find((d) => d.count > 0) ?? null;
  const dayKey = day?.key ?? null;
  const groups = useMemo(() => (dayKey ? timesForDay(shown, timeZone, dayKey) : []), [shown, timeZone, dayKey]);

  const changeProvider = (next: string | null) => {
    onProviderChange(next);
    // Keep the chosen time only if the new choice still offers it.
    if (value && !forProvider(slots, next).some((s) => s.start.getTime() === value.getTime())) onChange(null);
  };
  const goTo = (p: number) => {
    setPage(p);
    setChosenDay(null);
  };
  const range = days.length ? `${days[0]!.month} ${days[0]!.day} – ${days.at(-1)!.month} ${days.at(-1)!.day}` : "";

  return (
    <div className="flex flex-col gap-5">
      {chooseProvider && providers.length > 1 ? (
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-provider`} className="text-sm font-medium text-slate-800">
            Provider
          </label>
          <Select id={`${id}-provider`} value={providerUserId ?? ""} onChange={(e) => changeProvider(e.target.value || null)} className="h-11 text-base">
            <option value="">Any available provider</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.credentials ? `, ${p.credentials}` : ""}
              </option>
            ))}
          </Select>
        </div>
      ) : null}

      <div className="flex min-w-0 flex-col gap-2">
        <div className="flex min-h-9 items-center justify-between gap-2">
          <p className="text-base font-semibold text-slate-900">
            Choose a day <span className="text-sm font-normal text-slate-600">· {range}</span>
          </p>
          {pages > 1 ? (
            <div className="flex gap-1">
              <Button type="button" variant="secondary" size="sm" aria-label="Earlier days" disabled={currentPage === 0} onClick={() => goTo(currentPage - 1)}>
                <ChevronLeft aria-hidden="true" className="size-4" />
              </Button>
              <Button type="button" variant="secondary" size="sm" aria-label="Later days" disabled={currentPage >= pages - 1} onClick={() => goTo(currentPage + 1)}>
                <ChevronRight aria-hidden="true" className="size-4" />
              </Button>
            </div>
          ) : null}
        </div>
        <fieldset className="min-w-0">
          <legend className="sr-only">Day, {range}</legend>
          <div className="grid grid-cols-7 gap-1 sm:gap-1.5">
            {days.map((d) => (
              <DayCell key={d.key} d={d} name={`${id}-day`} checked={day?.key === d.key} onSelect={() => setChosenDay(d.key)} />
            ))}
          </div>
        </fieldset>
        <p className="flex items-center gap-1.5 text-sm text-slate-600">
          <span aria-hidden="true" className="inline-block size-2 rounded-full bg-brand-700" /> Days with open times
        </p>
      </div>

      {day ? (
        <div className="flex flex-col gap-4">
          <div>
            <Heading className="text-base font-semibold text-slate-900">
              Times on {day.weekdayLong}, {day.monthLong} {day.day}
            </Heading>
            <p className="text-sm text-slate-600">In {zoneOwner} time zone: {zoneName(timeZone)}</p>
          </div>
          {groups.map((g) => (
            <fieldset key={g.part} className="flex flex-col gap-2">
              <legend className="mb-1 text-sm font-semibold tracking-wide text-slate-700 uppercase">{DAY_PART_LABEL[g.part]}</legend>
              <div className="grid grid-cols-3 gap-2 sm:grid-cols-4">
                {g.times.map((t) => {
                  const checked = value?.getTime() === t.start.getTime();
                  return (
                    <label
                      key={t.start.getTime()}
                      className={cn(
                        "relative flex min-h-11 cursor-pointer items-center justify-center rounded-lg border px-2 py-2 text-base font-medium whitespace-nowrap has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
                        checked ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-900 hover:border-brand-600",
                      )}
                    >
                      <input type="radio" name={`${id}-time`} checked={checked} onChange={() => onChange(t)} className={HIDDEN_RADIO} />
                      {formatSlotTime(t.start, timeZone)}
                    </label>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </div>
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-base text-slate-700" role="status">
          No open times {range ? `from ${range}` : ""}.{currentPage < pages - 1 ? " Try later days." : ""}
        </p>
      )}
    </div>
  );
}

function DayCell({ d, name, checked, onSelect }: { d: PickerDay; name: string; checked: boolean; onSelect: () => void }) {
  const open = d.count > 0;
  return (
    <label
      className={cn(
        "relative flex min-h-16 flex-col items-center justify-center gap-0.5 rounded-lg border px-0.5 py-1.5 text-center leading-tight has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
        !open
          ? "cursor-not-allowed border-dashed border-slate-200 bg-slate-50 text-slate-600"
          : checked
            ? "cursor-pointer border-brand-700 bg-brand-700 text-white"
            : "cursor-pointer border-slate-300 bg-white text-slate-900 hover:border-brand-600",
      )}
    >
      <input type="radio" name={name} checked={checked} disabled={!open} onChange={onSelect} className={HIDDEN_RADIO} />
      <span aria-hidden="true" className="text-xs">
        {d.weekday}
      </span>
      <span aria-hidden="true" className="text-base font-semibold">
        {d.day}
      </span>
      <span aria-hidden="true" className={cn("size-1.5 rounded-full", open ? (checked ? "bg-white" : "bg-brand-700") : "bg-transparent")} />
      <span className="sr-only">
        {d.weekdayLong}, {d.monthLong} {d.day}: {open ? `${d.count} open ${d.count === 1 ? "time" : "times"}` : "no open times"}
      </span>
    </label>
  );
}
