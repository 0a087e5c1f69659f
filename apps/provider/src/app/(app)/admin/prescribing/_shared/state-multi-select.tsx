"use client";

import { useId, useState } from "react";
import { Button } from "@clearwell/ui/button";
import { Input } from "@clearwell/ui/input";
import { US_STATES } from "@clearwell/validators/us-states";

const OPTIONS = Object.entries(US_STATES).sort((a, b) => a[1].localeCompare(b[1]));

/**
 * Several states at once: a fieldset of checkboxes with a filter (type "new" to find New Mexico,
 * New York…), the chosen ones summarised above. Native checkboxes, so keyboard and screen readers
 * work as they do everywhere else.
 */
export function StateMultiSelect({
  legend,
  hint,
  value,
  onChange,
  error,
  name,
}: {
  legend: string;
  hint?: string;
  value: string[];
  onChange: (states: string[]) => void;
  error?: string | null;
  name: string;
}) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const q = filter.trim().toLowerCase();
  const shown = q ? OPTIONS.filter(([code, label]) => code.toLowerCase() === q || label.toLowerCase().includes(q)) : OPTIONS;
  const chosen = new Set(value);
  const toggle = (code: string, on: boolean) => onChange(on ? [...value.filter((s) => s !== code), code].sort() : value.filter((s) => s !== code));
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const summaryId = `${id}-summary`;

  return (
    <fieldset
      className="flex flex-col gap-2"
      aria-describedby={[hint ? hintId : null, summaryId, error ? errorId : null].filter(Boolean).join(" ")}
      aria-invalid={error ? true : undefined}
    >
      <legend className="mb-1 text-sm font-medium text-slate-800">{legend}</legend>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <p id={summaryId} className="text-sm text-slate-700" aria-live="polite">
        {value.length === 0 ? "None chosen." : `${value.length} chosen: ${value.join(", ")}.`}
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <label htmlFor={`${id}-filter`} className="sr-only">
          Find a state
        </label>
        <Input id={`${id}-filter`} placeholder="Find a state" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" className="sm:max-w-xs" />
        <div className="flex gap-2">
          <Button size="sm" variant="secondary" onClick={() => onChange([...new Set([...value, ...shown.map(([c]) => c)])].sort())}>
            {q ? "Choose these" : "Choose all"}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => onChange([])} disabled={value.length === 0}>
            Clear
          </Button>
        </div>
      </div>
      <div
        className={`grid max-h-52 grid-cols-2 gap-x-3 gap-y-1 overflow-y-auto rounded-lg border p-2 sm:grid-cols-3 ${error ? "border-red-600" : "border-slate-200"}`}
        role="group"
        aria-label={`${legend}: states`}
      >
        {shown.length === 0 ? <p className="col-span-full p-2 text-sm text-slate-600">No state matches “{filter}”.</p> : null}
        {shown.map(([code, label]) => (
          <label key={code} className="flex cursor-pointer items-center gap-2 rounded px-1 py-1 text-sm text-slate-800 hover:bg-slate-50">
            <input
              type="checkbox"
              name={name}
              value={code}
              checked={chosen.has(code)}
              onChange={(e) => toggle(code, e.target.checked)}
              className="size-4 shrink-0 accent-teal-700 outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-1"
            />
            <span>
              {label} <span className="text-slate-500">({code})</span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
