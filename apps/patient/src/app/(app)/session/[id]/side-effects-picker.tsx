"use client";

import { SIDE_EFFECTS, type SideEffectSeverity } from "@clearwell/clinical";
import { cn } from "@clearwell/ui/cn";
import { Phone } from "lucide-react";
import type { AnyForm } from "@clearwell/ui/form";
import { type Ref, useId } from "react";
import type { FieldError, FieldPath, FieldValues } from "react-hook-form";
import { useController } from "react-hook-form";

export interface PickedSideEffect {
  code: string;
  severity: SideEffectSeverity | null;
}

const SEVERITIES: { value: SideEffectSeverity; label: string }[] = [
  { value: "mild", label: "Mild" },
  { value: "moderate", label: "Moderate" },
  { value: "severe", label: "Severe" },
];

const EMERGENCY = SIDE_EFFECTS.filter((s) => s.emergency);
const OTHERS = SIDE_EFFECTS.filter((s) => !s.emergency);

export interface SideEffectsPickerProps {
  legend: string;
  value: PickedSideEffect[];
  onChange: (next: PickedSideEffect[]) => void;
  /** Messages keyed by the side effect's code (a missing severity). */
  errors?: Record<string, string[] | undefined>;
  /** Keeps ids apart when the picker is on a page twice. */
  name: string;
  /** Given the first severity still to choose (or the first box): a form focuses it. */
  inputRef?: Ref<HTMLInputElement>;
  /** A message about the whole list. */
  listError?: string | null;
}

/**
 * Side effects from the clinical catalogue (DOMAIN.md §7 A4), each with how bad it was. The
 * emergency ones come first, and ticking one says "call 911" at once, before anything is sent.
 */
export function SideEffectsPicker({ legend, value, onChange, errors = {}, name, inputRef, listError }: SideEffectsPickerProps) {
  const picked = new Map(value.map((v) => [v.code, v]));
  const toggle = (code: string, on: boolean) =>
    onChange(on ? [...value, { code, severity: null }] : value.filter((v) => v.code !== code));
  const setSeverity = (code: string, severity: SideEffectSeverity) => onChange(value.map((v) => (v.code === code ? { ...v, severity } : v)));
  const emergencyPicked = EMERGENCY.some((s) => picked.has(s.code));
  const focusCode = value.find((v) => errors[v.code]?.length)?.code ?? null;
  const refFor = (code: string) => (focusCode === code || (!focusCode && code === EMERGENCY[0]?.code) ? inputRef : undefined);

  const effectRow = (s: { code: string; label: string }) => (
    <EffectRow
      key={s.code}
      name={name}
      code={s.code}
      label={s.label}
      picked={picked.get(s.code)}
      onToggle={toggle}
      onSeverity={setSeverity}
      error={errors[s.code]}
      inputRef={refFor(s.code)}
    />
  );

  return (
    <fieldset className="flex flex-col gap-4">
      <legend className="mb-1 text-base font-semibold text-slate-900">{legend}</legend>
      <p className="text-sm text-slate-700">Tick any you had, then say how bad each one was. Leave them all unticked if you had none.</p>

      <div className="flex flex-col gap-2 rounded-lg border-2 border-red-200 bg-red-50/60 p-3">
        <p className="text-sm font-semibold text-red-900">Emergency symptoms: call 911 if any of these happen</p>
        {EMERGENCY.map(effectRow)}
      </div>
      {emergencyPicked ? (
        <div role="alert" className="flex flex-col gap-2 rounded-lg border-2 border-red-700 bg-red-700 p-4 text-white">
          <p className="text-lg font-semibold">Call 911 now.</p>
          <p className="text-base">Then finish this log if you can: your care team is told as soon as you send it.</p>
          <a href="tel:911" className="inline-flex min-h-12 items-center justify-center gap-2 self-start rounded-lg bg-white px-5 text-base font-semibold text-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white">
            <Phone aria-hidden="true" className="size-5" />
            Call 911
          </a>
        </div>
      ) : null}

      <div className="flex flex-col gap-2">
        <p className="text-sm font-semibold text-slate-900">Other side effects</p>
        {OTHERS.map(effectRow)}
      </div>
      {listError ? <p className="text-sm font-medium text-red-700">{listError}</p> : null}
    </fieldset>
  );
}

