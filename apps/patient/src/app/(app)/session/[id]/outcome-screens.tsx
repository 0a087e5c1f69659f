"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { CheckCircle2, CircleX } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";

import { CrisisPanel } from "~/components/crisis-panel";

import { SafetyInstructions } from "../../regimen/safety-instructions";
import { sessionDay, unitsText } from "../../regimen/words";

type Session = PatientOutputs["dose"]["session"];

function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** Only a passed gate unlocks the session (DOMAIN.md §2): the dose, the safety steps, then "log it". */
export function PassedScreen({ session, advice, onLog }: { session: Session; advice: readonly string[]; onLog: () => void }) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const r = session.regimen;
  return (
    <div className="flex flex-col gap-6" data-testid="gate-passed">
      <div className="flex flex-col gap-3 rounded-card border-2 border-emerald-300 bg-emerald-50 p-5">
        <h2 ref={headingRef} tabIndex={-1} className="flex items-center gap-2 text-2xl font-semibold text-emerald-900 outline-none">
          <CheckCircle2 aria-hidden="true" className="size-7 shrink-0" />
          You may take your dose now
        </h2>
        <p className="text-lg text-slate-900">
          Take <strong>{unitsText(r.unitsPerSession, r.unitLabel)}</strong> ({r.doseMgPerSession} mg) of {r.productLabel}, as your prescription says.
        </p>
        {session.supportPerson ? <p className="text-base text-slate-800">{session.supportPerson.name} stays with you until the next day, after you have slept.</p> : null}
      </div>
      {advice.length ? (
        <ul className="flex flex-col gap-2">
          {advice.map((a) => (
            <li key={a} className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-base text-amber-950">
              {a}
            </li>
          ))}
        </ul>
      ) : null}
      <SafetyInstructions instructions={session.safety.instructions} title="While you take it" />
      <Card>
        <CardContent className="flex flex-col gap-3 py-5">
          <p className="text-base text-slate-800">
            When the main effects have passed (usually an hour or two), log your dose with your support person. If anything worrying happens, call 911 first.
          </p>
          <Button size="lg" onClick={onLog} className="h-auto min-h-12 self-stretch py-2.5 whitespace-normal sm:self-start">
            I have taken it: log my dose
          </Button>
        </CardContent>
      </Card>
    </div>
  );
}

/**
 * A failed gate (DOMAIN.md §2 precheck_failed): each reason in plain words with what to do, and
 * the next session's day. Crisis resources first when the patient said they are in crisis.
 */
export function FailedScreen({
  reasons,
  crisis,
  careTeamTold,
  nextSessionDate,
}: {
  reasons: readonly { code: string; message: string }[];
  crisis: boolean;
  careTeamTold: boolean;
  nextSessionDate: string | null;
}) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="flex flex-col gap-5" data-testid="gate-failed">
      {crisis ? <CrisisPanel afterword="Your care team is here for you: call the clinic when you can." /> : null}
      <h2 ref={headingRef} tabIndex={-1} className="flex items-center gap-2 text-2xl font-semibold text-slate-900 outline-none">
        <CircleX aria-hidden="true" className="size-7 shrink-0 text-red-700" />
        Do not take your medicine today
      </h2>
      <ul className="flex flex-col gap-3" aria-label="Why">
        {reasons.map((r) => (
          <li key={r.code} className={r.code === "bp_urgent" ? "rounded-lg border-2 border-red-300 bg-red-50 px-4 py-3 text-base font-medium text-red-950" : "rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-base text-amber-950"}>
            {r.message}
          </li>
        ))}
      </ul>
      {careTeamTold ? <p className="text-base text-slate-800">Your care team has been told and can see your readings.</p> : null}
      <Card>
        <CardContent className="flex flex-col gap-3 py-5">
          <p className="text-base text-slate-900">
            {nextSessionDate ? (
              <>
                Your next session: <strong>{sessionDay(nextSessionDate)}</strong>.
              </>
            ) : (
              "No other session is scheduled right now. Your care team will tell you what happens next."
            )}
          </p>
          <Button asChild size="lg" variant="secondary" className="self-stretch sm:self-start">
            <Link href="/regimen">Back to My treatment</Link>
          </Button>
        </CardContent>
      </Card>
    </div>
  );
}
