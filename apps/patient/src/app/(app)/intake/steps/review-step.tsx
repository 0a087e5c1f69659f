import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { INTAKE_STEPS } from "@clearwell/validators/intake";

import { STEP_TITLES } from "../wizard-steps";

interface ReviewStepProps {
  completed: readonly string[];
  submitting: boolean;
  onEdit: (index: number) => void;
  onBack: () => void;
  onSubmit: () => Promise<void>;
}

export function ReviewStep({ completed, submitting, onEdit, onBack, onSubmit }: ReviewStepProps) {
  const missing = INTAKE_STEPS.filter((s) => !completed.includes(s));
  return (
    <Card>
      <CardContent className="flex flex-col gap-4 py-5">
        <ul className="flex flex-col divide-y divide-slate-100">
          {INTAKE_STEPS.map((s, i) => (
            <li key={s} className="flex items-center justify-between gap-3 py-2">
              <span className="text-base text-slate-900">
                {STEP_TITLES[s]}
                <span className="block text-sm text-slate-600">{completed.includes(s) ? "Done" : "Not finished"}</span>
              </span>
              <Button variant="ghost" className="h-11" onClick={() => onEdit(i)}>
                Edit<span className="sr-only"> {STEP_TITLES[s]}</span>
              </Button>
            </li>
          ))}
        </ul>
        {missing.length ? (
          <p className="text-sm text-amber-900">Please finish every section before submitting.</p>
        ) : null}
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
  );
}