function EffectRow({
  name,
  code,
  label,
  picked,
  onToggle,
  onSeverity,
  error,
  inputRef,
}: {
  name: string;
  code: string;
  label: string;
  picked: PickedSideEffect | undefined;
  onToggle: (code: string, on: boolean) => void;
  onSeverity: (code: string, s: SideEffectSeverity) => void;
  error?: string[];
  /** On the first severity radio when it is missing, else on the box. */
  inputRef?: Ref<HTMLInputElement> | undefined;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const invalid = Boolean(error?.length);
  return (
    <div className={cn("rounded-lg border bg-white", picked ? "border-brand-600" : "border-slate-300")}>
      <label className="flex min-h-12 cursor-pointer items-center gap-3 px-3 py-2 text-base text-slate-900 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600">
        <input
          type="checkbox"
          name={`${name}-${code}`}
          checked={Boolean(picked)}
          onChange={(e) => onToggle(code, e.target.checked)}
          ref={picked && invalid ? undefined : inputRef}
          className="size-5 shrink-0 accent-brand-700 focus-visible:outline-none"
        />
        <span className="leading-snug">{label}</span>
      </label>
      {picked ? (
        <fieldset className="border-t border-slate-100 px-3 pt-2 pb-3" aria-describedby={invalid ? errorId : undefined}>
          <legend className="sr-only">How bad was it: {label}</legend>
          <p aria-hidden="true" className="mb-1.5 text-sm text-slate-700">
            How bad was it?
          </p>
          <div className="grid grid-cols-3 gap-2">
            {SEVERITIES.map((s, i) => (
              <label
                key={s.value}
                className={cn(
                  "flex min-h-11 cursor-pointer items-center justify-center gap-2 rounded-lg border px-2 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
                  picked.severity === s.value ? "border-brand-600 bg-brand-50 text-brand-900" : invalid ? "border-red-600 text-slate-800" : "border-slate-300 text-slate-800",
                )}
              >
                <input
                  type="radio"
                  name={`${name}-${code}-severity`}
                  value={s.value}
                  checked={picked.severity === s.value}
                  onChange={() => onSeverity(code, s.value)}
                  ref={invalid && i === 0 ? inputRef : undefined}
                  aria-invalid={invalid ? true : undefined}
                  className="size-4 shrink-0 accent-brand-700 focus-visible:outline-none"
                />
                {s.label}
              </label>
            ))}
          </div>
          {invalid ? (
            <p id={errorId} className="mt-1.5 text-sm font-medium text-red-700">
              {error?.join(" ")}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </div>
  );
}

/**
 * The picker bound to a form field holding the picked effects; the schema (the shared side-effect
 * list) asks for each missing severity, shown under its effect.
 */
export function FormSideEffects<T extends FieldValues>({ form, name, legend, pickerName }: { form: AnyForm<T>; name: FieldPath<T>; legend: string; pickerName: string }) {
  const { field, fieldState } = useController({ control: form.control, name });
  const value = (field.value ?? []) as PickedSideEffect[];
  const nested = fieldState.error as (FieldError & { [i: number]: { severity?: FieldError; code?: FieldError } | undefined }) | undefined;
  const errors: Record<string, string[]> = {};
  value.forEach((v, i) => {
    const m = nested?.[i]?.severity?.message ?? nested?.[i]?.code?.message;
    if (m) errors[v.code] = [m];
  });
  return (
    <SideEffectsPicker
      legend={legend}
      name={pickerName}
      value={value}
      onChange={field.onChange}
      errors={errors}
      inputRef={field.ref}
      listError={nested?.message ?? nested?.root?.message ?? null}
    />
  );
}
