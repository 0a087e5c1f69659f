"use client";

import { cn } from "@clearwell/ui/cn";

export type Kind = "evaluation" | "follow_up";

const OPTIONS: { value: Kind; label: string; hint: string }[] = [
  { value: "evaluation", label: "Evaluation", hint: "First visit" },
  { value: "follow_up", label: "Follow-up", hint: "Later visits" },
];

/** The two visit types side by side, one line each plus a short hint, so they fit a phone's width. */
export function VisitKindChoice({ value, onChange }: { value: Kind; onChange: (kind: Kind) => void }) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-base font-medium text-slate-900">Type of visit</legend>
      <div className="grid grid-cols-2 gap-2">
        {OPTIONS.map((o) => {
          const checked = value === o.value;
          return (
            <label
              key={o.value}
              className={cn(
                "flex min-h-11 cursor-pointer items-center gap-2.5 rounded-lg border px-3 py-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
                checked ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white",
              )}
            >
              <input
                type="radio"
                name="kind"
                value={o.value}
                checked={checked}
                onChange={() => onChange(o.value)}
                className="size-5 shrink-0 accent-brand-700 focus-visible:outline-none"
              />
              <span className="flex min-w-0 flex-col leading-tight">
                <span className="text-base font-medium text-slate-900">{o.label}</span>
                <span className="text-sm text-slate-600">{o.hint}</span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
