"use client";

import { useEffect, useId, useRef, useState } from "react";

export interface ChartBand {
  name: string;
  label: string;
  min: number;
  max: number;
}

export interface ChartPoint {
  id: string;
  takenAt: Date;
  total: number;
  bandLabel: string;
  isBaseline: boolean;
}

export interface TrendChartProps {
  title: string;
  /** What the scale measures, in plain words ("mood", "worry and anxiety"). */
  about: string;
  maxScore: number;
  bands: readonly ChartBand[];
  points: readonly ChartPoint[];
}

/** Light fills from calm to warm; each band is also named in words on the chart and in the table. */
const BAND_FILL: Record<string, string> = {
  minimal: "#ecfdf5",
  mild: "#f7fee7",
  moderate: "#fefce8",
  moderately_severe: "#fff7ed",
  severe: "#fef2f2",
};

const dayFmt = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric" });
const longFmt = new Intl.DateTimeFormat("en-US", { dateStyle: "long" });

/** The container's width, so the chart draws in real pixels (text never shrinks on a phone). */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) setWidth(Math.floor(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

/** At most `n` evenly spread indexes, always the first and the last. */
function tickIndexes(count: number, n: number): number[] {
  if (count <= n) return Array.from({ length: count }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < n; k++) out.add(Math.round((k * (count - 1)) / (n - 1)));
  return [...out];
}

/**
 * One questionnaire's totals over time on its severity bands (DOMAIN.md §6), as an SVG the size
 * of its container. Screen readers get a one-line summary; the same numbers are in the table
 * next to it (TrendTable), which is the accessible alternative.
 */
export function TrendChart({ title, about, maxScore, bands, points }: TrendChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const titleId = useId();
  const descId = useId();
  const height = 220;
  const pad = { top: 12, right: 12, bottom: 28, left: 30 };
  const innerW = Math.max(0, width - pad.left - pad.right);
  const innerH = height - pad.top - pad.bottom;
  const y = (v: number) => pad.top + innerH - (v / maxScore) * innerH;
  // Points are spaced evenly: check-ins are roughly weekly, and even spacing keeps labels apart.
  // Inset from both edges so the first and last markers clear the axis and the frame.
  const inset = 10;
  const x = (i: number) => pad.left + inset + (points.length <= 1 ? (innerW - 2 * inset) / 2 : (i / (points.length - 1)) * (innerW - 2 * inset));
  const first = points[0];
  const last = points.at(-1);
  const summary = last
    ? `${points.length} score${points.length === 1 ? "" : "s"} from ${longFmt.format(first!.takenAt)} to ${longFmt.format(last.takenAt)}. Latest ${last.total} of ${maxScore}, ${last.bandLabel.toLowerCase()}.`
    : "No scores yet.";
  const ticks = tickIndexes(points.length, width < 480 ? 3 : 6);
  // A band's name sits at its top right, or top left when the last score's marker is there.
  const near = (p: ChartPoint | undefined, top: number) => p !== undefined && y(p.total) >= top - 4 && y(p.total) <= top + 20;
  const labelX = (top: number) => (near(points.at(-1), top) && !near(points[0], top) ? pad.left + 4 : pad.left + innerW - 4);
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.total).toFixed(1)}`).join(" ");

  return (
    <div ref={ref} className="w-full">
      {width > 0 ? (
        <svg width={width} height={height} role="img" aria-labelledby={`${titleId} ${descId}`} className="block max-w-full">
          <title id={titleId}>{`${title} (${about}) over time`}</title>
          <desc id={descId}>{summary}</desc>
          {bands.map((b) => {
            // Half a point either side, so a score on a boundary (5, 10...) sits inside its band.
            const top = y(Math.min(b.max + 0.5, maxScore));
            const bottom = y(Math.max(b.min - 0.5, 0));
            return (
              <g key={b.name}>
                <rect x={pad.left} y={top} width={innerW} height={bottom - top} fill={BAND_FILL[b.name] ?? "#f8fafc"} />
                {/* A white halo keeps the band's name readable where the line crosses it. */}
                <text x={labelX(top)} y={top + 13} textAnchor={labelX(top) === pad.left + 4 ? "start" : "end"} fontSize="11" fill="#475569" stroke="#ffffff" strokeWidth="3" paintOrder="stroke">
                  {b.label}
                </text>
              </g>
            );
          })}
          {/* Score axis: where each band starts, and the top of the scale. */}
          <line x1={pad.left} x2={pad.left} y1={y(maxScore)} y2={y(0)} stroke="#cbd5e1" />
          <line x1={pad.left} x2={pad.left + innerW} y1={y(0)} y2={y(0)} stroke="#cbd5e1" />
          {[...bands.map((b) => b.min), maxScore].map((v) => (
            <text key={v} x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#475569">
              {v}
            </text>
          ))}
          {ticks.map((i) => (
            <text key={i} x={x(i)} y={height - 8} textAnchor={points.length > 1 && i === 0 ? "start" : points.length > 1 && i === points.length - 1 ? "end" : "middle"} fontSize="11" fill="#475569">
              {dayFmt.format(points[i]!.takenAt)}
            </text>
          ))}
          {points.length > 1 ? <path d={path} fill="none" stroke="#0f766e" strokeWidth="2.5" strokeLinejoin="round" /> : null}
          {points.map((p, i) =>
            p.isBaseline ? (
              <rect key={p.id} x={x(i) - 5} y={y(p.total) - 5} width="10" height="10" fill="#fff" stroke="#0f766e" strokeWidth="2.5" transform={`rotate(45 ${x(i)} ${y(p.total)})`} />
            ) : (
              <circle key={p.id} cx={x(i)} cy={y(p.total)} r="4.5" fill="#0f766e" stroke="#fff" strokeWidth="1.5" />
            ),
          )}
        </svg>
      ) : (
        <div style={{ height }} aria-hidden="true" />
      )}
    </div>
  );
}

/** The chart's numbers as a table: three narrow columns that fit a 360 px phone. */
export function TrendTable({ title, points, maxScore }: Pick<TrendChartProps, "title" | "points" | "maxScore">) {
  return (
    <table className="w-full table-fixed border-collapse text-left text-sm">
      <caption className="sr-only">{title} scores by date</caption>
      <thead>
        <tr className="border-b border-slate-200 text-slate-600">
          <th scope="col" className="w-[38%] py-2 pr-2 font-medium">
            Date
          </th>
          <th scope="col" className="w-[22%] py-2 pr-2 font-medium">
            Score
          </th>
          <th scope="col" className="py-2 font-medium">
            Level
          </th>
        </tr>
      </thead>
      <tbody>
        {[...points].reverse().map((p) => (
          <tr key={p.id} className="border-b border-slate-100 align-top">
            <th scope="row" className="py-2 pr-2 font-normal break-words text-slate-900">
              {dayFmt.format(p.takenAt)}, {p.takenAt.getFullYear()}
              {p.isBaseline ? <span className="block text-xs text-slate-600">Before treatment</span> : null}
            </th>
            <td className="py-2 pr-2 text-slate-900">
              {p.total}
              <span className="text-slate-600"> / {maxScore}</span>
            </td>
            <td className="py-2 break-words text-slate-900">{p.bandLabel}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
