"use client";

/** "Step 2 of 3", a progress bar and the focusable step heading (as the intake wizard shows them). */
export function StepHeader({ index, total, title, headingRef, label }: { index: number; total: number; title: string; headingRef: React.Ref<HTMLHeadingElement>; label: string }) {
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm font-medium text-slate-600">
        Step {index + 1} of {total}
      </p>
      <div role="progressbar" aria-label={label} aria-valuemin={1} aria-valuemax={total} aria-valuenow={index + 1} className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-brand-700 transition-all" style={{ width: `${((index + 1) / total) * 100}%` }} />
      </div>
      <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 outline-none">
        {title}
      </h2>
    </div>
  );
}
