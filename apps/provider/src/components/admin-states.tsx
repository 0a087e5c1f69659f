"use client";

import Link from "next/link";
import { ShieldAlert } from "lucide-react";
import { Button } from "@clearwell/ui/button";
import { EmptyState } from "@clearwell/ui/empty-state";

import { trpcCode } from "~/lib/trpc-errors";
import { RetryAlert } from "./query-states";

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
  return <RetryAlert title={`We couldn't load ${what}`} error={error} onRetry={onRetry} retrying={retrying} />;
}
