import { TOTAL } from "./wizard-steps";

interface WizardProgressProps {
  index: number;
  title: string;
  status: string;
  headingRef: React.Ref<HTMLHeadingElement>;
}

/** Step counter, progress bar, focusable step heading and a polite live region for save status. */
export function WizardProgress({ index, title, status, headingRef }: WizardProgressProps) {
  return (
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
        {title}
      </h1>
      <p aria-live="polite" className="min-h-5 text-sm text-slate-600">
        {status}
      </p>
    </div>
  );
}
