"use client";

import type { ReactNode } from "react";
import { Skeleton } from "@clearwell/ui/skeleton";

import { LoadError } from "~/components/admin-states";

/** A page's header with a skeleton below while its first query loads. */
export function PageLoading({ header, label, rows = 3 }: { header: ReactNode; label: string; rows?: number }) {
  return (
    <div aria-busy="true">
      {header}
      <span className="sr-only" role="status">
        {label}
      </span>
      <div className="flex flex-col gap-3">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className="h-28 w-full" />
        ))}
      </div>
    </div>
  );
}

/** A page's header with the load error (FORBIDDEN: admins only) below. */
export function PageError({ header, error, what, onRetry, retrying }: { header: ReactNode; error: unknown; what: string; onRetry: () => void; retrying: boolean }) {
  return (
    <div>
      {header}
      <LoadError error={error} what={what} onRetry={onRetry} retrying={retrying} />
    </div>
  );
}
