import type { ComponentProps } from "react";

import { cn } from "./cn";

/** Shared look for text-like controls; aria-invalid turns the border red. */
export const controlClasses = cn(
  "block w-full rounded-lg border border-slate-300 bg-white px-3 text-base text-slate-900 shadow-sm sm:text-sm",
  "placeholder:text-slate-500 transition-colors",
  "outline-none focus-visible:border-brand-600 focus-visible:ring-2 focus-visible:ring-brand-600/40",
  "disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500",
  "aria-[invalid=true]:border-red-600 aria-[invalid=true]:focus-visible:ring-red-600/40",
);

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  return <input type={type} className={cn(controlClasses, "h-10", className)} {...props} />;
}

export type TextareaProps = ComponentProps<"textarea">;

export function Textarea({ className, ...props }: TextareaProps) {
  return <textarea className={cn(controlClasses, "min-h-24 py-2", className)} {...props} />;
}
