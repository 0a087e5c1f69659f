"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { useQuery } from "@tanstack/react-query";
import { CalendarCheck, ChevronRight, Pill, UsersRound } from "lucide-react";
import Link from "next/link";

import { formatCalendarDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

import { PageTitle } from "../back-link";
import { LoadError, Loading } from "../load-states";
import { ReceiptCard } from "./receipt-card";
import { ReportLost } from "./report-lost";
import { RequestRenewal } from "./request-renewal";
import { SafetyInstructions } from "./safety-instructions";
import { SessionList } from "./session-list";
import { sessionDay, unitsText, whenText } from "./words";

type Mine = PatientOutputs["regimen"]["mine"];
export type Regimen = NonNullable<Mine["regimen"]>;

const STATUS_BADGE: Record<Regimen["status"], { label: string; variant: "success" | "warning" | "info" | "neutral" | "danger" }> = {
  planned: { label: "Waiting for your medicine", variant: "info" },
  active: { label: "Active", variant: "success" },
  paused: { label: "Paused", variant: "warning" },
  completed: { label: "Completed", variant: "neutral" },
  stopped: { label: "Stopped", variant: "neutral" },
};

/**
 * "My treatment" (issue 13 §1): the regimen in plain words (the medicine, each session's dose,
 * sessions taken of those prescribed, medicine on hand, the next session and follow-up), the safety
 * instructions with the clinic's fasting rule, and the patient's actions: confirm the medicine
 * arrived, report it lost or stolen, ask for a renewal.
 */
export function RegimenView() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.regimen.mine.queryOptions());

  let body: React.ReactNode;
  if (mine.isPending) body = <Loading label="Loading your treatment" rows={3} />;
  else if (mine.isError) body = <LoadError title="We couldn't load your treatment" error={mine.error} retry={() => void mine.refetch()} retrying={mine.isFetching} />;
  else if (!mine.data.regimen) {
    body = (
      <EmptyState
        icon={Pill}
        title="No at-home treatment yet"
        description="When your prescriber sends a prescription for at-home sessions, your sessions, safety steps and medicine show here."
        action={
          <Button asChild variant="secondary" className="h-11">
            <Link href="/prescription">See your prescription</Link>
          </Button>
        }
      />
    );
  } else body = <RegimenBody regimen={mine.data.regimen} supportPerson={mine.data.supportPerson} />;

  return (
    <div className="flex flex-col gap-6">
      <PageTitle title="My treatment" />
      {body}
    </div>
  );
}

