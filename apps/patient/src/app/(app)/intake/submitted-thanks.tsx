"use client";

import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";

import { CrisisPanel } from "~/components/crisis-panel";

import { CrisisNextSteps } from "./crisis-next-steps";
import type { SubmitOutcome } from "./wizard-types";

export const CRISIS_WAIT_AFTERWORD = "You don’t have to wait for the clinic’s call: reach out now if you need to.";

/** Shown right after submitting; the heading takes focus so screen readers announce the outcome. */
export function SubmittedThanks({ canBookNow, crisis, crisisPathway, phone }: SubmitOutcome) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  // Item 9 raised an alert; the crisis pathway (E11) without it still waits on a clinician.
  const waitsOnClinician = crisis || crisisPathway;
  const heading = (
    <h1 ref={ref} tabIndex={-1} className="text-2xl font-semibold tracking-tight text-slate-900 outline-none">
      Thank you, your intake was submitted
    </h1>
  );
  if (waitsOnClinician) {
    return (
      <div className="flex flex-col gap-6">
        <div className="flex items-start gap-3">
          <CheckCircle2 aria-hidden="true" className="mt-1 size-6 shrink-0 text-emerald-700" />
          {heading}
        </div>
        <CrisisPanel afterword={CRISIS_WAIT_AFTERWORD} />
        <CrisisNextSteps alerted={crisis} phone={phone} />
        <Link href="/" className="inline-flex min-h-11 items-center self-start font-medium text-brand-700 underline underline-offset-4">
          Back to home
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardContent className="flex flex-col items-start gap-4 py-6">
          <CheckCircle2 aria-hidden="true" className="size-10 text-emerald-700" />
          {heading}
          {canBookNow ? (
            <>
              <p className="text-base text-slate-700">You can now choose a time for your evaluation.</p>
              <Button asChild size="lg">
                <Link href="/book?kind=evaluation">Book your evaluation</Link>
              </Button>
            </>
          ) : (
            <p className="text-base text-slate-700">The clinic will review your intake and contact you.</p>
          )}
          <Link href="/" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            Back to home
          </Link>
        </CardContent>
      </Card>
    </div>
  );
}
