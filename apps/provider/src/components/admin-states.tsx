"use client";

import Link from "next/link";
import { ShieldAlert } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { EmptyState } from "@clearwell/ui/empty-state";

import { errorMessage, trpcCode } from "~/lib/trpc-errors";

/** Shown when the API answers FORBIDDEN: the page exists, this person just lacks the role. */
export function AdminsOnly() {
  return (
    <EmptyState
      icon={ShieldAlert}
      title="Admins only"
      description="This page is for clinic admins. Ask an admin in your clinic if you need access."
      action={
        <Button asChild variant="secondary">
          <Link href="/patients">Go to patients</Link>
        </Button>
      }
    />
  );
}

/** FORBIDDEN -> AdminsOnly; anything else -> an error with retry. */
export function LoadError({ error, what, onRetry, retrying }: { error: unknown; what: string; onRetry: () => void; retrying?: boolean }) {
  if (trpcCode(error) === "FORBIDDEN") return <AdminsOnly />;
  return (
    <Alert
      variant="error"
      title={`We couldn't load ${what}`}
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
