import { TextField } from "@clearwell/ui/field";

import { RadioGroup, YES_NO_UNSURE } from "~/components/radio-group";

import { str } from "./step-data";
import type { StepProps } from "./wizard-types";

export function YNU({ k, label, values, set, err }: { k: string; label: string } & StepProps) {
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

export function Text({
  k,
  label,
  values,
  set,
  err,
  ...rest
}: { k: string; label: string } & StepProps & Omit<React.ComponentProps<typeof TextField>, "label" | "name">) {
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

export function TextArea({ k, label, values, set, err, hint }: { k: string; label: string; hint?: string } & StepProps) {
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
