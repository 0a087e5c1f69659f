"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Checkbox } from "@clearwell/ui/checkbox";
import { Skeleton } from "@clearwell/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Phone, ShieldCheck } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { useNow } from "~/lib/use-now";
import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";
import { refusalMessage } from "~/app/(app)/refusal";

type ByToken = PatientOutputs["supportPerson"]["byToken"];
type Code = PatientOutputs["supportPerson"]["confirmPresence"];

const timeFmt = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit" });
const dayFmt = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" });

/** "2026-05-04" -> "Monday, May 4" (a calendar date, no zone shift). */
function calendarDay(iso: string) {
  const [y, m, d] = iso.split("-").map(Number);
  return y && m && d ? dayFmt.format(new Date(Date.UTC(y, m - 1, d))) : iso;
}

/**
 * The support person's page from their e-mailed link (issue 13 item 4): first the briefing and
 * their agreement, then on each session day "are you with them now?" and a one-time 6-digit
 * code to read to the patient, who types it into their safety check.
 */
export function SupportPersonView({ token }: { token: string }) {
  const trpc = useTRPC();
  const info = useQuery(trpc.supportPerson.byToken.queryOptions({ token }, { retry: false, refetchOnWindowFocus: true }));

  if (info.isPending) {
    return (
      <AuthCard title="Support person">
        <div aria-busy="true" className="flex flex-col gap-3">
          <span role="status" className="sr-only">
            Loading
          </span>
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-24 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      </AuthCard>
    );
  }
  if (info.isError) {
    const code = trpcCode(info.error);
    const dead = code === "NOT_FOUND" || code === "BAD_REQUEST" || code === "FORBIDDEN" || code === "CONFLICT";
    return (
      <AuthCard title={dead ? "This link isn't working" : "Something went wrong"}>
        <Alert
          variant={dead ? "warning" : "error"}
          action={
            dead ? null : (
              <Button variant="secondary" className="h-11" loading={info.isFetching} onClick={() => void info.refetch()}>
                Try again
              </Button>
            )
          }
        >
          {dead
            ? "The link may have expired, been replaced by a newer one, or been turned off. Ask the person you support to send you a new link from their Clearwell app."
            : "We couldn't load this page. Check your connection and try again."}
        </Alert>
      </AuthCard>
    );
  }

  const data = info.data;
  if (data.status === "invited") return <Consent token={token} data={data} />;
  return <SessionDay token={token} data={data} />;
}

