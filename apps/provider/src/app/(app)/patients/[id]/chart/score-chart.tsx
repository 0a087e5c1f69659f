"use client";

interface Score {
  id: string;
  total: number;
  severity: string | null;
  completedAt: Date | string;
}

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

const fmt = (v: Date | string) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(new Date(v));

/** Inline SVG line chart with shaded severity bands; a visually hidden table carries the same data. */
export function ScoreChart({ instrument, scores }: { instrument: "phq9" | "gad7"; scores: Score[] }) {
  const def = BANDS[instrument];
  const W = 480;
  const H = 200;
  const pad = { l: 32, r: 90, t: 10, b: 24 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const y = (v: number) => pad.t + ih - (v / def.max) * ih;
  const x = (i: number) => pad.l + (scores.length <= 1 ? iw / 2 : (i / (scores.length - 1)) * iw);
  const latest = scores.at(-1);
  const summary = latest
    ? `${def.name}: ${scores.length} score${scores.length === 1 ? "" : "s"}. Latest ${latest.total} of ${def.max} (${bandOf(instrument, latest.total)}) on ${fmt(latest.completedAt)}.`
    : `${def.name}: no scores yet.`;

  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="text-sm font-medium text-slate-900">{def.name}</figcaption>
      {scores.length === 0 ? (
        <p className="text-sm text-slate-600">No {def.name} scores yet.</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} className="h-auto w-full max-w-xl">
            {def.bands.map((b) => (
              <g key={b.label}>
                <rect x={pad.l} width={iw} y={y(b.max + (b.max === def.max ? 0 : 1))} height={y(b.min) - y(b.max + (b.max === def.max ? 0 : 1))} fill={b.fill} />
                <text x={pad.l + iw + 4} y={(y(b.min) + y(b.max)) / 2 + 3} fontSize="9" fill="#475569">
                  {b.label}
                </text>
              </g>
            ))}
            {[0, Math.round(def.max / 2), def.max].map((t) => (
              <text key={t} x={pad.l - 4} y={y(t) + 3} fontSize="9" textAnchor="end" fill="#475569">
                {t}
              </text>
            ))}
            <line x1={pad.l} x2={pad.l} y1={pad.t} y2={pad.t + ih} stroke="#cbd5e1" />
            <line x1={pad.l} x2={pad.l + iw} y1={pad.t + ih} y2={pad.t + ih} stroke="#cbd5e1" />
            <polyline fill="none" stroke="#0f766e" strokeWidth="2" points={scores.map((s, i) => `${x(i)},${y(s.total)}`).join(" ")} />
            {scores.map((s, i) => (
              <circle key={s.id} cx={x(i)} cy={y(s.total)} r="3.5" fill="#0f766e" />
            ))}
            {scores.length > 0 ? (
              <>
                <text x={x(0)} y={H - 6} fontSize="9" fill="#475569" textAnchor={scores.length === 1 ? "middle" : "start"}>
                  {fmt(scores[0]!.completedAt)}
                </text>
                {scores.length > 1 ? (
                  <text x={x(scores.length - 1)} y={H - 6} fontSize="9" fill="#475569" textAnchor="end">
                    {fmt(latest!.completedAt)}
                  </text>
                ) : null}
              </>
            ) : null}
          </svg>
          <p className="text-sm text-slate-700">{summary}</p>
          <table className="sr-only">
            <caption>{def.name} scores</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Total</th>
                <th scope="col">Severity</th>
              </tr>
            </thead>
            <tbody>
              {scores.map((s) => (
                <tr key={s.id}>
                  <td>{fmt(s.completedAt)}</td>
                  <td>{s.total}</td>
                  <td>{bandOf(instrument, s.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
