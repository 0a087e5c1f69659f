"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { TextField } from "@clearwell/ui/field";
import { Skeleton } from "@clearwell/ui/skeleton";
import { INTAKE_STEP_SCHEMAS, INTAKE_STEPS, type IntakeStep, type TIntakeSaveStepInput } from "@clearwell/validators/intake";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { CheckboxField } from "~/components/checkbox-field";
import { CrisisPanel } from "~/components/crisis-panel";
import { RadioGroup, YES_NO_UNSURE } from "~/components/radio-group";
import { StateSelect } from "~/components/state-select";
import type { FieldErrors } from "~/lib/form-errors";
import { focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { FREQUENCY_OPTIONS, FUNCTIONAL_ITEM, FUNCTIONAL_OPTIONS, GAD7_ITEMS, PHQ9_ITEMS, STEM } from "~/lib/questionnaires";
import { fieldErrorsOf } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

type Current = PatientOutputs["intake"]["current"];
type Draft = NonNullable<Current["draft"]>;
type StepData = Record<string, unknown>;
type Answers = Partial<Record<IntakeStep, StepData>>;

const TOTAL = INTAKE_STEPS.length + 1; // + review

const STEP_TITLES: Record<IntakeStep | "review", string> = {
  about: "About you",
  contacts: "Your contacts",
  history: "Health history",
  medications: "Medications",
  home: "Treatment at home",
  phq9: "Mood questionnaire",
  gad7: "Anxiety questionnaire",
  consents: "Consents",
  review: "Review and submit",
};

const HISTORY_QUESTIONS: [string, string][] = [
  ["ketamineHypersensitivity", "Have you ever had an allergic reaction to ketamine?"],
  ["priorSevereKetamineReaction", "Have you ever had a severe bad reaction after taking ketamine?"],
  ["aneurysmalVascularDisease", "Have you been told you have an aneurysm (a bulging blood vessel)?"],
  ["arteriovenousMalformation", "Have you been told you have an arteriovenous malformation (AVM)?"],
  ["intracerebralHemorrhageHistory", "Have you ever had bleeding in the brain?"],
  ["psychosisHistory", "Have you ever had psychosis, such as hearing voices or seeing things others don't?"],
  ["maniaHistory", "Have you ever had mania or been told you have bipolar disorder?"],
  ["activeSubstanceUseDisorder", "Do you currently have a problem with alcohol or drug use?"],
  ["dissociativeMisuseEver", "Have you ever used ketamine, PCP, or similar drugs recreationally?"],
  ["opioidUseDisorderHistory", "Have you ever had a problem with opioid use?"],
  ["pregnant", "Are you pregnant?"],
  ["planningPregnancy", "Are you planning to become pregnant?"],
  ["breastfeeding", "Are you breastfeeding?"],
  ["knownUncontrolledHypertension", "Do you have high blood pressure that is not under control?"],
  ["unstableCardiovascularDisease", "Do you have a heart condition that is not stable?"],
  ["cardiovascularEvent", "Have you ever had a heart attack or stroke?"],
  ["raisedIntracranialPressure", "Have you been told you have raised pressure inside your skull?"],
  ["raisedIntraocularPressureOrAngleClosure", "Have you been told you have glaucoma or raised eye pressure?"],
  ["suicideAttemptEver", "Have you ever attempted suicide?"],
  ["activeSuicidalIntentOrPlan", "Do you currently have a plan or intention to end your life?"],
  ["lowerUrinaryTractSymptoms", "Do you have pain, urgency, or trouble when urinating?"],
  ["heavyAlcoholUse", "Do you regularly drink heavily (for example, more than 4 drinks on a day)?"],
];

const MED_QUESTIONS: [string, string][] = [
  ["benzodiazepines", "Do you take a benzodiazepine (for example Xanax, Ativan, Klonopin, Valium)?"],
  ["opioids", "Do you take an opioid pain medicine (for example oxycodone, hydrocodone, tramadol)?"],
  ["otherCnsDepressants", "Do you take any other sedating medicine or sleep aid (for example Ambien, gabapentin)?"],
  ["maoi", "Do you take an MAOI antidepressant (for example phenelzine, tranylcypromine, selegiline)?"],
  ["psychostimulants", "Do you take a stimulant (for example Adderall, Ritalin, Vyvanse)?"],
];

const HOME_QUESTIONS: [string, string][] = [
  ["safeQuietPlaceForDoses", "Do you have a safe, quiet place at home where you can rest during treatment?"],
  ["noDrivingUntilNextDay", "Can you avoid driving until the next day after each treatment?"],
  ["transportForInPersonCare", "Do you have a way to get to in-person care if needed?"],
  ["hasWorkingHomeBpCuff", "Do you have a working blood pressure cuff at home?"],
  ["canCommitToFollowUps", "Can you commit to the follow-up visits?"],
];

const HEPATIC_OPTIONS = [
  { value: "none", label: "No liver problems" },
  { value: "mild", label: "Mild" },
  { value: "moderate", label: "Moderate" },
  { value: "severe", label: "Severe" },
  { value: "unsure", label: "Not sure" },
] as const;

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return "";
  }
}