function RegimenBody({ regimen, supportPerson }: { regimen: Regimen; supportPerson: Mine["supportPerson"] }) {
  const badge = STATUS_BADGE[regimen.status];
  const left = Math.max(0, regimen.sessionsPrescribed - regimen.sessionsTaken);
  const ended = regimen.status === "completed" || regimen.status === "stopped";
  return (
    <div className="flex flex-col gap-6">
      {regimen.status === "paused" ? (
        <Alert variant="warning" title="Your care team paused your treatment">
          <p>{regimen.pausedReasonText ?? "They will contact you to talk about what happens next."}</p>
          <p className="mt-1 font-medium">Do not take any sessions until they tell you it is safe to start again. They will contact you.</p>
        </Alert>
      ) : null}
      {regimen.status === "planned" ? <ReceiptCard regimen={regimen} /> : null}

      <Card aria-labelledby="regimen-heading">
        <CardHeader className="gap-2">
          <p>
            <Badge variant={badge.variant} className="text-sm">
              {badge.label}
            </Badge>
          </p>
          <CardTitle id="regimen-heading" className="text-lg">
            {regimen.productLabel}
          </CardTitle>
          <p className="text-base text-slate-700">{regimen.statusText}</p>
        </CardHeader>
        <CardContent className="py-1">
          <dl className="divide-y divide-slate-100">
            <Row label="Each session">
              {unitsText(regimen.unitsPerSession, regimen.unitLabel)} ({regimen.doseMgPerSession} mg)
            </Row>
            <Row label="Sessions">
              {regimen.sessionsTaken} of {regimen.sessionsPrescribed} taken
              {!ended ? <span className="block text-slate-700">{left === 1 ? "1 session left" : `${left} sessions left`}</span> : null}
            </Row>
            <Row label="Medicine on hand">{unitsText(regimen.unitsOnHand, regimen.unitLabel)}</Row>
            <Row label="Time between sessions">At least {regimen.daysBetweenSessions === 1 ? "1 day" : `${regimen.daysBetweenSessions} days`}</Row>
            {regimen.nextFollowUpDate ? <Row label="Next follow-up visit">{formatCalendarDate(regimen.nextFollowUpDate)}</Row> : null}
          </dl>
        </CardContent>
      </Card>

      {regimen.status === "active" ? <NextSessionCard regimen={regimen} /> : null}

      <SafetyInstructions instructions={regimen.safety.instructions} />

      <SupportSummary supportPerson={supportPerson} />

      <SessionList regimenId={regimen.id} />

      {regimen.status === "active" || regimen.status === "paused" ? (
        <section aria-labelledby="medicine-actions-heading" className="flex flex-col gap-3">
          <h2 id="medicine-actions-heading" className="text-xl font-semibold text-slate-900">
            Your medicine
          </h2>
          <RequestRenewal regimen={regimen} />
          <ReportLost regimen={regimen} />
        </section>
      ) : null}
    </div>
  );
}

function NextSessionCard({ regimen }: { regimen: Regimen }) {
  const next = regimen.nextSession;
  if (!next) {
    return (
      <Card>
        <CardContent className="py-5 text-base text-slate-800">No more sessions are scheduled on this prescription. Your prescriber will talk with you at your follow-up.</CardContent>
      </Card>
    );
  }
  const passed = next.status === "precheck_passed";
  return (
    <Card aria-labelledby="next-session-heading" className="border-brand-200">
      <CardContent className="flex flex-col gap-3 py-5">
        <h2 id="next-session-heading" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <CalendarCheck aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
          {next.canStartNow ? (passed ? "Your safety check passed" : "Today's session") : `Next session ${whenText(next.scheduledDate)}`}
        </h2>
        <p className="text-base text-slate-700">
          {next.canStartNow
            ? passed
              ? "You may take your dose now. Log it when you have taken it."
              : "Start with the safety check: a few questions, your blood pressure, and the code from your support person."
            : `Planned for ${sessionDay(next.scheduledDate)}. You can start it from that day, with your support person.`}
        </p>
        {next.canStartNow ? (
          <Button asChild size="lg" className="self-stretch sm:self-start">
            <Link href={`/session/${next.id}`}>{passed ? "Log your dose" : "Start the safety check"}</Link>
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}

function SupportSummary({ supportPerson }: { supportPerson: Mine["supportPerson"] }) {
  return (
    <Card aria-labelledby="regimen-support-heading">
      <CardContent className="flex flex-col gap-2 py-5">
        <h2 id="regimen-support-heading" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <UsersRound aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
          Support person
        </h2>
        <p className="text-base text-slate-800">
          {!supportPerson
            ? "You have not invited a support person yet. You need one with you for every session."
            : supportPerson.status === "active"
              ? `${supportPerson.name} (${supportPerson.relationship}) has agreed to be with you for your sessions.`
              : `${supportPerson.name} has been invited and has not agreed yet. You cannot start a session until they do.`}
        </p>
        <Link href="/support" className="inline-flex min-h-11 items-center gap-1 self-start text-base font-medium text-brand-700 underline underline-offset-4">
          {supportPerson ? "Manage your support person" : "Invite your support person"}
          <ChevronRight aria-hidden="true" className="size-4" />
        </Link>
      </CardContent>
    </Card>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 py-3 sm:grid sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="text-base break-words text-slate-900">{children}</dd>
    </div>
  );
}
