"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, ClipboardList } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useWatch } from "react-hook-form";

import { CrisisPanel } from "~/components/crisis-panel";
import { FormAlert, FormQuestionnaire, useSendForm, useStepCheck } from "~/components/form-controls";
import { GAD7_ITEMS, PHQ9_ITEMS } from "~/lib/questionnaires";
import { useTRPC } from "~/trpc/react";

import { PageTitle } from "../../back-link";
import { LoadError, Loading } from "../../load-states";

type Result = PatientOutputs["checkIn"]["submit"];

const STEPS = [
  { id: "phq9", title: "About your mood", instrument: "PHQ-9", items: PHQ9_ITEMS },
  { id: "gad7", title: "About worry and anxiety", instrument: "GAD-7", items: GAD7_ITEMS },
] as const;

const SCORES = [
  { key: "phq9", title: "PHQ-9", about: "mood", max: 27 },
  { key: "gad7", title: "GAD-7", about: "worry and anxiety", max: 21 },
] as const;

const OPEN = new Set(["due", "overdue"]);

/**
 * A scheduled check-in (issue 13 item 5): the PHQ-9, then the GAD-7, verbatim (DOMAIN.md §6),
 * sent together. Item 9 above "Not at all" shows the crisis resources at once, before anything is
 * sent, and again with "your care team has been told" once the server has raised A1.
 */
export function CheckInFlow({ checkInId }: { checkInId: string }) {
  const trpc = useTRPC();
  const mine = useQuery(trpc.checkIn.mine.queryOptions());
  const [result, setResult] = useState<Result | null>(null);

  let body: React.ReactNode;
  if (result) body = <Received result={result} />;
  else if (mine.isPending) body = <Loading label="Loading your check-in" rows={1} />;
  else if (mine.isError) body = <LoadError title="We couldn't load your check-in" error={mine.error} retry={() => void mine.refetch()} retrying={mine.isFetching} />;
  else {
    const item = [...mine.data.due, ...mine.data.history].find((c) => c.id === checkInId);
    if (!item) {
      body = (
        <Alert variant="warning" title="We couldn't find this check-in">
          It may have been replaced by a newer one. <Link href="/check-ins" className="font-medium underline underline-offset-4">See your check-ins</Link>.
        </Alert>
      );
    } else if (!OPEN.has(item.status)) {
      body = (
        <Alert variant="info" title={item.status === "missed" ? "This check-in has closed" : "You already sent this check-in"}>
          {item.status === "missed" ? "Its time has passed. Your next one will show on your home page when it is due." : "Thank you. Your care team can see your answers."}{" "}
          <Link href="/check-ins" className="font-medium underline underline-offset-4">
            See your check-ins
          </Link>
          .
        </Alert>
      );
    } else {
      body = <CheckInForm checkInId={checkInId} onDone={setResult} />;
    }
  }

  return (
    <div className="flex flex-col gap-6">
      {result ? null : <PageTitle back={{ href: "/check-ins", label: "Check-ins" }} title="Your check-in" lead="Two short questionnaires about the last 2 weeks. It takes about 5 minutes." />}
      {body}
    </div>
  );
}

const blank = (n: number) => ({ answers: Array.from({ length: n }, () => undefined), functionalDifficulty: undefined });

