"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { INTAKE_STEP_SCHEMAS, INTAKE_STEPS, type IntakeStep, type TIntakeSaveStepInput } from "@clearwell/validators/intake";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { CrisisPanel } from "~/components/crisis-panel";
import type { FieldErrors } from "~/lib/form-errors";
import { focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { fieldErrorsOf } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

import { initialAnswers } from "./initial-answers";
import { IntakeSkeleton } from "./intake-skeleton";
import { LastSubmitted } from "./last-submitted";
import { clean, str, stripData } from "./step-data";
import { StepFields } from "./step-fields";
import { ReviewStep } from "./steps/review-step";
import { SubmittedThanks } from "./submitted-thanks";
import { WizardProgress } from "./wizard-progress";
import { STEP_TITLES, firstIncomplete } from "./wizard-steps";
import type { Answers, Current, Draft, StepData, SubmitOutcome } from "./wizard-types";

// Saving the PHQ-9 step already alerted the care team (A1), so the panel says so while the intake goes on.
const WIZARD_CRISIS_AFTERWORD = "Your care team has been told and will contact you. You can finish your intake whenever you are ready.";

// Submitted but not yet cleared for scheduling by a clinician (DOMAIN.md §2 onboarding).
const WAITING_ON_REVIEW = new Set(["intake_submitted", "intake_reviewed"]);

export function IntakeWizard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.intake.current.queryOptions());
  const start = useMutation(trpc.intake.start.mutationOptions());
  const startedRef = useRef(false);
  const [submitted, setSubmitted] = useState<SubmitOutcome | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.intake.current.queryKey() });

  const data = current.data;
  const { mutate: startMutate } = start;
  useEffect(() => {
    if (data && !data.draft && !data.lastSubmitted && !startedRef.current) {
      startedRef.current = true;
      startMutate(undefined, { onSettled: () => void refresh() });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, startMutate]);

  if (submitted) return <SubmittedThanks {...submitted} />;
  if (current.isPending) return <IntakeSkeleton />;
  if (current.isError) {
    return (
      <Alert
        variant="error"
        title="We couldn't load your intake"
        action={
          <Button variant="secondary" className="h-11" loading={current.isFetching} onClick={() => void current.refetch()}>
            Retry
          </Button>
        }
      >
        Check your connection and try again.
      </Alert>
    );
  }
  const c = current.data;
  if (!c.draft) {
    if (c.lastSubmitted) {
      return (
        <LastSubmitted
          submittedAt={c.lastSubmitted.submittedAt}
          startError={start.isError ? start.error.message : null}
          starting={start.isPending}
          waitingOnClinician={c.lastSubmitted.crisisPathway && WAITING_ON_REVIEW.has(c.patientStatus)}
          onCorrect={() => start.mutate(undefined, { onSuccess: () => void refresh() })}
        />
      );
    }
    if (start.isError) {
      return (
        <Alert
          variant="error"
          title="We couldn't start your intake"
          action={
            <Button variant="secondary" className="h-11" onClick={() => start.mutate(undefined, { onSettled: () => void refresh() })}>
              Try again
            </Button>
          }
        >
          {start.error.message}
        </Alert>
      );
    }
    return <IntakeSkeleton />;
  }
  return <Wizard key={c.draft.id} draft={c.draft} current={c} onSubmitted={setSubmitted} />;
}

