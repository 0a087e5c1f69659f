"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { useTRPC } from "~/trpc/react";

import { PageTitle } from "../../back-link";
import { LoadError, Loading } from "../../load-states";
import { sessionDay, unitsText, whenText } from "../../regimen/words";
import { AfterDose, type PostcheckResult, SessionDone } from "./after-dose";
import { type DoseLogResult, DoseLogForm } from "./dose-log-form";
import { GateWizard, type PrecheckResult } from "./gate-wizard";
import { FailedScreen, PassedScreen } from "./outcome-screens";
import { Recheck } from "./recheck";
import { UrgentScreen } from "./urgent-screen";

type Session = PatientOutputs["dose"]["session"];

/** Reasons whose alert reaches the care team (A3 blood pressure, A6 interval or supply). */
const ALERTING = new Set(["bp_high", "bp_urgent", "too_soon", "sessions_exhausted"]);

/**
 * One home session (issue 13 §2-3): the pre-dose safety gate as a short stepper, the blood
 * pressure recheck after rest, "you may take your dose", the dose log, and the after-session
 * check. The session's status on the server decides where a reload lands; emergencies take the
 * whole screen at once.
 */
export function SessionFlow({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useQuery(trpc.dose.session.queryOptions({ sessionId }));
  const regimen = useQuery(trpc.regimen.mine.queryOptions());
  const [gate, setGate] = useState<PrecheckResult | null>(null);
  const [logging, setLogging] = useState(false);
  const [logged, setLogged] = useState<DoseLogResult | null>(null);
  const [post, setPost] = useState<PostcheckResult | null>(null);
  const [urgent, setUrgent] = useState<null | "bp" | "symptom">(null);
  const [careTeamTold, setCareTeamTold] = useState(false);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.dose.session.queryKey({ sessionId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.regimen.mine.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.dose.pathKey() });
  };

  const onGate = (r: PrecheckResult) => {
    setGate(r);
    if (r.outcome === "failed" && r.urgentCare) {
      setCareTeamTold(r.alertRaised);
      setUrgent("bp");
    }
    window.scrollTo({ top: 0 });
    refresh();
  };
  const onLogged = (r: DoseLogResult) => {
    setLogged(r);
    setLogging(false);
    if (r.emergency) {
      setCareTeamTold(r.alertRaised);
      setUrgent("symptom");
    }
    window.scrollTo({ top: 0 });
    refresh();
  };
  const onPostcheck = (r: PostcheckResult) => {
    setPost(r);
    if (r.emergency) {
      setCareTeamTold(r.alertRaised);
      setUrgent("symptom");
    }
    window.scrollTo({ top: 0 });
    refresh();
  };

  let title = "Your session";
  let body: React.ReactNode;
  if (session.isPending) body = <Loading label="Loading your session" rows={1} />;
  else if (session.isError) body = <LoadError title="We couldn't load this session" error={session.error} retry={() => void session.refetch()} retrying={session.isFetching} />;
  else {
    const s = session.data;
    title = `Session ${s.sequence} · ${sessionDay(s.scheduledDate)}`;
    const nextDate = regimen.data?.regimen?.nextSession && regimen.data.regimen.nextSession.id !== s.id ? regimen.data.regimen.nextSession.scheduledDate : null;
    body = (
      <Screen
        s={s}
        gate={gate}
        logging={logging}
        logged={logged}
        post={post}
        nextDate={nextDate}
        onGate={onGate}
        onStartLog={() => {
          setLogging(true);
          window.scrollTo({ top: 0 });
        }}
        onCancelLog={() => setLogging(false)}
        onLogged={onLogged}
        onPostcheck={onPostcheck}
      />
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <PageTitle back={{ href: "/regimen", label: "My treatment" }} title={title} />
      {body}
      <UrgentScreen
        open={urgent === "bp"}
        onClose={() => setUrgent(null)}
        title="Seek urgent care now"
        lead="Your blood pressure is very high. Do not take your medicine."
        careTeamTold={careTeamTold}
        closeLabel="Close"
      >
        <p className="text-lg text-slate-900">
          <strong>Call 911 if you have chest pain, a severe headache, confusion or trouble breathing.</strong> Otherwise, go to urgent care or an emergency department now. Do not drive yourself.
        </p>
      </UrgentScreen>
      <UrgentScreen
        open={urgent === "symptom"}
        onClose={() => setUrgent(null)}
        title="Call 911 now"
        lead="You reported a symptom that needs emergency care."
        careTeamTold={careTeamTold}
      >
        <p className="text-lg text-slate-900">Your support person stays with you. If you are drowsy or being sick, lie on your side. Do not drive.</p>
      </UrgentScreen>
    </div>
  );
}

function Screen({
  s,
  gate,
  logging,
  logged,
  post,
  nextDate,
  onGate,
  onStartLog,
  onCancelLog,
  onLogged,
  onPostcheck,
}: {
  s: Session;
  gate: PrecheckResult | null;
  logging: boolean;
  logged: DoseLogResult | null;
  post: PostcheckResult | null;
  nextDate: string | null;
  onGate: (r: PrecheckResult) => void;
  onStartLog: () => void;
  onCancelLog: () => void;
  onLogged: (r: DoseLogResult) => void;
  onPostcheck: (r: PostcheckResult) => void;
}) {
  // What just happened on this screen first (the server's words), then where the session stands.
  if (post || s.status === "postcheck_submitted") return <SessionDone message={post?.message ?? null} crisis={post?.crisis ?? false} />;
  if (logged || s.status === "taken") return <AfterDose session={s} message={logged?.message ?? null} emergency={logged?.emergency ?? false} onPostcheck={onPostcheck} />;
  if (gate?.outcome === "failed") {
    return <FailedScreen reasons={gate.reasons} crisis={gate.crisis} careTeamTold={gate.alertRaised} nextSessionDate={gate.nextSession?.scheduledDate ?? nextDate} />;
  }
  if (s.status === "precheck_passed" || gate?.outcome === "passed") {
    if (logging) return <DoseLogForm session={s} onLogged={onLogged} onCancel={onCancelLog} />;
    // Paused after the check passed (e.g. a check-in's crisis answer): no dose now, but a dose
    // already taken is still logged so the care team knows.
    if (s.regimen.status !== "active") {
      return (
        <div className="flex flex-col gap-4">
          <Alert variant="warning" title="Your care team paused your treatment">
            Do not take your medicine now. They will contact you. If you already took it, log it so they know.
          </Alert>
          <Button variant="secondary" size="lg" onClick={onStartLog} className="h-auto min-h-12 self-stretch py-2.5 whitespace-normal sm:self-start">
            I already took it: log my dose
          </Button>
        </div>
      );
    }
    return <PassedScreen session={s} advice={gate?.outcome === "passed" ? gate.advice : []} onLog={onStartLog} />;
  }
  if (s.status === "precheck_failed") {
    const reasons = s.precheck.failedReasons;
    return <FailedScreen reasons={reasons} crisis={reasons.some((r) => r.code === "in_crisis")} careTeamTold={reasons.some((r) => ALERTING.has(r.code))} nextSessionDate={nextDate} />;
  }
  if (s.status === "missed") {
    return (
      <Alert variant="info" title="This session was missed">
        <p>It was not logged on its day, so it has closed. {nextDate ? `Your next session is ${whenText(nextDate)}.` : "Your care team will tell you what happens next."}</p>
        <p className="mt-2">
          <Link href="/regimen" className="font-medium underline underline-offset-4">
            Back to My treatment
          </Link>
        </p>
      </Alert>
    );
  }
  // Scheduled.
  if (s.regimen.status !== "active") {
    return (
      <Alert variant="warning" title={s.regimen.status === "paused" ? "Your treatment is paused" : "Your sessions are not active"}>
        Do not take your medicine. {s.regimen.status === "paused" ? "Your care team paused your treatment and will contact you." : "See My treatment for what happens next."}{" "}
        <Link href="/regimen" className="font-medium underline underline-offset-4">
          My treatment
        </Link>
      </Alert>
    );
  }
  if (gate?.outcome === "needs_recheck") return <Recheck sessionId={s.id} restUntil={gate.restUntil} message={gate.message} onResult={onGate} />;
  if (s.precheck.recheckAfter) {
    return (
      <Recheck
        sessionId={s.id}
        restUntil={s.precheck.recheckAfter}
        message="Your first blood pressure reading was above your clinic's limit. Sit quietly, then measure it again."
        onResult={onGate}
      />
    );
  }
  if (!s.canStartNow) {
    const from = s.earliestDate > s.scheduledDate ? s.earliestDate : s.scheduledDate;
    return (
      <div className="flex flex-col gap-4">
        <Alert variant="info" title={`This session is ${whenText(s.scheduledDate)}`}>
          You can start its safety check {whenText(from) === "today" ? "today" : `from ${sessionDay(from)}`}, with your support person. Your dose then is{" "}
          {unitsText(s.regimen.unitsPerSession, s.regimen.unitLabel)}.
        </Alert>
        <Button asChild variant="secondary" size="lg" className="self-stretch sm:self-start">
          <Link href="/regimen">Back to My treatment</Link>
        </Button>
      </div>
    );
  }
  return <GateWizard session={s} onResult={onGate} />;
}