function CheckInForm({ checkInId, onDone }: { checkInId: string; onDone: (r: Result) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const submit = useMutation(trpc.checkIn.submit.mutationOptions());
  const [step, setStep] = useState(0);
  const { form, onSubmit: send } = useSendForm({
    // The submission's own questionnaires; zod loads after the page (useZodForm's SchemaSource).
    schema: () => import("@clearwell/validators/regimen").then((m) => m.ZCheckInSubmitInput.pick({ phq9: true, gad7: true })),
    defaultValues: { phq9: blank(9), gad7: blank(7) },
    send: (v, idempotencyKey) => submit.mutateAsync({ checkInId, ...v, idempotencyKey }),
    onSent: (res) => {
      void queryClient.invalidateQueries({ queryKey: trpc.checkIn.mine.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.checkIn.trend.queryKey() });
      window.scrollTo({ top: 0 });
      onDone(res);
    },
    fallback: "We couldn't send your check-in. Please try again.",
    checkMessage: "Please answer every question before you send.",
  });
  const check = useStepCheck(form);
  const item9 = useWatch({ control: form.control, name: "phq9.answers.8" });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  useEffect(() => {
    // Focus the step heading when the step changes (not on first render: the page title is first).
    if (first.current) {
      first.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const current = STEPS[step]!;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    if (step < STEPS.length - 1) {
      e.preventDefault();
      if (!(await check([current.id], "Please answer every question before you go on."))) return;
      setStep(step + 1);
      window.scrollTo({ top: 0 });
      return;
    }
    send(e);
  }

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <p className="text-sm font-medium text-slate-600">
          Part {step + 1} of {STEPS.length}
        </p>
        <div role="progressbar" aria-label="Check-in progress" aria-valuemin={1} aria-valuemax={STEPS.length} aria-valuenow={step + 1} className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
          <div className="h-full rounded-full bg-brand-700 transition-all" style={{ width: `${((step + 1) / STEPS.length) * 100}%` }} />
        </div>
        <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 outline-none">
          {current.title} <span className="font-normal text-slate-600">({current.instrument})</span>
        </h2>
      </div>

      {/* At once, before sending (DOMAIN.md §6): the patient screen never waits on a clinician. */}
      {typeof item9 === "number" && item9 >= 1 ? <CrisisPanel afterword="Please finish and send your check-in: your care team is told as soon as it arrives." /> : null}

      <FormAlert form={form} title="Not sent yet" />

      <Card>
        <CardContent className="py-5">
          <FormQuestionnaire
            key={current.id}
            form={form}
            items={current.items}
            itemsName={`${current.id}.answers`}
            functionalName={`${current.id}.functionalDifficulty`}
            idPrefix={`${current.id}-`}
          />
        </CardContent>
      </Card>

      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-between">
        {step > 0 ? (
          <Button
            variant="secondary"
            size="lg"
            onClick={() => {
              form.clearErrors();
              setStep(step - 1);
            }}
          >
            Back
          </Button>
        ) : (
          <span />
        )}
        <Button type="submit" size="lg" loading={submit.isPending}>
          {step < STEPS.length - 1 ? "Continue" : "Send my check-in"}
        </Button>
      </div>
    </form>
  );
}

function Received({ result }: { result: Result }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="flex flex-col gap-6" data-testid="check-in-received">
      {result.crisis ? (
        <CrisisPanel afterword="Your care team has been told and will contact you. If you are in danger now, call 911." />
      ) : null}
      <div className="flex flex-col gap-2">
        <h1 ref={headingRef} tabIndex={-1} className="flex items-center gap-2 text-2xl font-semibold tracking-tight text-slate-900 outline-none">
          <CheckCircle2 aria-hidden="true" className="size-6 shrink-0 text-emerald-700" />
          Check-in received
        </h1>
        <p className="text-base text-slate-700">{result.message}</p>
      </div>
      <Card>
        <CardContent className="flex flex-col gap-3 py-5">
          <h2 className="text-lg font-semibold text-slate-900">Your scores</h2>
          <ul className="flex flex-col gap-2 text-base text-slate-900">
            {SCORES.map((s) => (
              <li key={s.key}>
                <strong>{s.title}</strong> ({s.about}): {result[s.key].total} out of {s.max}, {result[s.key].bandLabel.toLowerCase()}.
              </li>
            ))}
          </ul>
          <p className="text-sm text-slate-700">Your care team sees these too. They are one part of the picture; talk with them about how you feel.</p>
        </CardContent>
      </Card>
      <div className="flex flex-wrap gap-2">
        <Button asChild size="lg" className="flex-1 sm:flex-none">
          <Link href="/check-ins">
            <ClipboardList aria-hidden="true" />
            See your trend
          </Link>
        </Button>
        <Button asChild variant="secondary" size="lg" className="flex-1 sm:flex-none">
          <Link href="/">Home</Link>
        </Button>
      </div>
    </div>
  );
}
