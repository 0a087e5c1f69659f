"use client";

import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { cn } from "@clearwell/ui/cn";
import { Skeleton } from "@clearwell/ui/skeleton";
import { INTAKE_STEPS } from "@clearwell/validators/intake-steps";
import { useQuery } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import Link from "next/link";

import { CrisisLineButtons } from "~/components/crisis-panel";
import { useNow } from "~/lib/use-now";
import { useTRPC } from "~/trpc/react";

import { type NextStep, type NextStepInput, nextStep } from "./next-step";

const BOOKED_OR_DONE = new Set(["booked", "confirmed", "checked_in", "in_progress", "completed"]);

/** The intake wizard's steps plus its review step, as the wizard counts them. */
const INTAKE_TOTAL = INTAKE_STEPS.length + 1;

/**
 * Everything the next step depends on. The queries are the ones the home cards already make
 * (react-query shares them); the evaluation booking gate is asked only when it decides the step.
 * Returns null while the answer is not known yet.
 */
export function useNextStep(): NextStep | null {
  const trpc = useTRPC();
  const intake = useQuery(trpc.intake.current.queryOptions());
  const mine = useQuery(trpc.booking.mine.queryOptions());
  const decision = useQuery(trpc.decision.mine.queryOptions());
  const prescriptions = useQuery(trpc.prescription.mine.queryOptions());
  const regimenQ = useQuery(trpc.regimen.mine.queryOptions());
  const checkIns = useQuery(trpc.checkIn.mine.queryOptions());
  const regimen = regimenQ.data?.regimen ?? null;
  // The after-session check: the same two queries as the treatment card's.
  const doses = useQuery(trpc.dose.list.queryOptions({ regimenId: regimen?.id ?? "" }, { enabled: regimen?.status === "active" }));
  const taken = doses.data?.sessions.filter((s) => s.status === "taken").sort((a, b) => b.sequence - a.sequence)[0];
  const takenSession = useQuery(trpc.dose.session.queryOptions({ sessionId: taken?.id ?? "" }, { enabled: !!taken }));
  // Ticks so a visit turns into "Join video visit" as it draws near.
  const now = useNow(30_000);

  const appointments = mine.data ?? [];
  const status = intake.data?.patientStatus ?? null;
  const submitted = intake.data?.lastSubmitted ?? null;
  // Booking may or may not be open after submitting (clinic setting, screening): ask the gate,
  // so the card never sends anyone to a booking page that will refuse them.
  const askGate =
    !!submitted &&
    !submitted.crisisPathway &&
    !intake.data?.draft &&
    (status === "intake_submitted" || status === "intake_reviewed") &&
    !appointments.some((a) => a.kind === "evaluation" && BOOKED_OR_DONE.has(a.status));
  const gate = useQuery(trpc.booking.slots.queryOptions({ kind: "evaluation", days: 1 }, { enabled: askGate }));

  const waiting = [intake, mine, decision, prescriptions, regimenQ, checkIns].some((q) => q.isPending);
  if (waiting || (regimen?.status === "active" && doses.isPending) || (taken && takenSession.isPending) || (askGate && gate.isPending)) return null;

  const draft = intake.data?.draft ?? null;
  const input: NextStepInput = {
    now,
    patientStatus: status,
    intake: intake.data
      ? {
          totalSteps: INTAKE_TOTAL,
          draft: draft
            ? {
                completedSteps: draft.completedSteps,
                firstOpenStep: (INTAKE_STEPS.findIndex((s) => !draft.completedSteps.includes(s)) + 1 || INTAKE_TOTAL),
              }
            : null,
          lastSubmitted: submitted ? { crisisPathway: submitted.crisisPathway } : null,
        }
      : null,
    appointments: appointments.map((a) => ({ ...a, startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt) })),
    // A gate that could not be asked: the booking page explains itself.
    evaluationBlocked: askGate ? (gate.isError ? null : (gate.data?.blocked ?? null)) : undefined,
    decision: decision.data?.summary ?? null,
    prescriptions: prescriptions.data?.items ?? [],
    regimen,
    postcheck: taken && takenSession.data && !takenSession.data.postcheck.submittedAt ? { sessionId: taken.id, dueAt: takenSession.data.postcheck.dueAt } : null,
    checkInsDue: checkIns.data?.due ?? [],
  };
  return nextStep(input);
}

const TONE: Record<NextStep["tone"], string> = {
  brand: "border-brand-200 bg-brand-50/50",
  attention: "border-amber-300 bg-amber-50/60",
  urgent: "border-red-300 bg-red-50/60",
};

/** The one thing to do now, first on the home page (issue 15). */
export function NextStepCard({ step }: { step: NextStep | null }) {
  if (!step) {
    return (
      <div className="rounded-card border border-line bg-white p-5" aria-busy="true">
        <span role="status" className="sr-only">
          Loading your next step
        </span>
        <Skeleton className="h-4 w-24" />
        <Skeleton className="mt-3 h-6 w-56" />
        <Skeleton className="mt-4 h-11 w-40" />
      </div>
    );
  }
  const action = step.action;
  return (
    <Card aria-labelledby="next-step-heading" className={cn(TONE[step.tone])}>
      <CardContent className="flex flex-col gap-3 py-5">
        <p className="text-sm font-semibold tracking-wide text-slate-700 uppercase">Your next step</p>
        <h2 id="next-step-heading" className="text-xl font-semibold text-balance text-slate-900">
          {step.title}
        </h2>
        <p className="text-base text-slate-800">{step.detail}</p>
        {action ? (
          <Button asChild size="lg" className="self-stretch sm:self-start">
            {action.href.startsWith("#") ? (
              <a href={action.href}>
                {action.label}
                <ArrowRight aria-hidden="true" />
              </a>
            ) : (
              <Link href={action.href}>
                {action.label}
                <ArrowRight aria-hidden="true" />
              </Link>
            )}
          </Button>
        ) : null}
        {step.crisisLines ? (
          <CrisisLineButtons />
        ) : null}
      </CardContent>
    </Card>
  );
}