function firstIncomplete(completed: readonly string[]): number {
  const i = INTAKE_STEPS.findIndex((s) => !completed.includes(s));
  return i === -1 ? INTAKE_STEPS.length : i;
}

/** Turns form values into what the step schema expects (empty numbers dropped, hidden follow-ups removed). */
function clean(step: IntakeStep, data: StepData): StepData {
  const out: StepData = { ...data };
  const num = (k: string) => {
    const s = str(out[k]).trim();
    out[k] = s === "" ? undefined : Number(s);
  };
  if (step === "history") {
    if (out.cardiovascularEvent !== "yes") delete out.monthsSinceCardiovascularEvent;
    else num("monthsSinceCardiovascularEvent");
    if (out.suicideAttemptEver !== "yes") delete out.monthsSinceSuicideAttempt;
    else num("monthsSinceSuicideAttempt");
    if (!needsRemission(out)) {
      delete out.substanceUseInRemission;
      delete out.substanceRemissionMonths;
    } else if (out.substanceUseInRemission !== "yes") delete out.substanceRemissionMonths;
    else num("substanceRemissionMonths");
  }
  if (step === "medications" && out.currentMedications === undefined) out.currentMedications = "";
  if (step === "phq9" || step === "gad7") {
    const n = step === "phq9" ? 9 : 7;
    const items = Array.isArray(out.items) ? (out.items as unknown[]) : [];
    out.items = Array.from({ length: n }, (_, i) => items[i] ?? undefined);
  }
  return out;
}

function needsRemission(v: StepData) {
  return v.activeSubstanceUseDisorder === "yes" || v.opioidUseDisorderHistory === "yes" || v.dissociativeMisuseEver === "yes";
}

function stripData(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) out[k.replace(/^data\./, "")] = v;
  return out;
}

function Loading() {
  return (
    <div aria-busy="true" className="flex flex-col gap-4">
      <span role="status" className="sr-only">
        Loading your intake
      </span>
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-2 w-full" />
      <div className="rounded-card border border-line bg-white p-5">
        <Skeleton className="h-5 w-2/3" />
        <Skeleton className="mt-4 h-11 w-full" />
        <Skeleton className="mt-4 h-11 w-full" />
      </div>
    </div>
  );
}

export function IntakeWizard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.intake.current.queryOptions());
  const start = useMutation(trpc.intake.start.mutationOptions());
  const startedRef = useRef(false);
  const [submitted, setSubmitted] = useState<{ canBookNow: boolean; crisis: boolean } | null>(null);

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

  if (submitted) return <Submitted canBookNow={submitted.canBookNow} crisis={submitted.crisis} />;
  if (current.isPending) return <Loading />;
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
        <div className="flex flex-col gap-6">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Your intake</h1>
          <Card>
            <CardContent className="flex flex-col gap-4 py-5">
              <p className="flex items-center gap-2 text-base text-slate-900">
                <CheckCircle2 aria-hidden="true" className="size-5 text-emerald-700" />
                Intake submitted on{" "}
                {new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short" }).format(new Date(c.lastSubmitted.submittedAt ?? Date.now()))}
              </p>
              <p className="text-sm text-slate-600">Need to change an answer? You can send a corrected version.</p>
              {start.isError ? (
                <Alert variant="error" role="alert">
                  {start.error.message}
                </Alert>
              ) : null}
              <div className="flex flex-wrap gap-2">
                <Button
                  variant="secondary"
                  size="lg"
                  loading={start.isPending}
                  disabled={start.isPending}
                  onClick={() => start.mutate(undefined, { onSuccess: () => void refresh() })}
                >
                  Correct something
                </Button>
                <Button asChild variant="ghost" size="lg">
                  <Link href="/">Back to home</Link>
                </Button>
              </div>
            </CardContent>
          </Card>
        </div>
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
    return <Loading />;
  }
  return <Wizard key={c.draft.id} draft={c.draft} current={c} onSubmitted={setSubmitted} />;
}

