import type { ComponentProps } from "react";

import { cn } from "./cn";

export interface LabelProps extends ComponentProps<"label"> {
  /** Adds a visual asterisk; the control itself should carry `required`. */
  required?: boolean;
}

export function Label({ className, required, children, ...props }: LabelProps) {
  const label = (
    <label className={cn("text-sm font-medium text-slate-800", className)} {...props}>
      {children}
    </label>
  );
  if (!required) return label;
  // The asterisk sits outside <label> so it never becomes part of the accessible name
  // ("Password", not "Password *"); `required` on the control tells assistive tech.
  return (
    <span className="inline-flex items-baseline gap-0.5">
      {label}
      <span aria-hidden="true" className="text-sm text-red-700">
        *
      </span>
    </span>
  );
}
