import type { ComponentProps } from "react";

import { cn } from "./cn";

/** Decorative placeholder; pair the loading region with aria-busy or a Spinner label. */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-slate-200", className)} {...props} />;
}
