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
import { Skeleton } from "@clearwell/ui/skeleton";

import { LoadingBlock, RetryAlert } from "~/components/query-states";
import { useMe } from "~/components/shell/use-me";
import { addDays, appointmentStatus, formatTime, humanize, startOfDay } from "~/lib/appointments";
import { useMounted } from "~/lib/use-mounted";
import { useTRPC } from "~/trpc/react";
import { AppointmentDialog, type ScheduleRow } from "./appointment-dialog";
import { BookForPatientDialog } from "./book-for-patient-dialog";

type View = "day" | "week";
// The grid shows clinic hours, widened to fit any appointment outside them.
const HOUR_START = 7;
const HOUR_END = 20;
const HOUR_PX = 48;

function startOfWeek(d: Date) {
  const s = startOfDay(d);
  return addDays(s, -s.getDay());
}

const dayLabel = (d: Date) => new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric" }).format(d);
const longDay = (d: Date) => new Intl.DateTimeFormat("en-US", { dateStyle: "full" }).format(d);

type Row = ScheduleRow;

export function Schedule() {
  const trpc = useTRPC();
  const me = useMe();
  const clinician = me.roles.includes("provider") || me.roles.includes("prescriber");
  const canFilter = !me.isPending && !clinician && (me.roles.includes("admin") || me.roles.includes("staff"));
  const [view, setView] = useState<View>("week");
  const [anchor, setAnchor] = useState(() => startOfDay(new Date()));
  // Dates depend on the browser's time zone, which the server does not know: render after mount.
  const mounted = useMounted();
  const [provider, setProvider] = useState("");
  const [selected, setSelected] = useState<Row | null>(null);
  const [booking, setBooking] = useState(false);
  // DOMAIN.md §1 "Manage schedule": admin and staff for the clinic, providers onto their own schedule.
  const canBook = me.roles.some((r) => r === "admin" || r === "staff" || r === "provider");

  const from = view === "week" ? startOfWeek(anchor) : anchor;
  const to = addDays(from, view === "week" ? 7 : 1);
  const input = { from, to, ...(canFilter && provider ? { providerUserId: provider } : {}) };
  const q = useQuery(trpc.schedule.list.queryOptions(input));
  const all = useQuery(trpc.schedule.list.queryOptions({ from, to }, { enabled: canFilter }));

  const providers = useMemo(() => {
    const map = new Map<string, string>();
    for (const r of (all.data ?? []) as Row[]) map.set(r.providerUserId, r.providerName);
    return [...map.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [all.data]);

  const rows = (q.data ?? []) as Row[];
  const days = view === "week" ? Array.from({ length: 7 }, (_, i) => addDays(from, i)) : [from];
  const step = view === "week" ? 7 : 1;
  const title = view === "week" ? `${dayLabel(days[0]!)} – ${dayLabel(days[6]!)}` : longDay(from);

  if (!mounted) {
    return (
      <div aria-busy="true">
        <PageHeader title="Schedule" />
        <span className="sr-only" role="status">Loading schedule…</span>
        <Skeleton className="h-96" />
      </div>
    );
  }

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
          <Button variant="secondary" size="sm" aria-label={view === "week" ? "Previous week" : "Previous day"} onClick={() => setAnchor(addDays(anchor, -step))}>
            <ChevronLeft aria-hidden="true" className="size-4" />
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setAnchor(startOfDay(new Date()))}>
            Today
          </Button>
          <Button variant="secondary" size="sm" aria-label={view === "week" ? "Next week" : "Next day"} onClick={() => setAnchor(addDays(anchor, step))}>
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
                        {formatTime(r.startsAt)}–{formatTime(r.endsAt)} · {r.patientName} {r.patientFamilyName}
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
        <WeekGrid days={days} rows={rows} onSelect={setSelected} />
      )}

      <BookForPatientDialog open={booking} onOpenChange={setBooking} />
      <AppointmentDialog row={selected} roles={me.roles} userId={me.data?.user.id} onClose={() => setSelected(null)} />
    </div>
  );
}

function WeekGrid({ days, rows, onSelect }: { days: Date[]; rows: Row[]; onSelect: (r: Row) => void }) {
  const first = Math.min(HOUR_START, ...rows.map((r) => new Date(r.startsAt).getHours()));
  const last = Math.max(HOUR_END, ...rows.map((r) => { const e = new Date(r.endsAt); return e.getHours() + (e.getMinutes() > 0 ? 1 : 0) || 24; }));
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  const height = hours.length * HOUR_PX;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <div className="grid min-w-[720px] grid-cols-[3.5rem_repeat(7,1fr)]">
        <div />
        {days.map((d) => (
          <div key={d.toISOString()} className="border-b border-l border-slate-200 px-2 py-2 text-center text-xs font-semibold text-slate-700">
            {dayLabel(d)}
          </div>
        ))}
        <div className="relative" style={{ height }} aria-hidden="true">
          {hours.map((h, i) => (
            <span key={h} className="absolute right-1 text-[10px] text-slate-500" style={{ top: i * HOUR_PX }}>
              {new Intl.DateTimeFormat("en-US", { hour: "numeric" }).format(new Date(2000, 0, 1, h))}
            </span>
          ))}
        </div>
        {days.map((d) => {
          const dayEnd = addDays(d, 1);
          const items = rows.filter((r) => new Date(r.startsAt) < dayEnd && new Date(r.endsAt) > d);
          return (
            <section key={d.toISOString()} aria-label={longDay(d)} className="relative border-l border-slate-200" style={{ height }}>
              {hours.map((h, i) => (
                <div key={h} className="absolute inset-x-0 border-t border-slate-100" style={{ top: i * HOUR_PX }} />
              ))}
              {items.map((r) => {
                const s = new Date(r.startsAt);
                const e = new Date(r.endsAt);
                const startMin = Math.max((s.getTime() - d.getTime()) / 60000, first * 60);
                const endMin = Math.min((e.getTime() - d.getTime()) / 60000, last * 60);
                const top = ((Math.min(startMin, last * 60 - 30) - first * 60) / 60) * HOUR_PX;
                const h = Math.max(((endMin - startMin) / 60) * HOUR_PX, 22);
                const st = appointmentStatus(r.status);
                return (
                  <button
                    key={r.id}
                    type="button"
                    onClick={() => onSelect(r)}
                    style={{ top, height: h }}
                    className={cn(
                      "absolute inset-x-1 overflow-hidden rounded-md border px-1.5 py-0.5 text-left text-[11px] leading-tight",
                      r.status === "cancelled" || r.status === "no_show" ? "border-slate-300 bg-slate-50 text-slate-600 line-through" : "border-teal-300 bg-teal-50 text-teal-900",
                      focusRing,
                    )}
                  >
                    <span className="block font-semibold">{formatTime(s)}</span>
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
