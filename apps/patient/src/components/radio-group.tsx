"use client";

import { cn } from "@clearwell/ui/cn";
import { type Ref, useId } from "react";

export interface RadioOption<V extends string | number> {
  value: V;
  label: string;
}

export interface RadioGroupProps<V extends string | number> {
  legend: React.ReactNode;
  name: string;
  options: readonly RadioOption<V>[];
  value: V | null | undefined;
  onChange: (value: V) => void;
  error?: string[] | null;
  hint?: React.ReactNode;
  /** Given the chosen option (or the first): a form focuses it when the answer is missing. */
  inputRef?: Ref<HTMLInputElement>;
  onBlur?: () => void;
}

/** An accessible radio group: fieldset + legend, each option a 44px tap target. */
export function RadioGroup<V extends string | number>({ legend, name, options, value, onChange, error, hint, inputRef, onBlur }: RadioGroupProps<V>) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = Boolean(error?.length);
  const focusIndex = Math.max(0, options.findIndex((o) => o.value === value));
  return (
    <fieldset
      className="flex flex-col gap-2"
      aria-describedby={[hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined}
    >
      <legend className="mb-1 text-base font-medium text-slate-900">{legend}</legend>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className={cn("grid gap-2", options.length <= 3 ? "grid-cols-3" : "grid-cols-1 sm:grid-cols-2")}>
        {options.map((o, i) => {
          const checked = value === o.value;
          return (
            <label
              key={String(o.value)}
              className={cn(
                "flex min-h-11 cursor-pointer items-center gap-2.5 rounded-lg border px-3 py-2 text-base text-slate-800 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
                checked ? "border-brand-600 bg-brand-50" : invalid ? "border-red-600" : "border-slate-300",
              )}
            >
              <input
                type="radio"
                name={name}
                value={String(o.value)}
                checked={checked}
                onChange={() => onChange(o.value)}
                onBlur={onBlur}
                ref={i === focusIndex ? inputRef : undefined}
                aria-invalid={invalid ? true : undefined}
                className="size-5 shrink-0 accent-brand-700 focus-visible:outline-none"
              />
              <span className="leading-snug">{o.label}</span>
            </label>
          );
        })}
      </div>
      {invalid ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error?.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

export const YES_NO_UNSURE = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  { value: "unsure", label: "Not sure" },
] as const;
