"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { ZCheckInSubmitInput } from "@clearwell/validators/regimen";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, ClipboardList } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { CrisisPanel } from "~/components/crisis-panel";
import { Questionnaire } from "~/components/questionnaire";
import { type FieldErrors, focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { GAD7_ITEMS, PHQ9_ITEMS } from "~/lib/questionnaires";
import { useTRPC } from "~/trpc/react";

import { PageTitle } from "../../back-link";
import { LoadError, Loading } from "../../load-states";
import { refusalByField, refusalMessage } from "../../refusal";

type Result = PatientOutputs["checkIn"]["submit"];
type Values = Record<string, unknown>;

const STEPS = [
  { id: "phq9", title: "About your mood", instrument: "PHQ-9", items: PHQ9_ITEMS },
  { id: "gad7", title: "About worry and anxiety", instrument: "GAD-7", items: GAD7_ITEMS },
] as const;

const SCORES = [
  { key: "phq9", title: "PHQ-9", about: "mood", max: 27 },
  { key: "gad7", title: "GAD-7", about: "worry and anxiety", max: 21 },
] as const;

const OPEN = new Set(["due", "overdue"]);

/** Item 9 of the PHQ-9 (index 8) answered above "Not at all" (DOMAIN.md §6 item-9 rule). */
const item9Flagged = (values: Values) => {
  const items = Array.isArray(values.items) ? (values.items as unknown[]) : [];
  return typeof items[8] === "number" && items[8] >= 1;
};

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

function CheckInForm({ checkInId, onDone }: { checkInId: string; onDone: (r: Result) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const submit = useMutation(trpc.checkIn.submit.mutationOptions());
  const [step, setStep] = useState(0);
  const [values, setValues] = useState<Record<"phq9" | "gad7", Values>>({ phq9: {}, gad7: {} });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // One key per filled-in check-in: a retry after a dropped connection records it once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const formRef = useRef<HTMLFormElement>(null);
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
  // After a refused "Continue", answering a question clears its message at once.
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (!tried) return;
    const parsed = ZCheckInSubmitInput.safeParse(toInput());
    setErrors(parsed.success ? {} : stepErrors(issuesByPath(parsed.error), current.id));
    // toInput/stepErrors read the latest values; re-run only when answers or the step change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [values, tried, current.id]);
  const setFor = (key: "phq9" | "gad7") => (k: string, v: unknown) =>
    setValues((prev) => {
      const mineNow = prev[key];
      return { ...prev, [key]: { ...mineNow, [k]: typeof v === "function" ? (v as (p: unknown) => unknown)(mineNow[k]) : v } };
    });

  const toInput = () => {
    const answers = (v: Values, n: number) => {
      const items = Array.isArray(v.items) ? (v.items as unknown[]) : [];
      return Array.from({ length: n }, (_, i) => items[i]);
    };
    const functional = (v: Values) => (typeof v.functional === "number" ? v.functional : undefined);
    return {
      checkInId,
      phq9: { answers: answers(values.phq9, 9), functionalDifficulty: functional(values.phq9) },
      gad7: { answers: answers(values.gad7, 7), functionalDifficulty: functional(values.gad7) },
      idempotencyKey,
    };
  };

  /** Zod's issues for one questionnaire, in the Questionnaire component's keys ("items.3"). */
  const stepErrors = (all: FieldErrors, key: "phq9" | "gad7"): FieldErrors => {
    const out: FieldErrors = {};
    for (const [path, msgs] of Object.entries(all)) {
      if (!path.startsWith(`${key}.`)) continue;
      const rest = path.slice(key.length + 1).replace(/^answers/, "items").replace(/^functionalDifficulty/, "functional");
      out[rest] = msgs;
    }
    // Every unanswered item carries the same message: say it once at the top, mark each item.
    for (const k of Object.keys(out)) if (/^items\.\d+$/.test(k)) out[k] = ["Choose an answer."];
    return out;
  };

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (submit.isPending) return;
    setFormError(null);
    const parsed = ZCheckInSubmitInput.safeParse(toInput());
    const all = parsed.success ? {} : issuesByPath(parsed.error);
    const mineErrs = stepErrors(all, current.id);
    if (Object.keys(mineErrs).length) {
      setTried(true);
      setErrors(mineErrs);
      setFormError("Please answer every question before you go on.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setTried(false);
    if (step < STEPS.length - 1) {
      setStep(step + 1);
      window.scrollTo({ top: 0 });
      return;
    }
    if (!parsed.success) {
      // The other questionnaire has a gap: go back to it.
      setStep(0);
      setErrors(stepErrors(all, "phq9"));
      setFormError("Please answer every question before you send.");
      return;
    }
    try {
      const res = await submit.mutateAsync(parsed.data);
      void queryClient.invalidateQueries({ queryKey: trpc.checkIn.mine.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.checkIn.trend.queryKey() });
      window.scrollTo({ top: 0 });
      onDone(res);
    } catch (error) {
      const fromServer = refusalByField(error);
      setFormError(Object.keys(fromServer).length ? Object.values(fromServer).flat().join(" ") : refusalMessage(error, "We couldn't send your check-in. Please try again."));
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-6">
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
      {item9Flagged(values.phq9) ? <CrisisPanel afterword="Please finish and send your check-in: your care team is told as soon as it arrives." /> : null}

      {formError ? (
        <Alert variant="error" title="Not sent yet">
          {formError}
        </Alert>
      ) : null}

      <Card>
        <CardContent className="py-5">
          <Questionnaire
            key={current.id}
            items={current.items}
            values={values[current.id]}
            set={setFor(current.id)}
            err={(k) => errors[k] ?? null}
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
              setErrors({});
              setFormError(null);
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
