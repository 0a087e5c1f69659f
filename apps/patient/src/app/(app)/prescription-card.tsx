"use client";

import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { useQuery } from "@tanstack/react-query";
import { ChevronRight, Pill } from "lucide-react";
import Link from "next/link";

import { useTRPC } from "~/trpc/react";

const CURRENT = new Set(["signed", "transmitted", "acknowledged", "cancel_requested", "cancel_denied"]);

/**
 * Home card linking to "Your prescription" once there is one: its status and pharmacy in a line.
 * Quiet while loading, on error or with none (the page itself has the empty state).
 */
export function PrescriptionCard() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.prescription.mine.queryOptions());
  // The one at a pharmacy now (as the page lists first), else the newest.
  const latest = mine.data?.items.find((p) => CURRENT.has(p.status)) ?? mine.data?.items[0];
  if (!latest) return null;
  return (
    <Card aria-labelledby="home-rx-heading">
      <CardHeader>
        <CardTitle id="home-rx-heading" className="flex items-center gap-2 text-lg">
          <Pill aria-hidden="true" className="size-5 text-brand-700" />
          Your prescription
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <p className="text-base text-slate-900">
          {latest.medication}: <strong>{latest.statusText}</strong>
        </p>
        <p className="text-sm text-slate-700">{latest.pharmacy.name}</p>
        <Link href="/prescription" className="inline-flex min-h-11 items-center gap-1 self-start text-base font-medium text-brand-700 underline underline-offset-4">
          See directions and pharmacy
          <ChevronRight aria-hidden="true" className="size-4" />
        </Link>
      </CardContent>
    </Card>
  );
}
