import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { INTAKE_STEPS } from "@clearwell/validators/intake-steps";
import { AlertCircle } from "lucide-react";

import { reviewSections } from "../review-summary";
import { STEP_TITLES } from "../wizard-steps";
import type { Answers, Current } from "../wizard-types";

interface ReviewStepProps {
  answers: Answers;
  completed: readonly string[];
  consents: Current["consents"];
  submitting: boolean;
  onEdit: (index: number) => void;
  onBack: () => void;
  onSubmit: () => Promise<void>;
}

/** Every saved answer in the patient's own words, one section per step with a way back to change it. */
export function ReviewStep({ answers, completed, consents, submitting, onEdit, onBack, onSubmit }: ReviewStepProps) {
  const sections = reviewSections(answers, completed, consents);
  const missing = sections.filter((s) => s.rows === null);
  return (
    <div className="flex flex-col gap-4">
      <p className="text-base text-slate-700">Check your answers. Use Edit to change a section, then submit when everything is right.</p>
      {sections.map(({ step, rows }) => {
        const i = INTAKE_STEPS.indexOf(step);
        const headingId = `review-${step}`;
        return (
          <Card key={step} aria-labelledby={headingId}>
            <CardContent className="flex flex-col gap-3 py-4">
              <div className="flex items-center justify-between gap-3">
                <h2 id={headingId} className="text-lg font-semibold text-slate-900">
                  {STEP_TITLES[step]}
                </h2>
                <Button variant="secondary" className="h-11 min-w-20" onClick={() => onEdit(i)}>
                  {rows ? "Edit" : "Finish"}
                  <span className="sr-only"> {STEP_TITLES[step]}</span>
                </Button>
              </div>
              {rows ? (
                <dl className="flex flex-col divide-y divide-slate-100">
                  {rows.map((r) => (
                    <div key={r.label} className="flex flex-col gap-0.5 py-2 sm:grid sm:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] sm:gap-4">
                      <dt className="text-sm text-slate-600">{r.label}</dt>
                      <dd className="text-base font-medium break-words whitespace-pre-line text-slate-900">
                        {r.value.map((line, n) => (
                          <span key={n} className="block">
                            {line}
                          </span>
                        ))}
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : (
                <p className="flex items-center gap-2 text-base text-amber-900">
                  <AlertCircle aria-hidden="true" className="size-5 shrink-0" />
                  Not finished yet
                </p>
              )}
            </CardContent>
          </Card>
        );
      })}
      <Card>
        <CardContent className="flex flex-col gap-4 py-5">
          {missing.length ? (
            <p className="text-base text-amber-900">
              Please finish every section before submitting: {missing.map((s) => STEP_TITLES[s.step]).join(", ")}.
            </p>
          ) : (
            <p className="text-base text-slate-700">When you submit, your care team will review your answers.</p>
          )}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
            <Button variant="secondary" size="lg" onClick={onBack}>
              Back
            </Button>
            <Button size="lg" loading={submitting} disabled={submitting || missing.length > 0} onClick={() => void onSubmit()}>
              Submit intake
            </Button>
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