function Submitted({ canBookNow, crisis }: { canBookNow: boolean; crisis: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="flex flex-col gap-6">
      {crisis ? <CrisisPanel /> : null}
      <Card>
        <CardContent className="flex flex-col items-start gap-4 py-6">
          <CheckCircle2 aria-hidden="true" className="size-10 text-emerald-700" />
          <h1 ref={ref} tabIndex={-1} className="text-2xl font-semibold tracking-tight text-slate-900 outline-none">
            Thank you, your intake was submitted
          </h1>
          {canBookNow ? (
            <>
              <p className="text-base text-slate-700">You can now choose a time for your evaluation.</p>
              <Button asChild size="lg">
                <Link href="/book?kind=evaluation">Book your evaluation</Link>
              </Button>
            </>
          ) : (
            <p className="text-base text-slate-700">The clinic will review your intake and contact you.</p>
          )}
          <Link href="/" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            Back to home
          </Link>
        </CardContent>
      </Card>
    </div>
  );
}

function initialAnswers(draft: Draft, current: Current): Answers {
  const a = { ...((draft.answers ?? {}) as Answers) };
  if (!a.about) {
    const p = (current.prefill?.about ?? {}) as StepData;
    a.about = { ...p, timezone: str(p.timezone) || browserZone() };
  }
  return a;
}

