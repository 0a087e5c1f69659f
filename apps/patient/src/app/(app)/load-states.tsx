"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Skeleton } from "@clearwell/ui/skeleton";

import { trpcCode } from "~/trpc/query-client";

/** Skeleton with a polite "Loading ..." for screen readers. */
export function Loading({ label, rows = 2 }: { label: string; rows?: number }) {
  return (
    <div aria-busy="true" className="flex flex-col gap-4">
      <span role="status" className="sr-only">
        {label}
      </span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="rounded-card border border-line bg-white p-5">
          <Skeleton className="h-6 w-40" />
          <div className="mt-4 flex flex-col gap-3">
            <Skeleton className="h-4 w-3/4" />
            <Skeleton className="h-4 w-1/2" />
          </div>
        </div>
      ))}
    </div>
  );
}

/**
 * A query that failed: a refusal (not found, forbidden) shows the server's own plain message; a
 * network or server failure offers Retry.
 */
export function LoadError({ title, error, retry, retrying }: { title: string; error: unknown; retry: () => void; retrying: boolean }) {
  const code = trpcCode(error);
  const permanent = code === "FORBIDDEN" || code === "NOT_FOUND" || code === "BAD_REQUEST";
  const message = permanent && error instanceof Error && error.message ? error.message : "Check your connection and try again.";
  return (
    <Alert
      variant="error"
      title={title}
      action={
        permanent ? null : (
          <Button variant="secondary" className="h-11" loading={retrying} onClick={retry}>
            Retry
          </Button>
        )
      }
    >
      {message}
    </Alert>
  );
}
