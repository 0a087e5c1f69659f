import type { ComponentProps } from "react";

import { cn } from "./cn";

export interface LabelProps extends ComponentProps<"label"> {
  /** Adds a visual asterisk; the control itself should carry `required`. */
  required?: boolean;
}

export function Label({ className, required, children, ...props }: LabelProps) {
  return (
    <label className={cn("text-sm font-medium text-slate-800", className)} {...props}>
      {children}
      {required ? (
        <span aria-hidden="true" className="ml-0.5 text-red-700">
          *
        </span>
      ) : null}
    </label>
  );
}
