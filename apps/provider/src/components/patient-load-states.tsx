"use client";

import type { ReactNode } from "react";
import { Skeleton } from "@clearwell/ui/skeleton";

import { RetryAlert } from "./query-states";

/** Placeholder for a patient page while its query is pending; `eyebrow` reserves the back-link row. */
export function PatientLoadSkeleton({ label, eyebrow }: { label: string; eyebrow?: boolean }) {
  return (
    <div aria-busy="true">
      <span className="sr-only" role="status">{label}</span>
      {eyebrow ? <Skeleton className="mb-3 h-4 w-20" /> : null}
      <Skeleton className="mb-8 h-8 w-64" />
      <div className="grid gap-6 lg:grid-cols-3">
        <Skeleton className="h-72 lg:col-span-2" />
        <Skeleton className="h-72" />
      </div>
    </div>
  );
}

interface PatientLoadErrorProps {
  backLink: ReactNode;
  heading: string;
  title: string;
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}

/** A failed load that isn't a not-found: keeps the page's back link and heading, offers a retry. */
export function PatientLoadError({ backLink, heading, title, error, onRetry, retrying }: PatientLoadErrorProps) {
  return (
    <div>
      <div className="mb-4 text-sm">{backLink}</div>
      <h1 className="mb-4 text-2xl font-semibold text-slate-900">{heading}</h1>
      <RetryAlert title={title} error={error} onRetry={onRetry} retrying={retrying} />
    </div>
  );
}
