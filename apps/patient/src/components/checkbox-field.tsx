"use client";

import { cn } from "@clearwell/ui/cn";
import type { ReactNode, Ref } from "react";
import { useId } from "react";

export interface CheckboxFieldProps {
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
  error?: string | string[] | null;
  required?: boolean;
  /** Lets a form focus the box when it must be ticked. */
  inputRef?: Ref<HTMLInputElement>;
  onBlur?: () => void;
}

/** A checkbox whose whole label is the tap target (at least 44px tall). */
export function CheckboxField({ name, checked, onChange, children, error, required, inputRef, onBlur }: CheckboxFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const messages = (Array.isArray(error) ? error : error ? [error] : []).filter(Boolean);
  return (
    <div className="flex flex-col gap-1.5">
      <label
        htmlFor={id}
        className={cn(
          "flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border px-3 py-3 text-base text-slate-800",
          messages.length ? "border-red-600" : "border-slate-300",
        )}
      >
        <input
          id={id}
          name={name}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          onBlur={onBlur}
          ref={inputRef}
          required={required}
          aria-invalid={messages.length ? true : undefined}
          aria-describedby={messages.length ? errorId : undefined}
          className="mt-0.5 size-5 shrink-0 accent-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        />
        <span className="leading-snug">{children}</span>
      </label>
      {messages.length ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
