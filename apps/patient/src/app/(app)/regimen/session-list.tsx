"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { useQuery } from "@tanstack/react-query";
import { ChevronRight } from "lucide-react";
import Link from "next/link";

import { useTRPC } from "~/trpc/react";

import { LoadError } from "../load-states";
import { clockText, sessionDay } from "./words";

type Row = PatientOutputs["dose"]["list"]["sessions"][number];

const VARIANT: Record<Row["status"], "neutral" | "brand" | "success" | "warning" | "danger" | "info"> = {
  scheduled: "info",
  precheck_passed: "brand",
  precheck_failed: "warning",
  taken: "success",
  postcheck_submitted: "success",
  missed: "neutral",
};

/** What each row links to, if anything: the open session, or the after-session check still to do. */
function action(row: Row): string | null {
  if (row.status === "taken") return "Do your after-session check";
  if (row.status === "precheck_passed") return "Log your dose";
  return null;
}

/** The regimen's sessions, newest first: when, what happened, and what is left to do. */
export function SessionList({ regimenId }: { regimenId: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.dose.list.queryOptions({ regimenId }));
  if (list.isPending) return null;
  if (list.isError) return <LoadError title="We couldn't load your sessions" error={list.error} retry={() => void list.refetch()} retrying={list.isFetching} />;
  const rows = [...list.data.sessions].filter((r) => r.status !== "scheduled").sort((a, b) => b.sequence - a.sequence);
  if (!rows.length) return null;
  return (
    <Card aria-labelledby="sessions-heading">
      <CardHeader>
        <CardTitle id="sessions-heading" className="text-lg">
          Your sessions
        </CardTitle>
      </CardHeader>
      <CardContent className="py-1">
        <ul className="divide-y divide-slate-100">
          {rows.map((r) => {
            const todo = action(r);
            return (
              <li key={r.id} className="flex flex-col gap-1.5 py-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="text-base font-medium text-slate-900">
                    Session {r.sequence} · {sessionDay(r.scheduledDate)}
                  </span>
                  <Badge variant={VARIANT[r.status]} className="text-sm whitespace-normal">
                    {r.statusText}
                  </Badge>
                </div>
                {r.takenAt ? <span className="text-sm text-slate-700">Taken {clockText(r.takenAt)}</span> : null}
                {todo ? (
                  <Link href={`/session/${r.id}`} className="inline-flex min-h-11 items-center gap-1 self-start text-base font-medium text-brand-700 underline underline-offset-4">
                    {todo}
                    <ChevronRight aria-hidden="true" className="size-4" />
                  </Link>
                ) : null}
              </li>
            );
          })}
        </ul>
      </CardContent>
    </Card>
  );
}
