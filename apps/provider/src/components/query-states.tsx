"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Skeleton } from "@clearwell/ui/skeleton";

import { errorMessage } from "~/lib/trpc-errors";

/** A query still loading: a skeleton of `className`'s size, with `label` for screen readers. */
export function LoadingBlock({ label, className }: { label: string; className: string }) {
  return (
    <div aria-busy="true">
      <span className="sr-only" role="status">
        {label}
      </span>
      <Skeleton className={className} />
    </div>
  );
}

/** A query that failed: what could not be loaded (`title`), the server's message and a retry. */
export function RetryAlert({ title, error, onRetry, retrying }: { title: string; error: unknown; onRetry: () => void; retrying?: boolean }) {
  return (
    <Alert
      variant="error"
      title={title}
      action={
        <Button size="sm" variant="secondary" onClick={onRetry} loading={retrying}>
          Try again
        </Button>
      }
    >
      {errorMessage(error)}
    </Alert>
  );
}
