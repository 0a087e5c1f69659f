"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { formErrorMessage } from "@clearwell/ui/form";
import { INTAKE_STEPS, type IntakeStep } from "@clearwell/validators/intake-steps";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { CrisisPanel } from "~/components/crisis-panel";
import { useTRPC } from "~/trpc/react";

import { initialAnswers } from "./initial-answers";
import { IntakeSkeleton } from "./intake-skeleton";
import { LastSubmitted } from "./last-submitted";
import { str } from "./step-data";
import { StepForm } from "./step-form";
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

/** The steps' sections a refused submit names (DomainError reasons), in the patient's words. */
function sectionsNamed(error: unknown): string[] {
  const reasons = (error as { data?: { reasons?: unknown } } | null)?.data?.reasons;
  return Array.isArray(reasons) ? INTAKE_STEPS.filter((s) => reasons.includes(s)).map((s) => STEP_TITLES[s]) : [];
}

function Wizard({ draft, current, onSubmitted }: { draft: Draft; current: Current; onSubmitted: (v: SubmitOutcome) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const submit = useMutation(trpc.intake.submit.mutationOptions());
  // Saved answers (what the review shows) and edits left unsaved with Back (what a step reopens with).
  const [answers, setAnswers] = useState<Answers>(() => initialAnswers(draft, current));
  const [unsaved, setUnsaved] = useState<Answers>({});
  const [completed, setCompleted] = useState<string[]>(() => [...(draft.completedSteps ?? [])]);
  const [index, setIndex] = useState(() => firstIncomplete(draft.completedSteps ?? []));
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  // Item 9 already answered above "Not at all" in a saved draft: keep the resources in view on resume.
  const [crisis, setCrisis] = useState(() => {
    const items = (draft.answers as Answers | null)?.phq9?.items;
    return Array.isArray(items) && typeof items[8] === "number" && items[8] >= 1;
  });
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

  function goto(i: number) {
    setSubmitError(null);
    setIndex(i);
  }

  function onSaved(s: IntakeStep, data: StepData, crisisNow: boolean) {
    setAnswers((a) => ({ ...a, [s]: data }));
    setUnsaved(({ [s]: _dropped, ...rest }) => rest);
    setCompleted((c) => (c.includes(s) ? c : [...c, s]));
    if (s === "phq9") setCrisis(crisisNow);
    void queryClient.invalidateQueries({ queryKey: trpc.intake.current.queryKey() });
    goto(index + 1);
  }

  async function onSubmit() {
    setSubmitError(null);
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
      const sections = sectionsNamed(error);
      setSubmitError(sections.length ? `Some answers need another look: ${sections.join(", ")}. Use Edit on that section, then submit again.` : formErrorMessage(error));
    }
  }

  return (
    <div className="flex flex-col gap-5">
      <WizardProgress index={index} title={STEP_TITLES[step]} status={status} headingRef={headingRef} />

      {crisis ? <CrisisPanel afterword={WIZARD_CRISIS_AFTERWORD} /> : null}

      {step === "review" ? (
        <>
          {submitError ? (
            <Alert variant="error" role="alert">
              {submitError}
            </Alert>
          ) : null}
          <ReviewStep
            answers={answers}
            completed={completed}
            consents={current.consents}
            submitting={submit.isPending}
            onEdit={goto}
            onBack={() => goto(index - 1)}
            onSubmit={onSubmit}
          />
        </>
      ) : (
        <StepForm
          key={step}
          step={step}
          intakeId={draft.id}
          values={unsaved[step] ?? answers[step] ?? {}}
          current={current}
          isFirst={index === 0}
          onStatus={setStatus}
          onSaved={(data, c) => onSaved(step, data, c)}
          onBack={(v) => {
            setUnsaved((u) => ({ ...u, [step]: v }));
            goto(index - 1);
          }}
        />
      )}
    </div>
  );
}
