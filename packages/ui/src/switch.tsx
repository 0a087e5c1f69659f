"use client";

import { cn, focusRing } from "./cn";

/** An accessible on/off switch (button with role="switch"). */
export function Switch({ checked, onChange, disabled, labelledBy, describedBy }: { checked: boolean; onChange: (next: boolean) => void; disabled?: boolean; labelledBy: string; describedBy?: string }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className={cn(
        "relative inline-flex h-7 w-12 shrink-0 items-center rounded-full border-2 border-transparent transition-colors disabled:opacity-55",
        checked ? "bg-teal-700" : "bg-slate-300",
        focusRing,
      )}
    >
      <span
        aria-hidden="true"
        className={cn("inline-block size-6 rounded-full bg-white shadow transition-transform", checked ? "translate-x-5" : "translate-x-0")}
      />
    </button>
  );
}

