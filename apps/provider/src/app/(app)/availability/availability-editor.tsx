"use client";

import type { FormEvent } from "react";
import { useId, useState } from "react";
import { Plus, Trash2 } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import { TimeZoneSelect } from "@clearwell/ui/time-zone-select";

import { useMe } from "~/components/shell/use-me";
import { errorMessage, fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { Exceptions } from "./exceptions";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface Range {
  key: number;
  start: string;
  end: string;
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return "America/New_York";
  }
}

let nextKey = 1;

const pad = (n: number) => String(n).padStart(2, "0");
const toHhmm = (minutes: number) => (minutes >= 1440 ? "00:00" : `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`);

interface Saved {
  timezone: string | null;
  windows: { weekday: number; startMinute: number; endMinute: number }[];
}

export function AvailabilityEditor() {
  const me = useMe();
  const userId = me.data?.user.id;
  const trpc = useTRPC();
  const saved = useQuery({ ...trpc.availability.get.queryOptions({ providerUserId: userId ?? "" }), enabled: !!userId });
  return (
    <div>
      <PageHeader title="Availability" description="Your weekly hours and one-off exceptions. Patients can only book inside these hours." />
      {me.isPending || (userId && saved.isPending) ? (
        <div aria-busy="true">
          <span className="sr-only" role="status">Loading…</span>
          <Skeleton className="h-96" />
        </div>
      ) : !userId ? (
        <Alert variant="error" title="We couldn't load your account">
          {me.isError ? errorMessage(me.error) : "Please sign in again."}
        </Alert>
      ) : saved.isError ? (
        <Alert variant="error" title="We couldn't load your hours">
          {errorMessage(saved.error)}
        </Alert>
      ) : (
        <div className="flex flex-col gap-6">
          <WeeklyHours userId={userId} saved={saved.data ?? null} />
          <Exceptions userId={userId} timezone={saved.data?.displayTimezone ?? browserZone()} exceptions={saved.data?.exceptions ?? []} />
        </div>
      )}
    </div>
  );
}

function WeeklyHours({ userId, saved }: { userId: string; saved: Saved | null }) {
  const trpc = useTRPC();
  const zoneId = useId();
  const [timezone, setTimezone] = useState(() => saved?.timezone ?? browserZone());
  // Start from the saved week; a provider with none yet starts from Mon–Fri 09:00–17:00.
  const [days, setDays] = useState<Range[][]>(() =>
    saved?.windows.length
      ? WEEKDAYS.map((_, d) =>
          saved.windows.filter((w) => w.weekday === d).map((w) => ({ key: nextKey++, start: toHhmm(w.startMinute), end: toHhmm(w.endMinute) })),
        )
      : WEEKDAYS.map((_, d) => (d >= 1 && d <= 5 ? [{ key: nextKey++, start: "09:00", end: "17:00" }] : [])),
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  // The saved zone is also the one exceptions are entered in, so reload them after a save.
  const save = useMutation(
    trpc.availability.setWeekly.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.availability.get.queryKey() }) }),
  );

  const update = (day: number, fn: (r: Range[]) => Range[]) => setDays((all) => all.map((r, i) => (i === day ? fn(r) : r)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    const windows: { weekday: number; startMinute: number; endMinute: number }[] = [];
    for (const [weekday, ranges] of days.entries()) {
      for (const r of ranges) {
        if (!r.start || !r.end) return setLocalError(`${WEEKDAYS[weekday]}: enter both a start and an end time.`);
        const startMinute = toMinutes(r.start);
        const endMinute = r.end === "00:00" ? 1440 : toMinutes(r.end);
        if (endMinute <= startMinute) return setLocalError(`${WEEKDAYS[weekday]}: the end time must be after the start time.`);
        windows.push({ weekday, startMinute, endMinute });
      }
    }
    save.mutate({ providerUserId: userId, timezone, windows });
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Weekly hours</CardTitle>
        <CardDescription>Times are in the time zone below. Saving replaces your whole week.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <Field label="Time zone" id={zoneId} className="max-w-sm" hint="Search by city, region or abbreviation (e.g. Denver, Europe, PST)." error={fieldErrorsOf(save.error).timezone ?? null}>
            <TimeZoneSelect value={timezone} onChange={setTimezone} />
          </Field>
          <div className="divide-y divide-slate-100">
            {days.map((ranges, day) => (
              <fieldset key={day} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start">
                <legend className="w-28 shrink-0 pt-2 text-sm font-medium text-slate-900 sm:float-left">{WEEKDAYS[day]}</legend>
                <div className="flex flex-1 flex-col gap-2">
                  {ranges.length === 0 ? <p className="pt-2 text-sm text-slate-500">Unavailable</p> : null}
                  {ranges.map((r, i) => (
                    <div key={r.key} className="flex flex-wrap items-center gap-2">
                      <label className="sr-only" htmlFor={`s-${r.key}`}>
                        {WEEKDAYS[day]} range {i + 1} start
                      </label>
                      <Input
                        id={`s-${r.key}`}
                        type="time"
                        className="w-36"
                        value={r.start}
                        onChange={(e) => update(day, (rs) => rs.map((x) => (x.key === r.key ? { ...x, start: e.target.value } : x)))}
                      />
                      <span aria-hidden="true">–</span>
                      <label className="sr-only" htmlFor={`e-${r.key}`}>
                        {WEEKDAYS[day]} range {i + 1} end
                      </label>
                      <Input
                        id={`e-${r.key}`}
                        type="time"
                        className="w-36"
                        value={r.end}
                        onChange={(e) => update(day, (rs) => rs.map((x) => (x.key === r.key ? { ...x, end: e.target.value } : x)))}
                      />
                      <Button
                        type="button"
                        variant="ghost"
                        size="sm"
                        aria-label={`Remove ${WEEKDAYS[day]} range ${i + 1}`}
                        onClick={() => update(day, (rs) => rs.filter((x) => x.key !== r.key))}
                      >
                        <Trash2 aria-hidden="true" className="size-4" />
                      </Button>
                    </div>
                  ))}
                  <div>
                    <Button
                      type="button"
                      variant="secondary"
                      size="sm"
                      onClick={() => update(day, (rs) => [...rs, { key: nextKey++, start: "09:00", end: "17:00" }])}
                    >
                      <Plus aria-hidden="true" className="size-4" />
                      Add hours<span className="sr-only"> on {WEEKDAYS[day]}</span>
                    </Button>
                  </div>
                </div>
              </fieldset>
            ))}
          </div>
          {localError ? (
            <Alert variant="error" role="alert" title="Check your hours">
              {localError}
            </Alert>
          ) : null}
          {save.isError ? (
            <Alert variant="error" role="alert" title="Hours not saved">
              {errorMessage(save.error)}
            </Alert>
          ) : null}
          {save.isSuccess ? (
            <Alert variant="success" role="status" title="Weekly hours saved" />
          ) : null}
          <div>
            <Button type="submit" loading={save.isPending}>
              Save weekly hours
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
