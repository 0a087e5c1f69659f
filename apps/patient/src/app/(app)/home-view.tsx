"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Skeleton } from "@clearwell/ui/skeleton";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

import { CareTeamCard } from "./care-team-card";
import { CheckInCard } from "./check-in-card";
import { DecisionCard } from "./decision-card";
import { NextStepCard, useNextStep } from "./next-step-card";
import { PrescriptionCard } from "./prescription-card";
import { SafetyCard } from "./safety-card";
import { TreatmentCard } from "./treatment-card";

function LoadingHome() {
  return (
    <div aria-busy="true" className="flex flex-col gap-6">
      <span role="status" className="sr-only">
        Loading your home page
      </span>
      <Skeleton className="h-9 w-48" />
      {[0, 1].map((i) => (
        <div key={i} className="rounded-card border border-line bg-white p-5">
          <Skeleton className="h-6 w-36" />
          <div className="mt-5 flex flex-col gap-4">
            <Skeleton className="h-4 w-3/4" />
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-4 w-2/3" />
          </div>
        </div>
      ))}
    </div>
  );
}

/**
 * The patient's home (issue 15): a greeting, the one next step, then what is going on (treatment,
 * check-in, decision, prescription), the care team, and crisis lines that never wait on data.
 * The card of the next step's own action is not repeated below it.
 */
export function HomeView({ saved }: { saved: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const profile = useQuery(trpc.profile.get.queryOptions());
  const step = useNextStep();
  const savedRef = useRef<HTMLDivElement>(null);

  // After saving the profile we land here; move focus so the confirmation is announced.
  useEffect(() => {
    if (saved && profile.isSuccess) savedRef.current?.focus();
  }, [saved, profile.isSuccess]);

  let body: React.ReactNode;
  if (profile.isPending) body = <LoadingHome />;
  else if (profile.isError) {
    const code = trpcCode(profile.error);
    const permanent = code === "FORBIDDEN" || code === "NOT_FOUND";
    body = (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome</h1>
        <Alert
          variant="error"
          title="We couldn't load your profile"
          action={
            permanent ? null : (
              <Button variant="secondary" loading={profile.isFetching} onClick={() => void profile.refetch()} className="h-11">
                Retry
              </Button>
            )
          }
        >
          {permanent ? profile.error.message : "Check your connection and try again."}
        </Alert>
      </div>
    );
  } else {
    const { patient, careTeam, clinic } = profile.data;
    body = (
      <div className="flex flex-col gap-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Hi, {patient.preferredName || patient.givenName}</h1>
        {saved ? (
          <div ref={savedRef} tabIndex={-1} className="outline-none">
            <Alert
              variant="success"
              action={
                <Button variant="ghost" size="sm" className="h-11" onClick={() => router.replace("/", { scroll: false })}>
                  Dismiss
                </Button>
              }
            >
              Your profile was saved.
            </Alert>
          </div>
        ) : null}
        <NextStepCard step={step} />
        <TreatmentCard nextStep={step?.kind ?? null} />
        {step?.kind === "check-in-due" ? null : <CheckInCard />}
        <DecisionCard />
        <PrescriptionCard />
        <CareTeamCard careTeam={careTeam} clinic={clinic} />
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      {body}
      <SafetyCard />
    </div>
  );
}
