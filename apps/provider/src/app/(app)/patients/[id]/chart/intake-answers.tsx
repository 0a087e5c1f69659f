import type { ReactNode } from "react";

import { STEP_LABEL, fieldLabel } from "./chart-labels";

function renderValue(v: unknown): ReactNode {
  if (v === null || v === undefined || v === "") return <span className="text-slate-500">—</span>;
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (typeof v === "number" || typeof v === "string") return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return <span className="text-slate-500">None</span>;
    return (
      <ul className="list-disc pl-4">
        {v.map((item, i) => (
          <li key={i}>{renderValue(item)}</li>
        ))}
      </ul>
    );
  }
  if (typeof v === "object") {
    return (
      <dl className="flex flex-col gap-0.5">
        {Object.entries(v as Record<string, unknown>).map(([k, val]) => (
          <div key={k} className="flex gap-2">
            <dt className="text-slate-600">{fieldLabel(k)}:</dt>
            <dd>{renderValue(val)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return String(v);
}

/** The submitted intake, one collapsible block per wizard step. */
export function IntakeAnswers({ answers }: { answers: unknown }) {
  if (!answers || typeof answers !== "object") return <p className="text-sm text-slate-600">No answers recorded.</p>;
  // In the order the patient answered them (jsonb does not keep key order).
  const order = Object.keys(STEP_LABEL);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const entries = Object.entries(answers as Record<string, unknown>).sort(([a], [b]) => rank(a) - rank(b));
  if (!entries.length) return <p className="text-sm text-slate-600">No answers recorded.</p>;
  return (
    <div className="flex flex-col gap-2">
      {entries.map(([step, value]) => (
        <details key={step} className="rounded-lg border border-slate-200 px-3 py-2">
          <summary className="cursor-pointer text-sm font-medium text-slate-900">{STEP_LABEL[step] ?? fieldLabel(step)}</summary>
          <div className="mt-2 text-sm text-slate-800">
            {value && typeof value === "object" && !Array.isArray(value) ? (
              <dl className="divide-y divide-slate-100">
                {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
                  <div key={k} className="grid gap-1 py-1.5 sm:grid-cols-[14rem_1fr]">
                    <dt className="text-slate-600">{fieldLabel(k)}</dt>
                    <dd className="break-words">{renderValue(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              renderValue(value)
            )}
          </div>
        </details>
      ))}
    </div>
  );
}
