"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { useZodForm } from "@clearwell/ui/form";
import { useMutation } from "@tanstack/react-query";
import { Smartphone } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { CrisisPanel } from "~/components/crisis-panel";
import { FormAlert, sendAttempt, useStepCheck } from "~/components/form-controls";
import { useAttemptKey } from "~/lib/form-values";
import { useTRPC } from "~/trpc/react";

import { BpFields, BpHowTo, EMPTY_BP } from "./bp-fields";
import { QuestionsStep, blockingReasons } from "./questions-step";
import { StepHeader } from "./stepper";
import { SupportCodeField } from "./support-code-field";

type Session = PatientOutputs["dose"]["session"];
export type PrecheckResult = PatientOutputs["dose"]["precheck"];

const STEPS = [
  { id: "questions", title: "A few questions" },
  { id: "bp", title: "Your blood pressure" },
  { id: "code", title: "Your support person's code" },
] as const;
type StepId = (typeof STEPS)[number]["id"];

/**
 * The pre-dose safety gate's first pass (DOMAIN.md §2 pre-check; issue 13 §2): the questions, the
 * first blood pressure reading, then the support person's one-time code, sent together (the
 * server decides). Answers that already rule the session out are said at once, before the patient
 * measures anything, and the session stays open for later today.
 */
export function GateWizard({ session, onResult }: { session: Session; onResult: (r: PrecheckResult) => void }) {
  const trpc = useTRPC();
  const precheck = useMutation(trpc.dose.precheck.mutationOptions());
  const form = useZodForm({ schema: () => import("./session-schemas").then((m) => m.ZGateForm), defaultValues: { answers: {}, bp: EMPTY_BP, supportCode: "" } });
  const check = useStepCheck(form);
  const [step, setStep] = useState<StepId>("questions");
  const [blocked, setBlocked] = useState<ReturnType<typeof blockingReasons> | null>(null);
  // One key per attempt: a dropped connection retries with it; a refused code gets a new one.
  const key = useAttemptKey();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mounted = useRef(false);
  const index = STEPS.findIndex((s) => s.id === step);
  const support = session.supportPerson;
  const supportReady = support?.status === "active";

  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    headingRef.current?.focus();
  }, [step, blocked]);

  const go = (next: StepId) => {
    form.clearErrors();
    setStep(next);
    window.scrollTo({ top: 0 });
  };

  const send = form.handleSubmit(async ({ answers, bp, supportCode }) => {
    const res = await sendAttempt(
      form,
      key,
      (idempotencyKey) => precheck.mutateAsync({ sessionId: session.id, bp: bp as { systolic: number; diastolic: number }, answers, supportCode, idempotencyKey }),
      // A reading the server refuses is shown on its own step.
      { fallback: "We couldn't check your answers. Please try again.", fields: { "bp.systolic": "bp.systolic", "bp.diastolic": "bp.diastolic" } },
    );
    if (res) return onResult(res);
    const { errors } = form.formState;
    if (errors.bp) setStep("bp");
    else if (errors.supportCode) form.setValue("supportCode", "");
  });

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (precheck.isPending) return;
    if (step === "questions") {
      if (!(await check(["answers"], "Please answer every question."))) return;
      const reasons = blockingReasons(form.getValues("answers"));
      if (reasons.length) {
        setBlocked(reasons);
        window.scrollTo({ top: 0 });
        return;
      }
      go("bp");
      return;
    }
    if (step === "bp") {
      if (await check(["bp"])) go("code");
      return;
    }
    await send(e);
  }

  if (blocked) {
    return (
      <div className="flex flex-col gap-5" data-testid="gate-blocked">
        <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 outline-none">
          Not now: please do not take your medicine
        </h2>
        {blocked.some((r) => r.code === "in_crisis") ? <CrisisPanel afterword="Please reach out now. Your care team is here for you too: call the clinic when you can." /> : null}
        <ul className="flex flex-col gap-3">
          {blocked.map((r) => (
            <li key={r.code} className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-base text-amber-950">
              {r.message}
            </li>
          ))}
        </ul>
        <p className="text-base text-slate-700">Nothing has been recorded yet. If things change today, you can start the check again from here or from My treatment.</p>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Button
            size="lg"
            variant="secondary"
            onClick={() => {
              setBlocked(null);
              go("questions");
            }}
          >
            Change my answers
          </Button>
          <Button asChild size="lg" variant="ghost">
            <Link href="/regimen">Back to My treatment</Link>
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-6">
      <StepHeader index={index} total={STEPS.length} title={STEPS[index]!.title} headingRef={headingRef} label="Safety check progress" />
      <FormAlert form={form} title="Not sent yet" />
      <Card>
        <CardContent className="flex flex-col gap-5 py-5">
          {step === "questions" ? (
            <QuestionsStep form={form} supportName={support?.name ?? null} fastingRule={session.safety.fastingRule} />
          ) : step === "bp" ? (
            <>
              <p className="text-base text-slate-800">Measure your blood pressure now with your home cuff.</p>
              <BpHowTo />
              <BpFields form={form} idPrefix="bp1" />
            </>
          ) : supportReady ? (
            <>
              <div className="flex gap-3 rounded-lg bg-slate-50 p-4">
                <Smartphone aria-hidden="true" className="mt-0.5 size-6 shrink-0 text-brand-700" />
                <div className="flex flex-col gap-1.5 text-base text-slate-800">
                  <p>
                    Ask <strong>{support!.name}</strong> to open their support-person link on their phone (the one we e-mailed them) and tap
                    the big &ldquo;I&apos;m with &hellip; now&rdquo; button.
                  </p>
                  <p>Their phone then shows a 6-digit code. They read it to you; type it here.</p>
                </div>
              </div>
              <SupportCodeField form={form} />
            </>
          ) : (
            <Alert variant="warning" title={support ? `${support.name} has not agreed yet` : "You need a support person first"}>
              {support
                ? `${support.name} needs to open their link and agree before they can confirm they are with you. You can send the link again from the Support person page.`
                : "Invite someone you trust to be with you for your sessions. They confirm they are with you from their own phone."}{" "}
              <Link href="/support" className="font-medium underline underline-offset-4">
                Go to Support person
              </Link>
            </Alert>
          )}
        </CardContent>
      </Card>
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-between">
        {index > 0 ? (
          <Button variant="secondary" size="lg" onClick={() => go(STEPS[index - 1]!.id)}>
            Back
          </Button>
        ) : (
          <span />
        )}
        {step !== "code" || supportReady ? (
          <Button type="submit" size="lg" loading={precheck.isPending} className="h-auto min-h-12 py-2.5 whitespace-normal">
            {step === "code" ? "Check if I can take my dose" : "Continue"}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
