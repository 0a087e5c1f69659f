"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { useQuery } from "@tanstack/react-query";
import { CalendarCheck, CirclePause, Clock, ShieldCheck } from "lucide-react";
import Link from "next/link";

import { useNow } from "~/lib/use-now";
import { useTRPC } from "~/trpc/react";

import type { NextStepKind } from "./next-step";
import { ReceiptCard } from "./regimen/receipt-card";
import { clockText, sessionDay, unitsText } from "./regimen/words";

type Regimen = NonNullable<PatientOutputs["regimen"]["mine"]["regimen"]>;

/**
 * Home cards for the at-home regimen (issue 13): today's session (start the safety check), the
 * next session's day, a pause in plain words, "has your medicine arrived?", and an after-session
 * check waiting. Quiet while loading, on error, and with no regimen. What the next-step card
 * above already asks for (a pause, the after-session check, today's session) is not asked twice.
 */
export function TreatmentCard({ nextStep = null }: { nextStep?: NextStepKind | null }) {
  const trpc = useTRPC();
  const mine = useQuery(trpc.regimen.mine.queryOptions());
  const regimen = mine.data?.regimen;
  if (!regimen) return null;
  if (regimen.status === "planned") return <ReceiptCard regimen={regimen} />;
  if (regimen.status === "paused") return nextStep === "regimen-paused" ? null : <PausedCard regimen={regimen} />;
  if (regimen.status !== "active") return null;
  return (
    <>
      {nextStep === "postcheck-due" ? null : <PostcheckCard regimenId={regimen.id} />}
      <SessionCard regimen={regimen} actionAbove={nextStep === "session-today"} />
    </>
  );
}

function PausedCard({ regimen }: { regimen: Regimen }) {
  return (
    <Card aria-labelledby="home-paused-heading" className="border-amber-300 bg-amber-50/60">
      <CardContent className="flex flex-col gap-3 py-5">
        <h2 id="home-paused-heading" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <CirclePause aria-hidden="true" className="size-5 shrink-0 text-amber-800" />
          Your care team paused your treatment
        </h2>
        <p className="text-base text-slate-900">
          {regimen.pausedReasonText ? `${regimen.pausedReasonText} ` : ""}They will contact you. Do not take any sessions until they say it is safe to start again.
        </p>
        <Link href="/regimen" className="inline-flex min-h-11 items-center self-start text-base font-medium text-brand-700 underline underline-offset-4">
          See your treatment
        </Link>
      </CardContent>
    </Card>
  );
}

function SessionCard({ regimen, actionAbove }: { regimen: Regimen; actionAbove: boolean }) {
  const next = regimen.nextSession;
  const now = !!next?.canStartNow;
  const passed = next?.status === "precheck_passed";
  let title: string;
  let detail: string;
  if (!next) {
    title = "No sessions left on this prescription";
    detail = "Your prescriber will talk with you about what comes next at your follow-up.";
  } else if (now) {
    title = passed ? "Your safety check passed" : "Today's session";
    detail = passed
      ? `You may take your dose (${unitsText(regimen.unitsPerSession, regimen.unitLabel)}), then log it.`
      : `Start with the safety check when your support person is with you. Your dose today: ${unitsText(regimen.unitsPerSession, regimen.unitLabel)}.`;
  } else {
    title = `Next session on ${sessionDay(next.scheduledDate)}`;
    detail = `${regimen.sessionsTaken} of ${regimen.sessionsPrescribed} sessions taken. Plan for your support person to be with you that day.`;
  }
  return (
    <Card aria-labelledby="home-session-heading" className={now ? "border-brand-300 bg-brand-50/60" : undefined}>
      <CardContent className="flex flex-col gap-3 py-5">
        <p className="text-sm font-medium tracking-wide text-brand-800 uppercase">My treatment</p>
        <h2 id="home-session-heading" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          {now ? <ShieldCheck aria-hidden="true" className="size-5 shrink-0 text-brand-700" /> : <CalendarCheck aria-hidden="true" className="size-5 shrink-0 text-brand-700" />}
          {title}
        </h2>
        <p className="text-base text-slate-700">{detail}</p>
        <div className="flex flex-wrap gap-2">
          {now && next && !actionAbove ? (
            <Button asChild size="lg" className="flex-1 sm:flex-none">
              <Link href={`/session/${next.id}`}>{passed ? "Log your dose" : "Start the safety check"}</Link>
            </Button>
          ) : null}
          <Button asChild variant="secondary" size="lg" className="flex-1 sm:flex-none">
            <Link href="/regimen">See your treatment</Link>
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

/** A logged dose whose after-session check is not done: its time, and the link once it is due. */
function PostcheckCard({ regimenId }: { regimenId: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.dose.list.queryOptions({ regimenId }));
  const pending = list.data?.sessions.filter((s) => s.status === "taken").sort((a, b) => b.sequence - a.sequence)[0];
  const one = useQuery(trpc.dose.session.queryOptions({ sessionId: pending?.id ?? "" }, { enabled: !!pending }));
  const now = useNow(60_000);
  if (!pending || !one.data) return null;
  const dueAt = one.data.postcheck.dueAt;
  const due = !dueAt || dueAt.getTime() <= now;
  return (
    <Card aria-labelledby="home-postcheck-heading" className={due ? "border-brand-300 bg-brand-50/60" : undefined}>
      <CardContent className="flex flex-col gap-3 py-5">
        <h2 id="home-postcheck-heading" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <Clock aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
          {due ? "After-session check due" : `After-session check at ${clockText(dueAt!)}`}
        </h2>
        <p className="text-base text-slate-700">A few questions on how you feel since your last dose. It takes a minute.</p>
        {due ? (
          <Button asChild size="lg" className="self-stretch sm:self-start">
            <Link href={`/session/${pending.id}`}>Do your check</Link>
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}
