import type { ReactNode } from "react";

import { formatDate } from "~/lib/format";
import { type ClinicFormat, useClinicFormat } from "~/lib/use-clinic-time-zone";
import { STEP_LABEL, fieldLabel } from "./chart-labels";

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function renderValue(v: unknown, f: ClinicFormat): ReactNode {
  if (v === null || v === undefined || v === "") return <span className="text-slate-500">—</span>;
  if (typeof v === "boolean") return v ? "Yes" : "No";
  // Dates follow the app's one rule: instants in the clinic's zone, calendar dates as they are.
  if (typeof v === "string" && INSTANT.test(v) && !Number.isNaN(Date.parse(v))) return f.dateTime(v);
  if (typeof v === "string" && CALENDAR_DATE.test(v)) return formatDate(v);
  if (typeof v === "number" || typeof v === "string") return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return <span className="text-slate-500">None</span>;
    return (
      <ul className="list-disc pl-4">
        {v.map((item, i) => (
          <li key={i}>{renderValue(item, f)}</li>
        ))}
      </ul>
    );
  }
  if (typeof v === "object") {
    return (
      <dl className="flex flex-col gap-0.5">
        {Object.entries(v as Record<string, unknown>).map(([k, val]) => (
          <div key={k} className="flex flex-wrap gap-x-2">
            <dt className="text-slate-600">{fieldLabel(k)}:</dt>
            <dd className="min-w-0 break-words">{renderValue(val, f)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return String(v);
}

/** The submitted intake, one collapsible block per wizard step. */
export function IntakeAnswers({ answers }: { answers: unknown }) {
  const f = useClinicFormat();
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
                    <dd className="min-w-0 break-words">{renderValue(v, f)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              renderValue(value, f)
            )}
          </div>
        </details>
      ))}
    </div>
  );
}
