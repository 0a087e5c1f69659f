"use client";

import { useEffect, useRef, useState } from "react";

import { useClinicTimeZone } from "~/lib/use-clinic-time-zone";
import { useMounted } from "~/lib/use-mounted";

export interface BpPoint {
  id: string;
  at: Date | string;
  systolic: number;
  diastolic: number;
}

export interface BpLimits {
  systolicMax: number;
  diastolicMax: number;
  urgentSystolic: number;
  urgentDiastolic: number;
}

/** "Nov 28" in the clinic's zone (the axis has no room for the year). */
const shortDay = (v: Date | string | number, timeZone: string | undefined) => new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone }).format(new Date(v));

const SYS = "#0f766e";
const DIA = "#7c3aed";

/**
 * Pre-dose blood pressure over time (DOMAIN.md §7 A3): systolic and diastolic lines against the
 * clinic's limits (dashed: "above blocks the session"; red: "seek urgent care"). The readings
 * themselves are in the dose log table beside it, so the picture carries a one-line summary only.
 */
export function BpChart({ points, limits }: { points: BpPoint[]; limits: BpLimits | null }) {
  const timeZone = useClinicTimeZone();
  // Blank until hydrated when the zone is unknown: the server's zone is not the browser's (useClinicFormat).
  const mounted = useMounted();
  const fmt = (v: Date | string | number) => (!timeZone && !mounted ? "" : shortDay(v, timeZone));
  // Drawn at the width it is shown (text stays 12 px on a phone instead of shrinking with the picture).
  const box = useRef<HTMLDivElement>(null);
  const [W, setW] = useState(640);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setW(Math.max(280, Math.round(el.getBoundingClientRect().width)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const H = 200;
  const pad = { l: 36, r: limits ? 96 : 16, t: 10, b: 26 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const values = points.flatMap((p) => [p.systolic, p.diastolic]);
  const lo = Math.max(40, Math.floor((Math.min(...values, limits?.diastolicMax ?? 90) - 10) / 10) * 10);
  const hi = Math.ceil((Math.max(...values, limits?.systolicMax ?? 140) + 10) / 10) * 10;
  const y = (v: number) => pad.t + ih - ((v - lo) / (hi - lo)) * ih;
  const times = points.map((p) => new Date(p.at).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => pad.l + (t1 === t0 ? iw / 2 : ((t - t0) / (t1 - t0)) * iw);
  const latest = points.at(-1);
  const over = limits ? points.filter((p) => p.systolic > limits.systolicMax || p.diastolic > limits.diastolicMax).length : 0;
  const summary = latest
    ? `Pre-dose blood pressure, ${points.length} reading${points.length === 1 ? "" : "s"}. Latest ${latest.systolic}/${latest.diastolic} on ${fmt(latest.at)}.${limits ? ` ${over} above the clinic limit of ${limits.systolicMax}/${limits.diastolicMax}.` : ""}`
    : "No pre-dose readings yet.";
  const step = hi - lo > 100 ? 40 : 20;
  const gridTicks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) gridTicks.push(v);
  const ticks = points.length > 2 ? [t0, (t0 + t1) / 2, t1] : [...new Set([t0, t1])];
  const limitLine = (v: number, label: string, color: string, dash?: string) =>
    v > lo && v < hi ? (
      <g>
        <line x1={pad.l} x2={pad.l + iw} y1={y(v)} y2={y(v)} stroke={color} strokeDasharray={dash} strokeWidth={1.25} />
        <text x={pad.l + iw + 6} y={y(v) + 4} fill={color}>
          {label}
        </text>
      </g>
    ) : null;

  if (!latest) return <p className="text-sm text-slate-600">{summary}</p>;
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="text-sm font-medium text-slate-900">Pre-dose blood pressure</figcaption>
      <div ref={box} className="w-full">
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} className="h-auto w-full" style={{ fontSize: 12 }}>
          {gridTicks.map((t) => (
            <g key={t}>
              <line x1={pad.l} x2={pad.l + iw} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
              <text x={pad.l - 6} y={y(t) + 4} textAnchor="end" fill="#475569">
                {t}
              </text>
            </g>
          ))}
          {limits ? (
            <>
              {limitLine(limits.systolicMax, "top limit", "#b45309", "5 4")}
              {limitLine(limits.diastolicMax, "bottom limit", "#b45309", "5 4")}
              {limitLine(limits.urgentSystolic, "top urgent", "#b91c1c")}
              {limitLine(limits.urgentDiastolic, "bottom urgent", "#b91c1c")}
            </>
          ) : null}
          <line x1={pad.l} x2={pad.l} y1={pad.t} y2={pad.t + ih} stroke="#94a3b8" />
          <line x1={pad.l} x2={pad.l + iw} y1={pad.t + ih} y2={pad.t + ih} stroke="#94a3b8" />
          {(["systolic", "diastolic"] as const).map((k) => (
            <g key={k}>
              <polyline fill="none" stroke={k === "systolic" ? SYS : DIA} strokeWidth="2.5" points={points.map((p, i) => `${x(times[i]!)},${y(p[k])}`).join(" ")} />
              {points.map((p, i) => (
                <circle key={p.id} cx={x(times[i]!)} cy={y(p[k])} r="3.5" fill={k === "systolic" ? SYS : DIA} stroke="white" strokeWidth="1.5">
                  <title>{`${fmt(p.at)}: ${p.systolic}/${p.diastolic}`}</title>
                </circle>
              ))}
            </g>
          ))}
          {ticks.map((t, i) => (
            <text key={t} x={x(t)} y={H - 8} fill="#475569" textAnchor={ticks.length === 1 ? "middle" : i === 0 ? "start" : i === ticks.length - 1 ? "end" : "middle"}>
              {fmt(new Date(t))}
            </text>
          ))}
        </svg>
      </div>
      <ul aria-hidden="true" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-0.5 w-4" style={{ background: SYS }} /> Top (systolic)
        </li>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-0.5 w-4" style={{ background: DIA }} /> Bottom (diastolic)
        </li>
        {limits ? (
          <>
            <li className="flex items-center gap-1.5">
              <span className="inline-block w-4 border-t-2 border-dashed border-amber-700" /> Limit {limits.systolicMax}/{limits.diastolicMax}
            </li>
            <li className="flex items-center gap-1.5">
              <span className="inline-block w-4 border-t-2 border-red-700" /> Urgent {limits.urgentSystolic}/{limits.urgentDiastolic}
            </li>
          </>
        ) : null}
      </ul>
      <p className="text-sm text-slate-700">{summary}</p>
    </figure>
  );
}