function Wizard({ draft, current, onSubmitted }: { draft: Draft; current: Current; onSubmitted: (v: SubmitOutcome) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(trpc.intake.saveStep.mutationOptions());
  const submit = useMutation(trpc.intake.submit.mutationOptions());
  const [answers, setAnswers] = useState<Answers>(() => initialAnswers(draft, current));
  const [completed, setCompleted] = useState<string[]>(() => [...(draft.completedSteps ?? [])]);
  const [index, setIndex] = useState(() => firstIncomplete(draft.completedSteps ?? []));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  // Item 9 already answered above "Not at all" in a saved draft: keep the resources in view on resume.
  const [crisis, setCrisis] = useState(() => {
    const items = (draft.answers as Answers | null)?.phq9?.items;
    return Array.isArray(items) && typeof items[8] === "number" && items[8] >= 1;
  });
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
    window.scrollTo({ top: 0 });
  }, [index]);

  const step: IntakeStep | "review" = index >= INTAKE_STEPS.length ? "review" : INTAKE_STEPS[index]!;
  const values: StepData = step === "review" ? {} : (answers[step] ?? {});
  // A function value updates from the latest state, so quick taps never overwrite each other.
  const set = (k: string, v: unknown) => {
    if (step === "review") return;
    setAnswers((a) => {
      const current = (a[step] ?? {}) as StepData;
      const next = typeof v === "function" ? (v as (prev: unknown) => unknown)(current[k]) : v;
      return { ...a, [step]: { ...current, [k]: next } };
    });
  };
  const err = (k: string) => errors[k] ?? null;

  function goto(i: number) {
    setErrors({});
    setFormError(null);
    setIndex(i);
  }

  async function onSave(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (step === "review") return;
    setFormError(null);
    let data = clean(step, values);
    if (step === "consents") {
      const tele = current.consents.find((x) => x.kind === "telehealth");
      const csa = current.consents.find((x) => x.kind === "controlled_substance_agreement");
      data = {
        ...data,
        telehealthVersion: tele?.version ?? "",
        controlledSubstanceVersion: csa?.version ?? "",
        telehealthAccepted: data.telehealthAccepted === true,
        controlledSubstanceAccepted: data.controlledSubstanceAccepted === true,
      };
    }
    const parsed = INTAKE_STEP_SCHEMAS[step].safeParse(data);
    if (!parsed.success) {
      setErrors(issuesByPath(parsed.error));
      setFormError("Please check the highlighted questions.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setStatus("Saving…");
    try {
      const res = await save.mutateAsync({ intakeId: draft.id, step, data } as TIntakeSaveStepInput);
      setStatus("Saved.");
      setCompleted((c) => (c.includes(step) ? c : [...c, step]));
      if (step === "phq9") setCrisis(res.crisis);
      void queryClient.invalidateQueries({ queryKey: trpc.intake.current.queryKey() });
      goto(index + 1);
    } catch (error) {
      setStatus("");
      const fromServer = stripData(fieldErrorsOf(error));
      if (Object.keys(fromServer).length) {
        setErrors(fromServer);
        setFormError("Please check the highlighted questions.");
        focusFirstInvalid(formRef.current);
      } else setFormError(error instanceof Error ? error.message : "We couldn't save this step. Please try again.");
    }
  }

  async function onSubmit() {
    setFormError(null);
    try {
      const res = await submit.mutateAsync({ intakeId: draft.id });
      // The refetch carries whether the intake put the patient on the crisis pathway (E11 as well as item 9).
      await queryClient.invalidateQueries({ queryKey: trpc.intake.current.queryKey() });
      const after = queryClient.getQueryData(trpc.intake.current.queryKey());
      onSubmitted({
        canBookNow: res.canBookNow,
        crisis: res.crisis,
        crisisPathway: res.crisis || after?.lastSubmitted?.crisisPathway === true,
        phone: str(answers.about?.phone) || null,
      });
    } catch (error) {
      const fromServer = fieldErrorsOf(error);
      const keys = Object.keys(fromServer);
      if (keys.length) {
        const stepNames = INTAKE_STEPS.filter((s) => keys.some((k) => k.includes(s)));
        setFormError(
          `Some answers need another look${stepNames.length ? `: ${stepNames.map((s) => STEP_TITLES[s]).join(", ")}` : ""}. ${Object.values(fromServer).flat().join(" ")}`,
        );
      } else setFormError(error instanceof Error ? error.message : "We couldn't submit your intake. Please try again.");
    }
  }

  return (
    <div className="flex flex-col gap-5">
      <WizardProgress index={index} title={STEP_TITLES[step]} status={status} headingRef={headingRef} />

      {crisis ? <CrisisPanel afterword={WIZARD_CRISIS_AFTERWORD} /> : null}

      {formError ? (
        <Alert variant="error" role="alert">
          {formError}
        </Alert>
      ) : null}

      {step === "review" ? (
        <ReviewStep answers={answers} completed={completed} consents={current.consents} submitting={submit.isPending} onEdit={goto} onBack={() => goto(index - 1)} onSubmit={onSubmit} />
      ) : (
        <form ref={formRef} noValidate onSubmit={(e) => void onSave(e)}>
          <Card>
            <CardContent className="flex flex-col gap-6 py-5">
              <StepFields step={step} values={values} set={set} err={err} current={current} />
              <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:justify-between">
                {index > 0 ? (
                  <Button type="button" variant="secondary" size="lg" onClick={() => goto(index - 1)}>
                    Back
                  </Button>
                ) : (
                  <Button asChild variant="secondary" size="lg">
                    <Link href="/">Save for later</Link>
                  </Button>
                )}
                <Button type="submit" size="lg" loading={save.isPending} disabled={save.isPending}>
                  Save &amp; continue
                </Button>
              </div>
            </CardContent>
          </Card>
        </form>
      )}
    </div>
  );
}
