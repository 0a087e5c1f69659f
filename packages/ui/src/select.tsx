import type { ComponentProps } from "react";
import { ChevronDown } from "lucide-react";

import { cn } from "./cn";
import { controlClasses } from "./input";

export type SelectProps = ComponentProps<"select">;

/** Native <select> (best mobile and screen-reader support) with the shared control styling. */
export function Select({ className, children, ...props }: SelectProps) {
  return (
    <div className="relative">
      <select className={cn(controlClasses, "h-10 appearance-none pr-9", className)} {...props}>
        {children}
      </select>
      <ChevronDown
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-slate-500"
      />
    </div>
  );
}
