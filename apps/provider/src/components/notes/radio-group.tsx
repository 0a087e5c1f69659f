"use client";

import type { ReactNode } from "react";
import { useId } from "react";

import { cn } from "@clearwell/ui/cn";

/** Native radios in a fieldset: the legend names the group for screen readers, arrow keys move within it. */
export function RadioGroup<T extends string>({
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  className,
  legendClassName,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  /** Problems with the choice, shown under it and read with the group. */
  error?: string[] | null;
  options: readonly (readonly [T, ReactNode])[];
  value: T | undefined;
  onChange: (value: T) => void;
  className?: string;
  legendClassName?: string;
}) {
  const name = useId();
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const describedBy = [hint ? hintId : null, error?.length ? errorId : null].filter(Boolean).join(" ");
  return (
    <fieldset className={cn("flex flex-col gap-1", className)} aria-describedby={describedBy || undefined}>
      <legend className={cn("mb-1 text-sm font-medium text-slate-800", legendClassName)}>{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map(([v, label]) => (
          <label key={v} className="flex min-h-8 cursor-pointer items-center gap-2 text-sm text-slate-800">
            <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} className="size-4 accent-teal-700" />
            {label}
          </label>
        ))}
      </div>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {error?.length ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
