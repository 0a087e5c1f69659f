"use client";

import { useMemo, useState } from "react";
import { CalendarPlus, CalendarX, ChevronLeft, ChevronRight } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { cn, focusRing } from "@clearwell/ui/cn";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Label } from "@clearwell/ui/label";
import { PageHeader } from "@clearwell/ui/page-header";
import { Select } from "@clearwell/ui/select";

import { LoadingBlock, RetryAlert } from "~/components/query-states";
import { useMe } from "~/components/shell/use-me";
import { appointmentStatus, formatTime, humanize } from "~/lib/appointments";
import {
  type IsoDate,
  type ScheduleView,
  addCalendarDays,
  clinicMidnight,
  clinicToday,
  clinicWallClock,
  longDayLabel,
  scheduleRange,
  shortDayLabel,
} from "~/lib/clinic-calendar";
import { formatTime as formatTimeIn, zoneAbbreviation, zoneLabel } from "~/lib/format";
import { useClinicTimeZone } from "~/lib/use-clinic-time-zone";
import { useTRPC } from "~/trpc/react";
import { AppointmentDialog, type ScheduleRow } from "./appointment-dialog";
import { BookForPatientDialog } from "./book-for-patient-dialog";

// The grid shows clinic hours, widened to fit any appointment outside them.
const HOUR_START = 7;
const HOUR_END = 20;
const HOUR_PX = 48;
/** The shortest block drawn: a short visit is still a readable, clickable target. */
const MIN_BLOCK_PX = 24;

/**
 * Side-by-side lanes for one day's blocks: each block takes the first lane free at its start, and
 * every block of a group that overlaps (as drawn, short ones at their minimum height) is 1/n wide.
 */
