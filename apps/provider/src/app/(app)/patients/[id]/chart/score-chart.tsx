"use client";

import { useClinicFormat } from "~/lib/use-clinic-time-zone";

interface Score {
  id: string;
  total: number;
  severity: string | null;
  completedAt: Date | string;
  /** Where it was given: intake, a check-in, or during a visit (issue 11 §1). */
  context?: "intake" | "check_in" | "visit";
}

const CONTEXT_LABEL: Record<NonNullable<Score["context"]>, string> = { intake: "Intake", check_in: "Check-in", visit: "Visit" };
const contextOf = (s: Score) => (s.context ? CONTEXT_LABEL[s.context] : "—");

type Band = { min: number; max: number; label: string; fill: string };

const BANDS: Record<"phq9" | "gad7", { name: string; max: number; bands: Band[] }> = {
  phq9: {
    name: "PHQ-9",
    max: 27,
    bands: [
      { min: 0, max: 4, label: "Minimal", fill: "#f0fdf4" },
      { min: 5, max: 9, label: "Mild", fill: "#fefce8" },
      { min: 10, max: 14, label: "Moderate", fill: "#fff7ed" },
      { min: 15, max: 19, label: "Moderately severe", fill: "#ffedd5" },
      { min: 20, max: 27, label: "Severe", fill: "#fee2e2" },
    ],
  },
  gad7: {
    name: "GAD-7",
    max: 21,
    bands: [
      { min: 0, max: 4, label: "Minimal", fill: "#f0fdf4" },
      { min: 5, max: 9, label: "Mild", fill: "#fefce8" },
      { min: 10, max: 14, label: "Moderate", fill: "#fff7ed" },
      { min: 15, max: 21, label: "Severe", fill: "#fee2e2" },
    ],
  },
};

export function bandOf(instrument: "phq9" | "gad7", total: number) {
  return BANDS[instrument].bands.find((b) => total >= b.min && total <= b.max)?.label ?? "—";
}

/**
 * Inline SVG line chart over time with shaded severity bands and the first score as a dashed
 * baseline (DOMAIN.md §6: response and remission are read against it); a visually hidden table
 * carries the same data.
 */
export function ScoreChart({ instrument, scores }: { instrument: "phq9" | "gad7"; scores: Score[] }) {
  // Dates are the clinic's calendar dates, like every other date on the chart.
  const { day: fmt } = useClinicFormat();
  const def = BANDS[instrument];
  const W = 640;
  const H = 240;
  const pad = { l: 34, r: 128, t: 12, b: 30 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const y = (v: number) => pad.t + ih - (v / def.max) * ih;
  const times = scores.map((s) => new Date(s.completedAt).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  // Time, not index, on the x axis: irregular check-ins must not look evenly spaced.
  const x = (t: number) => pad.l + (t1 === t0 ? iw / 2 : ((t - t0) / (t1 - t0)) * iw);
  const latest = scores.at(-1);
  const baseline = scores[0];
  const summary = latest
    ? `${def.name}: ${scores.length} score${scores.length === 1 ? "" : "s"}. Latest ${latest.total} of ${def.max} (${bandOf(instrument, latest.total)}) on ${fmt(latest.completedAt)}${latest.context ? ` (${contextOf(latest).toLowerCase()})` : ""}${baseline && scores.length > 1 ? `; first ${baseline.total} on ${fmt(baseline.completedAt)}` : ""}.`
    : `${def.name}: no scores yet.`;
  const ticks = scores.length > 2 ? [t0, (t0 + t1) / 2, t1] : [...new Set([t0, t1])];

  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="text-sm font-medium text-slate-900">{def.name}</figcaption>
      {scores.length === 0 ? (
        <p className="text-sm text-slate-600">No {def.name} scores yet.</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} className="h-auto w-full" style={{ fontSize: 12 }}>
            {def.bands.map((b) => {
              const top = y(b.max + (b.max === def.max ? 0 : 1));
              return (
                <g key={b.label}>
                  <rect x={pad.l} width={iw} y={top} height={y(b.min) - top} fill={b.fill} />
                  <text x={pad.l + iw + 6} y={(y(b.min) + top) / 2 + 4} fill="#334155">
                    {b.label}
                  </text>
                </g>
              );
            })}
            {[...[0, 5, 10, 15, 20].filter((t) => t <= def.max - 3), def.max].map((t) => (
              <text key={t} x={pad.l - 6} y={y(t) + 4} textAnchor="end" fill="#475569">
                {t}
              </text>
            ))}
            <line x1={pad.l} x2={pad.l} y1={pad.t} y2={pad.t + ih} stroke="#94a3b8" />
            <line x1={pad.l} x2={pad.l + iw} y1={pad.t + ih} y2={pad.t + ih} stroke="#94a3b8" />
            {baseline && scores.length > 1 ? (
              <g>
                <line x1={pad.l} x2={pad.l + iw} y1={y(baseline.total)} y2={y(baseline.total)} stroke="#64748b" strokeDasharray="4 4" />
                <text x={pad.l + 4} y={y(baseline.total) - 5} fill="#475569">
                  first {baseline.total}
                </text>
              </g>
            ) : null}
            <polyline fill="none" stroke="#0f766e" strokeWidth="2.5" points={scores.map((s, i) => `${x(times[i]!)},${y(s.total)}`).join(" ")} />
            {scores.map((s, i) => (
              // Hollow: given during a visit (by the patient while waiting, or entered by the clinician).
              <circle key={s.id} cx={x(times[i]!)} cy={y(s.total)} r="4" fill={s.context === "visit" ? "white" : "#0f766e"} stroke={s.context === "visit" ? "#0f766e" : "white"} strokeWidth={s.context === "visit" ? 2 : 1.5}>
                <title>{`${fmt(s.completedAt)}, ${contextOf(s).toLowerCase()}: ${s.total} (${bandOf(instrument, s.total)})`}</title>
              </circle>
            ))}
            {ticks.map((t, i) => (
              <text key={t} x={x(t)} y={H - 8} fill="#475569" textAnchor={ticks.length === 1 ? "middle" : i === 0 ? "start" : i === ticks.length - 1 ? "end" : "middle"}>
                {fmt(new Date(t))}
              </text>
            ))}
          </svg>
          <p className="text-sm text-slate-700">{summary}</p>
          {scores.some((s) => s.context === "visit") ? <p className="text-xs text-slate-600">Hollow points were given during a visit.</p> : null}
          {/* sr-only on the <table> itself does not clip it (a table is not a block container), so
              its columns widened the page on phones: the wrapper is the clipped box. */}
          <div className="sr-only">
          <table>
            <caption>{def.name} scores</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Given at</th>
                <th scope="col">Total</th>
                <th scope="col">Severity</th>
              </tr>
            </thead>
            <tbody>
              {scores.map((s) => (
                <tr key={s.id}>
                  <td>{fmt(s.completedAt)}</td>
                  <td>{contextOf(s)}</td>
                  <td>{s.total}</td>
                  <td>{bandOf(instrument, s.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
    </figure>
  );
}