function Briefing({ data }: { data: ByToken }) {
  return (
    <div className="flex flex-col gap-5">
      {data.briefing.sections.map((s, i) => {
        // The "call 911" section stands out: it is the one to remember.
        const urgent = s.heading.includes("911");
        return (
          <section key={s.heading} aria-labelledby={`briefing-${i}`} className={urgent ? "flex flex-col gap-2 rounded-lg border-2 border-red-200 bg-red-50 p-4" : "flex flex-col gap-2"}>
            <h2 id={`briefing-${i}`} className={urgent ? "text-lg font-semibold text-red-900" : "text-lg font-semibold text-slate-900"}>
              {s.heading}
            </h2>
            <ul className="flex list-disc flex-col gap-1.5 pl-5 text-base text-slate-800">
              {s.points.map((point) => (
                <li key={point}>{point}</li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function Consent({ token, data }: { token: string; data: ByToken }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const consent = useMutation(trpc.supportPerson.consent.mutationOptions());
  const [agreed, setAgreed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const checkboxRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (consent.isPending) return;
    if (!agreed) {
      setError("Tick the box to say you have read this and agree.");
      checkboxRef.current?.focus();
      return;
    }
    setError(null);
    try {
      await consent.mutateAsync({ token, acknowledged: true, briefingVersion: data.briefing.version });
      await queryClient.invalidateQueries({ queryKey: trpc.supportPerson.byToken.queryKey({ token }) });
    } catch (err) {
      setError(refusalMessage(err, "We couldn't record your agreement. Please try again."));
    }
  }

  return (
    <AuthCard
      title={data.briefing.title}
      description={`${data.patientFirstName} asked you to be their support person for at-home ketamine sessions prescribed by their clinic. Please read this short briefing.`}
    >
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-6">
        <Briefing data={data} />
        <div className="flex flex-col gap-2 rounded-lg bg-slate-50 p-4">
          <Checkbox
            ref={checkboxRef}
            checked={agreed}
            onChange={(e) => setAgreed(e.target.checked)}
            label={`I have read this and agree to be ${data.patientFirstName}'s support person.`}
            aria-invalid={error && !agreed ? true : undefined}
            aria-describedby={error ? "consent-error" : undefined}
            className="[&_input]:size-5 [&_label]:text-base"
          />
          {error ? (
            <p id="consent-error" role="alert" className="text-sm font-medium text-red-700">
              {error}
            </p>
          ) : null}
        </div>
        <Button type="submit" size="lg" loading={consent.isPending} className="w-full">
          I agree
        </Button>
      </form>
    </AuthCard>
  );
}

function SessionDay({ token, data }: { token: string; data: ByToken }) {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.supportPerson.confirmPresence.mutationOptions());
  const [code, setCode] = useState<Code | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = data.patientFirstName;

  async function getCode(sessionId: string) {
    setError(null);
    try {
      setCode(await confirm.mutateAsync({ token, sessionId }));
    } catch (err) {
      setError(refusalMessage(err, "We couldn't make a code. Please try again."));
    }
  }

  let main: React.ReactNode;
  if (!data.todaySession) {
    main = (
      <div className="flex flex-col gap-3">
        <p className="flex items-center gap-2 text-base font-medium text-emerald-800">
          <CheckCircle2 aria-hidden="true" className="size-5 shrink-0" />
          You are {name}&apos;s support person.
        </p>
        <p className="text-base text-slate-800">
          There is no session for {name} today. On a session day, open this link again when you are with {name}: it will give you a code to read to them.
        </p>
      </div>
    );
  } else if (data.todaySession.presenceConfirmed && !code) {
    main = (
      <div className="flex flex-col gap-3">
        <p className="flex items-center gap-2 text-base font-medium text-emerald-800">
          <CheckCircle2 aria-hidden="true" className="size-5 shrink-0" />
          {name} entered your code: you are confirmed for today&apos;s session.
        </p>
        <p className="text-base text-slate-800">Stay with {name} during the session and until the next day, after they have slept. Do not let them drive.</p>
      </div>
    );
  } else if (code) {
    main = <CodeCard code={code} name={name} onNew={() => void getCode(data.todaySession!.id)} pending={confirm.isPending} />;
  } else {
    main = (
      <div className="flex flex-col gap-4">
        <p className="text-base text-slate-800">Today ({calendarDay(data.todaySession.scheduledDate)}) is a session day.</p>
        <p className="text-xl font-semibold text-slate-900">Are you with {name} now for today&apos;s session?</p>
        <p className="text-base text-slate-700">Only say yes if you are in the same place as {name} and can stay until the next day, after they have slept.</p>
        {error ? <Alert variant="error">{error}</Alert> : null}
        <Button size="lg" className="h-auto min-h-14 w-full py-3 text-lg whitespace-normal" loading={confirm.isPending} onClick={() => void getCode(data.todaySession!.id)}>
          I&apos;m with {name} now
        </Button>
        <p className="text-sm text-slate-600">Not with them yet? Open this link again when you are.</p>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <AuthCard title={`Supporting ${name}`}>{main}</AuthCard>
      <details className="rounded-card border border-line bg-white">
        <summary className="flex min-h-12 cursor-pointer items-center gap-2 px-5 text-base font-medium text-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600">
          <ShieldCheck aria-hidden="true" className="size-5" />
          Read the briefing again
        </summary>
        <div className="px-5 pb-5">
          <Briefing data={data} />
        </div>
      </details>
      <a href="tel:911" className="inline-flex min-h-12 items-center justify-center gap-2 rounded-lg border-2 border-red-700 bg-white px-5 text-base font-semibold text-red-800">
        <Phone aria-hidden="true" className="size-5" />
        Emergency? Call 911
      </a>
    </div>
  );
}

function CodeCard({ code, name, onNew, pending }: { code: Code; name: string; onNew: () => void; pending: boolean }) {
  const now = useNow(5_000);
  const left = code.expiresAt.getTime() - now;
  const expired = left <= 0;
  const minutes = Math.max(1, Math.ceil(left / 60_000));
  const codeRef = useRef<HTMLDivElement>(null);
  useEffect(() => codeRef.current?.focus(), [code]);
  const digits = code.code.split("");

  if (expired) {
    return (
      <div className="flex flex-col gap-4">
        <Alert variant="warning" title="This code has expired">
          Codes work for 15 minutes. If {name} has not entered it yet, get a new one.
        </Alert>
        <Button size="lg" className="w-full" loading={pending} onClick={onNew}>
          Get a new code
        </Button>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <p className="text-base text-slate-800">Read this code to {name}. They type it into their safety check.</p>
      <div
        ref={codeRef}
        tabIndex={-1}
        aria-label={`Code: ${digits.join(" ")}`}
        role="group"
        className="rounded-xl bg-brand-50 px-2 py-6 text-center font-mono text-5xl font-bold tracking-[0.2em] text-brand-900 tabular-nums outline-none ring-brand-600 focus-visible:ring-2 sm:text-6xl"
        data-testid="support-code"
      >
        {digits.slice(0, 3).join("")}
        <span className="inline-block w-3" aria-hidden="true" />
        {digits.slice(3).join("")}
      </div>
      <p className="text-base text-slate-800" aria-live="polite">
        It works once, until {timeFmt.format(code.expiresAt)} (about {minutes} minute{minutes === 1 ? "" : "s"} left).
      </p>
      <p className="text-sm text-slate-600">Stay with {name} during the session and until the next day, after they have slept. Do not let them drive.</p>
    </div>
  );
}