function lanes<T extends { startMin: number; endMin: number }>(items: T[]): (T & { lane: number; of: number })[] {
  const drawnEnd = (i: T) => Math.max(i.endMin, i.startMin + (MIN_BLOCK_PX / HOUR_PX) * 60);
  const sorted = [...items].sort((a, b) => a.startMin - b.startMin || b.endMin - a.endMin);
  const out: (T & { lane: number; of: number })[] = [];
  let group: (T & { lane: number; of: number })[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -Infinity;
  const close = () => {
    for (const g of group) g.of = laneEnds.length;
    out.push(...group);
    group = [];
    laneEnds = [];
    groupEnd = -Infinity;
  };
  for (const item of sorted) {
    if (item.startMin >= groupEnd) close();
    let lane = laneEnds.findIndex((e) => e <= item.startMin);
    if (lane === -1) lane = laneEnds.push(0) - 1;
    laneEnds[lane] = drawnEnd(item);
    groupEnd = Math.max(groupEnd, drawnEnd(item));
    group.push({ ...item, lane, of: 1 });
  }
  close();
  return out;
}

type Row = ScheduleRow;

/** "7 AM": an hour of the clinic's day (the grid's rows; the page states the zone). */
const hourLabel = (h: number) => new Intl.DateTimeFormat("en-US", { hour: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(2000, 0, 1, h)));

/**
 * The clinic's schedule by day or week. Every day, time and bound is the clinic's (`timeZone`,
 * from the server, as is `today`): the server renders the first view with its data (page.tsx
 * prefetches this very query) and the browser hydrates the same text, whatever its own zone.
 */
export function Schedule({ timeZone: serverZone, today }: { timeZone: string; today: IsoDate }) {
  const trpc = useTRPC();
  const me = useMe();
  // The session's zone once it is known; until then (and on the server) the one the page was rendered with.
  const timeZone = useClinicTimeZone() ?? serverZone;
  const clinician = me.roles.includes("provider") || me.roles.includes("prescriber");
  const canFilter = !me.isPending && !clinician && (me.roles.includes("admin") || me.roles.includes("staff"));
  const [view, setView] = useState<ScheduleView>("week");
  const [anchor, setAnchor] = useState<IsoDate>(today);
  const [provider, setProvider] = useState("");
  const [selected, setSelected] = useState<Row | null>(null);
  const [booking, setBooking] = useState(false);
  // DOMAIN.md §1 "Manage schedule": admin and staff for the clinic, providers onto their own schedule.
  const canBook = me.roles.some((r) => r === "admin" || r === "staff" || r === "provider");

  const { days, from, to } = scheduleRange(view, anchor, timeZone);
  const input = { from, to, ...(canFilter && provider ? { providerUserId: provider } : {}) };
  const q = useQuery(trpc.schedule.list.queryOptions(input));
  const all = useQuery(trpc.schedule.list.queryOptions({ from, to }, { enabled: canFilter }));

  const providers = useMemo(() => {
    const map = new Map<string, string>();
    for (const r of (all.data ?? []) as Row[]) map.set(r.providerUserId, r.providerName);
    return [...map.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [all.data]);

  const rows = (q.data ?? []) as Row[];
  const step = view === "week" ? 7 : 1;
  const title = view === "week" ? `${shortDayLabel(days[0]!)} – ${shortDayLabel(days[6]!)}` : longDayLabel(days[0]!);
  // "MST", or "MST/MDT" for the week daylight saving starts or ends.
  const zones = [...new Set([from, new Date(to.getTime() - 1)].map((d) => zoneAbbreviation(d, timeZone)))].join("/");

  return (
    <div>
      <PageHeader
        title="Schedule"
        description={title}
        actions={
          canBook ? (
            <Button onClick={() => setBooking(true)}>
              <CalendarPlus aria-hidden="true" className="size-4" />
              Book for a patient
            </Button>
          ) : null
        }
      />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <div role="group" aria-label="View" className="inline-flex rounded-lg border border-slate-200 p-0.5">
          {(["day", "week"] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              // White on brand-700 is 5.4:1; the teal-600 it replaces was 3.66:1, under WCAG's 4.5:1.
              className={cn("rounded-md px-3 py-1.5 text-sm font-medium", view === v ? "bg-brand-700 text-white" : "text-slate-700 hover:bg-slate-100", focusRing)}
            >
              {v === "day" ? "Day" : "Week"}
            </button>
          ))}
        </div>
        <div className="flex gap-1">
          <Button variant="secondary" size="sm" aria-label={view === "week" ? "Previous week" : "Previous day"} onClick={() => setAnchor(addCalendarDays(anchor, -step))}>
            <ChevronLeft aria-hidden="true" className="size-4" />
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setAnchor(clinicToday(timeZone))}>
            Today
          </Button>
          <Button variant="secondary" size="sm" aria-label={view === "week" ? "Next week" : "Next day"} onClick={() => setAnchor(addCalendarDays(anchor, step))}>
            <ChevronRight aria-hidden="true" className="size-4" />
          </Button>
        </div>
        {canFilter ? (
          <div className="flex flex-col gap-1">
            <Label htmlFor="provider-filter">Provider</Label>
            <Select id="provider-filter" value={provider} onChange={(e) => setProvider(e.target.value)}>
              <option value="">All providers</option>
              {providers.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
        <p className="text-sm text-slate-600 sm:ml-auto sm:self-center">
          Times are clinic time ({zones}): {zoneLabel(timeZone)}.
        </p>
      </div>

      {q.isPending ? (
        <LoadingBlock label="Loading schedule…" className="h-96" />
      ) : q.isError ? (
        <RetryAlert title="We couldn't load the schedule" error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} />
      ) : rows.length === 0 ? (
        <EmptyState icon={CalendarX} title="No appointments" description={view === "week" ? "Nothing is booked this week." : "Nothing is booked on this day."} />
      ) : view === "day" ? (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
          {[...rows]
            .sort((a, b) => +new Date(a.startsAt) - +new Date(b.startsAt))
            .map((r) => {
              const st = appointmentStatus(r.status);
              return (
                <li key={r.id}>
                  <button type="button" onClick={() => setSelected(r)} className={cn("flex w-full flex-wrap items-center justify-between gap-2 px-4 py-3 text-left hover:bg-slate-50", focusRing)}>
                    <span>
                      <span className="block text-sm font-medium text-slate-900">
                        {formatTime(r.startsAt, timeZone)}–{formatTimeIn(r.endsAt, timeZone)} · {r.patientName} {r.patientFamilyName}
                      </span>
                      <span className="block text-sm text-slate-600">
                        {humanize(r.kind)} · {r.providerName}
                      </span>
                    </span>
                    <Badge variant={st.variant}>{st.label}</Badge>
                  </button>
                </li>
              );
            })}
        </ul>
      ) : (
        <WeekGrid days={days} rows={rows} timeZone={timeZone} onSelect={setSelected} />
      )}

      <BookForPatientDialog open={booking} onOpenChange={setBooking} />
      <AppointmentDialog row={selected} roles={me.roles} userId={me.data?.user.id} onClose={() => setSelected(null)} />
    </div>
  );
}

function WeekGrid({ days, rows, timeZone, onSelect }: { days: IsoDate[]; rows: Row[]; timeZone: string; onSelect: (r: Row) => void }) {
  // Bounds and positions on the clinic's wall clock: 9 AM at the clinic is the 9 AM row anywhere.
  const bounds = days.map((d) => ({ day: d, start: clinicMidnight(d, timeZone), end: clinicMidnight(addCalendarDays(d, 1), timeZone) }));
  const placed = rows.map((r) => ({ r, s: new Date(r.startsAt), e: new Date(r.endsAt), sw: clinicWallClock(r.startsAt, timeZone), ew: clinicWallClock(r.endsAt, timeZone) }));
  const first = Math.min(HOUR_START, ...placed.map((p) => Math.floor(p.sw.minutes / 60)));
  const last = Math.max(HOUR_END, ...placed.map((p) => (p.ew.minutes === 0 ? 24 : Math.ceil(p.ew.minutes / 60))));
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  const height = hours.length * HOUR_PX;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <div className="grid min-w-[720px] grid-cols-[3.5rem_repeat(7,1fr)]">
        <div />
        {days.map((d) => (
          <div key={d} className="border-b border-l border-slate-200 px-2 py-2 text-center text-xs font-semibold text-slate-700">
            {shortDayLabel(d)}
          </div>
        ))}
        <div className="relative" style={{ height }} aria-hidden="true">
          {hours.map((h, i) => (
            <span key={h} className="absolute right-1 text-[10px] text-slate-500" style={{ top: i * HOUR_PX }}>
              {hourLabel(h)}
            </span>
          ))}
        </div>
        {bounds.map(({ day, start, end }) => {
          const items = placed.filter((p) => p.s < end && p.e > start);
          return (
            <section key={day} aria-label={longDayLabel(day)} className="relative border-l border-slate-200" style={{ height }}>
              {hours.map((h, i) => (
                <div key={h} className="absolute inset-x-0 border-t border-slate-100" style={{ top: i * HOUR_PX }} />
              ))}
              {lanes(
                items.map((p) => ({
                  ...p,
                  // A visit that crosses midnight shows on each of its days, cut at the day's edge.
                  startMin: Math.max(p.s <= start ? 0 : p.sw.minutes, first * 60),
                  endMin: Math.min(p.e >= end ? 24 * 60 : p.ew.minutes, last * 60),
                })),
              ).map(({ r, s, startMin, endMin, lane, of }) => {
                const top = ((Math.min(startMin, last * 60 - 30) - first * 60) / 60) * HOUR_PX;
                const h = Math.max(((endMin - startMin) / 60) * HOUR_PX, MIN_BLOCK_PX);
                const st = appointmentStatus(r.status);
                return (
                  <button
                    key={r.id}
                    type="button"
                    onClick={() => onSelect(r)}
                    // Visits at the same time sit side by side, each its own target (never one over another).
                    style={{ top, height: h, left: `calc(${(lane * 100) / of}% + 2px)`, width: `calc(${100 / of}% - 4px)` }}
                    className={cn(
                      "absolute overflow-hidden rounded-md border px-1.5 py-0.5 text-left text-[11px] leading-tight",
                      r.status === "cancelled" || r.status === "no_show" ? "border-slate-300 bg-slate-50 text-slate-600 line-through" : "border-teal-300 bg-teal-50 text-teal-900",
                      focusRing,
                    )}
                  >
                    <span className="block font-semibold">{formatTime(s, timeZone)}</span>
                    <span className="block truncate">
                      {r.patientName} {r.patientFamilyName}
                    </span>
                    <span className="sr-only">, {humanize(r.kind)}, {st.label}</span>
                  </button>
                );
              })}
            </section>
          );
        })}
      </div>
    </div>
  );
}