function Wizard({
  draft,
  current,
  onSubmitted,
}: {
  draft: Draft;
  current: Current;
  onSubmitted: (v: { canBookNow: boolean; crisis: boolean }) => void;
}) {
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
      await queryClient.invalidateQueries({ queryKey: trpc.intake.current.queryKey() });
      onSubmitted({ canBookNow: res.canBookNow, crisis: res.crisis });
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

  const missing = INTAKE_STEPS.filter((s) => !completed.includes(s));

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-col gap-2">
        <p className="text-sm font-medium text-slate-600">
          Step {index + 1} of {TOTAL}
        </p>
        <div
          role="progressbar"
          aria-label="Intake progress"
          aria-valuemin={1}
          aria-valuemax={TOTAL}
          aria-valuenow={index + 1}
          className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full rounded-full bg-brand-700 transition-all" style={{ width: `${((index + 1) / TOTAL) * 100}%` }} />
        </div>
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold tracking-tight text-slate-900 outline-none">
          {STEP_TITLES[step]}
        </h1>
        <p aria-live="polite" className="min-h-5 text-sm text-slate-600">
          {status}
        </p>
      </div>

      {crisis ? <CrisisPanel /> : null}

      {formError ? (
        <Alert variant="error" role="alert">
          {formError}
        </Alert>
      ) : null}

      {step === "review" ? (
        <Card>
          <CardContent className="flex flex-col gap-4 py-5">
            <ul className="flex flex-col divide-y divide-slate-100">
              {INTAKE_STEPS.map((s, i) => (
                <li key={s} className="flex items-center justify-between gap-3 py-2">
                  <span className="text-base text-slate-900">
                    {STEP_TITLES[s]}
                    <span className="block text-sm text-slate-600">{completed.includes(s) ? "Done" : "Not finished"}</span>
                  </span>
                  <Button variant="ghost" className="h-11" onClick={() => goto(i)}>
                    Edit<span className="sr-only"> {STEP_TITLES[s]}</span>
                  </Button>
                </li>
              ))}
            </ul>
            {missing.length ? (
              <p className="text-sm text-amber-900">Please finish every section before submitting.</p>
            ) : null}
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
              <Button variant="secondary" size="lg" onClick={() => goto(index - 1)}>
                Back
              </Button>
              <Button size="lg" loading={submit.isPending} disabled={submit.isPending || missing.length > 0} onClick={() => void onSubmit()}>
                Submit intake
              </Button>
            </div>
          </CardContent>
        </Card>
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

interface StepFieldsProps {
  step: IntakeStep;
  values: StepData;
  set: (k: string, v: unknown) => void;
  err: (k: string) => string[] | null;
  current: Current;
}

function YNU({ k, label, values, set, err }: { k: string; label: string } & Pick<StepFieldsProps, "values" | "set" | "err">) {
  return (
    <RadioGroup
      legend={label}
      name={k}
      options={YES_NO_UNSURE}
      value={str(values[k]) as "yes" | "no" | "unsure" | ""}
      onChange={(v) => set(k, v)}
      error={err(k)}
    />
  );
}

function Text({
  k,
  label,
  values,
  set,
  err,
  ...rest
}: { k: string; label: string } & Pick<StepFieldsProps, "values" | "set" | "err"> & Omit<React.ComponentProps<typeof TextField>, "label" | "name">) {
  return (
    <TextField
      label={label}
      name={k}
      value={str(values[k])}
      onChange={(e) => set(k, e.target.value)}
      error={err(k)}
      className="h-12 sm:h-11"
      {...rest}
    />
  );
}

function TextArea({ k, label, values, set, err, hint }: { k: string; label: string; hint?: string } & Pick<StepFieldsProps, "values" | "set" | "err">) {
  const e = err(k);
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={`f-${k}`} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`f-${k}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <textarea
        id={`f-${k}`}
        name={k}
        rows={4}
        value={str(values[k])}
        onChange={(ev) => set(k, ev.target.value)}
        aria-invalid={e ? true : undefined}
        aria-describedby={hint ? `f-${k}-hint` : undefined}
        className="w-full rounded-lg border border-slate-300 px-3 py-2 text-base text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      />
      {e ? <p className="text-sm font-medium text-red-700">{e.join(" ")}</p> : null}
    </div>
  );
}

function Questionnaire({ items, values, set, err }: { items: readonly string[] } & Pick<StepFieldsProps, "values" | "set" | "err">) {
  const arr = Array.isArray(values.items) ? (values.items as (number | undefined)[]) : [];
  const itemsErr = err("items");
  return (
    <div className="flex flex-col gap-6">
      <p className="text-base font-medium text-slate-900">{STEM}</p>
      {itemsErr ? <p className="text-sm font-medium text-red-700">{itemsErr.join(" ")}</p> : null}
      {items.map((item, i) => (
        <RadioGroup
          key={item}
          legend={
            <>
              <span className="text-slate-500">{i + 1}. </span>
              {item}
            </>
          }
          name={`item-${i}`}
          options={FREQUENCY_OPTIONS}
          value={arr[i]}
          onChange={(v) =>
            set("items", (prev: unknown) => {
              const current = Array.isArray(prev) ? (prev as (number | undefined)[]) : [];
              const next = Array.from({ length: items.length }, (_, j) => current[j]);
              next[i] = v;
              return next;
            })
          }
          error={err(`items.${i}`)}
        />
      ))}
      <RadioGroup
        legend={FUNCTIONAL_ITEM}
        name="functional"
        options={FUNCTIONAL_OPTIONS}
        value={typeof values.functional === "number" ? values.functional : undefined}
        onChange={(v) => set("functional", v)}
        error={err("functional")}
      />
    </div>
  );
}

function StepFields({ step, values, set, err, current }: StepFieldsProps) {
  const p = { values, set, err };
  switch (step) {
    case "about":
      return (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <Text k="givenName" label="First name" autoComplete="given-name" required {...p} />
            <Text k="familyName" label="Last name" autoComplete="family-name" required {...p} />
          </div>
          <Text k="preferredName" label="Preferred name (optional)" {...p} />
          <Text k="dateOfBirth" label="Date of birth" type="date" required {...p} />
          <Text k="phone" label="Mobile phone" type="tel" inputMode="tel" autoComplete="tel" required {...p} />
          <Text k="addressLine1" label="Street address" autoComplete="address-line1" required {...p} />
          <Text k="addressLine2" label="Apartment, suite, etc. (optional)" autoComplete="address-line2" {...p} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Text k="city" label="City" autoComplete="address-level2" required {...p} />
            <Text k="postalCode" label="ZIP code" inputMode="numeric" autoComplete="postal-code" required {...p} />
          </div>
          <StateSelect
            label="State of residence"
            name="stateOfResidence"
            value={str(values.stateOfResidence)}
            onChange={(v) => set("stateOfResidence", v)}
            error={err("stateOfResidence")}
            required
          />
          <Text k="timezone" label="Time zone" hint="For example America/Denver. We use it to show appointment times." required {...p} />
        </>
      );
    case "contacts": {
      const person = (key: "emergencyContact" | "supportPerson", legend: string, description: string) => {
        const v = (values[key] ?? {}) as StepData;
        const setP = (k: string, val: unknown) => set(key, { ...v, [k]: val });
        const e = (k: string) => err(`${key}.${k}`);
        return (
          <fieldset className="flex flex-col gap-4">
            <legend className="mb-1 text-lg font-semibold text-slate-900">{legend}</legend>
            <p className="text-sm text-slate-600">{description}</p>
            <Text k="name" label={`${legend} name`} values={v} set={setP} err={e} required />
            <Text k="relationship" label={`${legend} relationship`} placeholder="e.g. Spouse, friend" values={v} set={setP} err={e} required />
            <Text k="phone" label={`${legend} phone`} type="tel" inputMode="tel" values={v} set={setP} err={e} required />
          </fieldset>
        );
      };
      return (
        <>
          {person("emergencyContact", "Emergency contact", "Someone we can call in an emergency.")}
          {person("supportPerson", "Support person", "An adult who will be with you during each at-home treatment and for a few hours after.")}
          <YNU k="supportPersonPresentEveryDose" label="Can your support person be with you for every treatment?" {...p} />
          <YNU k="supportPersonIsAdult" label="Is your support person 18 or older?" {...p} />
        </>
      );
    }
    case "history":
      return (
        <>
          <p className="text-base text-slate-700">Answer as best you can. &ldquo;Not sure&rdquo; is always fine.</p>
          {HISTORY_QUESTIONS.map(([k, label]) => (
            <div key={k} className="flex flex-col gap-4">
              <YNU k={k} label={label} {...p} />
              {k === "cardiovascularEvent" && values.cardiovascularEvent === "yes" ? (
                <Text k="monthsSinceCardiovascularEvent" label="About how many months ago was the most recent one?" type="number" inputMode="numeric" min={0} {...p} />
              ) : null}
              {k === "suicideAttemptEver" && values.suicideAttemptEver === "yes" ? (
                <Text k="monthsSinceSuicideAttempt" label="About how many months ago was the most recent attempt?" type="number" inputMode="numeric" min={0} {...p} />
              ) : null}
              {k === "opioidUseDisorderHistory" && needsRemission(values) ? (
                <>
                  <YNU k="substanceUseInRemission" label="Are you currently in recovery (not using)?" {...p} />
                  {values.substanceUseInRemission === "yes" ? (
                    <Text k="substanceRemissionMonths" label="For how many months?" type="number" inputMode="numeric" min={0} {...p} />
                  ) : null}
                </>
              ) : null}
            </div>
          ))}
          <RadioGroup
            legend="Do you have liver problems? If so, how serious?"
            name="hepaticImpairment"
            options={HEPATIC_OPTIONS}
            value={str(values.hepaticImpairment) as (typeof HEPATIC_OPTIONS)[number]["value"]}
            onChange={(v) => set("hepaticImpairment", v)}
            error={err("hepaticImpairment")}
          />
          <TextArea k="allergies" label="Allergies (optional)" {...p} />
          <TextArea k="otherConditions" label="Other health conditions (optional)" {...p} />
        </>
      );
    case "medications":
      return (
        <>
          <TextArea
            k="currentMedications"
            label="What medicines, vitamins, or supplements do you take?"
            hint="Include the name and dose if you know it. Write “None” if you don't take any."
            {...p}
          />
          {MED_QUESTIONS.map(([k, label]) => (
            <YNU key={k} k={k} label={label} {...p} />
          ))}
        </>
      );
    case "home":
      return (
        <>
          {HOME_QUESTIONS.map(([k, label]) => (
            <YNU key={k} k={k} label={label} {...p} />
          ))}
          <Text k="preferredPharmacy" label="Preferred pharmacy (optional)" hint="Name and address or cross streets." {...p} />
        </>
      );
    case "phq9":
      return <Questionnaire items={PHQ9_ITEMS} {...p} />;
    case "gad7":
      return <Questionnaire items={GAD7_ITEMS} {...p} />;
    case "consents": {
      const tele = current.consents.find((x) => x.kind === "telehealth");
      const csa = current.consents.find((x) => x.kind === "controlled_substance_agreement");
      const block = (c: typeof tele, k: string, label: string) =>
        c ? (
          <section className="flex flex-col gap-3" aria-labelledby={`consent-${k}`}>
            <h2 id={`consent-${k}`} className="text-lg font-semibold text-slate-900">
              {c.title}
            </h2>
            <div tabIndex={0} className="flex max-h-72 flex-col gap-3 overflow-y-auto rounded-lg border border-slate-200 bg-slate-50 p-4 text-base text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-600">
              {c.paragraphs.map((para) => (
                <p key={para}>{para}</p>
              ))}
            </div>
            <CheckboxField name={k} checked={values[k] === true} onChange={(v) => set(k, v)} error={err(k)}>
              {label}
            </CheckboxField>
          </section>
        ) : null;
      return (
        <>
          {block(tele, "telehealthAccepted", "I have read and accept the telehealth consent.")}
          {block(csa, "controlledSubstanceAccepted", "I have read and accept the controlled-substance agreement.")}
          <Text k="signedName" label="Type your full name to sign" autoComplete="name" required {...p} />
          {err("telehealthVersion") || err("controlledSubstanceVersion") ? (
            <p className="text-sm font-medium text-red-700">The consent text could not be loaded. Please reload the page.</p>
          ) : null}
        </>
      );
    }
  }
}
