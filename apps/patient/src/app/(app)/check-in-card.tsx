"use client";

import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { useQuery } from "@tanstack/react-query";
import { ClipboardList } from "lucide-react";
import Link from "next/link";

import { formatDateTime } from "~/lib/time";
import { useTRPC } from "~/trpc/react";

/** Home card: the check-in that is due (or overdue) now, with a start button. Quiet otherwise. */
export function CheckInCard() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.checkIn.mine.queryOptions());
  const next = mine.data?.due[0];
  if (!next) return null;
  const overdue = next.status === "overdue";
  return (
    <Card aria-labelledby="home-check-in-heading" className={overdue ? "border-amber-300 bg-amber-50/50" : "border-brand-200"}>
      <CardContent className="flex flex-col gap-3 py-5">
        <h2 id="home-check-in-heading" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <ClipboardList aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
          {overdue ? "Check-in overdue" : "Check-in due"}
        </h2>
        <p className="text-base text-slate-700">
          {next.kindText}: two short questionnaires about the last 2 weeks. {overdue ? "Please do it as soon as you can." : next.dueAt.getTime() <= Date.now() ? "Ready now." : `Ready from ${formatDateTime(next.dueAt)}.`}
        </p>
        <Button asChild size="lg" className="self-stretch sm:self-start">
          <Link href={`/check-in/${next.id}`}>Start check-in</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
