"use client";

import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";

import { KIND_LABEL, formatDateTime } from "~/lib/time";
import type { Kind } from "./visit-kind-choice";

/**
 * The booking's outcome. Its heading is the page's h1 and takes focus, so a screen reader reads it
 * out at once (a role=status on a heading would strip its heading role).
 */
export function Booked({ kind, start, timeZone, providerName, moved }: { kind: Kind; start: Date; timeZone: string; providerName: string; moved: boolean }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <Card>
      <CardContent className="flex flex-col items-start gap-4 py-6">
        <CheckCircle2 aria-hidden="true" className="size-10 text-emerald-700" />
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold tracking-tight text-slate-900 outline-none">
          {moved ? "Your visit was moved" : "You're booked"}
        </h1>
        <p className="text-base text-slate-700">
          {KIND_LABEL[kind]} with {providerName} on {formatDateTime(start, timeZone)}.
        </p>
        <p className="text-base text-slate-700">You can join the video visit from Appointments shortly before it starts.</p>
        <div className="flex flex-wrap gap-2">
          <Button asChild size="lg">
            <Link href="/appointments">See your appointments</Link>
          </Button>
          <Button asChild variant="secondary" size="lg">
            <Link href="/">Home</Link>
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
