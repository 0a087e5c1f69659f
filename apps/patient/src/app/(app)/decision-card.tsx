"use client";

import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { useQuery } from "@tanstack/react-query";
import { ClipboardCheck, Phone } from "lucide-react";

import { useTRPC } from "~/trpc/react";

/**
 * The clinician's eligibility decision in plain words (issue 11 item 7): what was decided and what
 * happens next. Never the note, the rules or the findings. Nothing shows before a decision.
 */
export function DecisionCard() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.decision.mine.queryOptions());
  const summary = mine.data?.summary;
  // Quiet while loading or on error: the next-step card above already guides the patient.
  if (!summary) return null;
  const attention = summary.state === "needs_review" || summary.outcome !== "eligible_at_home";
  return (
    <Card aria-labelledby="decision-heading" className={attention ? "border-amber-200" : "border-brand-200"}>
      <CardHeader>
        <p className="text-sm text-slate-600">
          Your evaluation · {summary.state === "being_decided" ? "decision in progress" : `decided ${new Intl.DateTimeFormat("en-US", { dateStyle: "long" }).format(summary.decidedAt)}`}
        </p>
        <CardTitle id="decision-heading" className="flex items-start gap-2 text-lg">
          <ClipboardCheck aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-brand-700" />
          {summary.headline}
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {summary.explanation.map((line) => (
          <p key={line} className="text-base text-slate-800">
            {line}
          </p>
        ))}
        {summary.nextSteps.length ? (
          <div>
            <h3 className="text-sm font-semibold text-slate-900">What happens next</h3>
            <ol className="mt-2 flex list-decimal flex-col gap-2 pl-5 text-base text-slate-800">
              {summary.nextSteps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </div>
        ) : null}
        {summary.clinic.phone ? (
          <a
            href={`tel:${summary.clinic.phone.replace(/[^\d+]/g, "")}`}
            className="inline-flex min-h-11 items-center gap-2 text-base font-medium text-brand-700 underline underline-offset-4"
          >
            <Phone aria-hidden="true" className="size-4" />
            Questions? Call {summary.clinic.name} at {summary.clinic.phone}
          </a>
        ) : null}
      </CardContent>
    </Card>
  );
}
