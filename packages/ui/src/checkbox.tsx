"use client";

import type { ComponentProps, ReactNode } from "react";
import { useId } from "react";

import { cn } from "./cn";

export interface CheckboxProps extends Omit<ComponentProps<"input">, "type"> {
  label: ReactNode;
  /** Extra explanation, linked with aria-describedby so it isn't part of the accessible name. */
  description?: ReactNode;
}

/** Native checkbox with its label; the label text is clickable. */
export function Checkbox({ label, description, className, id, ...props }: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? `checkbox-${generated}`;
  const descriptionId = description ? `${inputId}-description` : undefined;
  return (
    <div className={cn("flex items-start gap-3 py-1.5", className)}>
      <input
        id={inputId}
        type="checkbox"
        aria-describedby={descriptionId}
        className="mt-0.5 size-4 shrink-0 cursor-pointer rounded border-slate-400 accent-teal-700 outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2"
        {...props}
      />
      <div className="flex flex-col">
        <label htmlFor={inputId} className="cursor-pointer text-sm font-medium text-slate-800">
          {label}
        </label>
        {description ? (
          <span id={descriptionId} className="text-sm text-slate-600">
            {description}
          </span>
        ) : null}
      </div>
    </div>
  );
}
