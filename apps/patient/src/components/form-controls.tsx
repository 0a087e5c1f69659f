"use client";

import { Alert } from "@clearwell/ui/alert";
import { type AnyForm, type SchemaSource, applyServerError, useZodForm } from "@clearwell/ui/form";
import { type ReactNode, useEffect, useState } from "react";
import type { DefaultValues, FieldError, FieldPath, FieldValues } from "react-hook-form";
import type { z } from "zod";
import { get, useController, useFormState } from "react-hook-form";

import { CheckboxField } from "~/components/checkbox-field";
import { type RadioOption, RadioGroup, YES_NO_UNSURE } from "~/components/radio-group";
import { type AttemptKey, useAttemptKey } from "~/lib/form-values";
import { FREQUENCY_OPTIONS, FUNCTIONAL_ITEM, FUNCTIONAL_OPTIONS, STEM } from "~/lib/questionnaires";

// The patient app's own controls (radio groups, tick boxes, questionnaires) bound to a form from
// @clearwell/ui/form: the value, the message and the ref the form focuses when the answer is missing.

interface Bound<T extends FieldValues> {
  form: AnyForm<T>;
  name: FieldPath<T>;
}

function useBound<T extends FieldValues>({ form, name }: Bound<T>) {
  const { field, fieldState } = useController({ control: form.control, name });
  const message = fieldState.error?.message;
  return { field, error: message ? [message] : null };
}

export function FormRadioGroup<T extends FieldValues, V extends string | number>({
  form,
  name,
  legend,
  options,
  hint,
  inputName,
}: Bound<T> & { legend: ReactNode; options: readonly RadioOption<V>[]; hint?: ReactNode; inputName?: string }) {
  const { field, error } = useBound({ form, name });
  return (
    <RadioGroup
      legend={legend}
      hint={hint}
      name={inputName ?? name}
      options={options}
      value={field.value as V | undefined}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      error={error}
    />
  );
}

/** Yes / No / Not sure, held as "yes" | "no" | "unsure". */
export function FormYesNoUnsure<T extends FieldValues>(p: Bound<T> & { legend: ReactNode; hint?: ReactNode }) {
  return <FormRadioGroup {...p} options={YES_NO_UNSURE} />;
}

const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
] as const;

/** A yes/no question as two large radio buttons, held as a boolean (undefined until answered). */
export function FormYesNo<T extends FieldValues>({ form, name, legend, hint, inputName }: Bound<T> & { legend: ReactNode; hint?: ReactNode; inputName?: string }) {
  const { field, error } = useBound({ form, name });
  const value = field.value as boolean | undefined;
  return (
    <RadioGroup
      legend={legend}
      hint={hint}
      name={inputName ?? name}
      options={YES_NO}
      value={value === undefined || value === null ? undefined : value ? "yes" : "no"}
      onChange={(v) => field.onChange(v === "yes")}
      onBlur={field.onBlur}
      inputRef={field.ref}
      error={error}
    />
  );
}

export function FormCheckbox<T extends FieldValues>({ form, name, children }: Bound<T> & { children: ReactNode }) {
  const { field, error } = useBound({ form, name });
  return (
    <CheckboxField name={name} checked={field.value === true} onChange={field.onChange} onBlur={field.onBlur} inputRef={field.ref} error={error}>
      {children}
    </CheckboxField>
  );
}

/** A message the schema put on a whole group (e.g. an array's length), wherever react-hook-form keeps it. */
export function useGroupError<T extends FieldValues>(form: AnyForm<T>, name: string): string | null {
  const { errors } = useFormState({ control: form.control, name: name as FieldPath<T> });
  const e = get(errors, name) as (FieldError & { root?: FieldError }) | undefined;
  return e?.message ?? e?.root?.message ?? null;
}

/**
 * The PHQ-9 / GAD-7 layout (DOMAIN.md §6, items verbatim) bound to a form: each item at
 * `${itemsName}.${i}`, the optional functional item at `functionalName`.
 */
export function FormQuestionnaire<T extends FieldValues>({
  form,
  items,
  itemsName,
  functionalName,
  idPrefix = "",
}: {
  form: AnyForm<T>;
  items: readonly string[];
  itemsName: string;
  functionalName: string;
  idPrefix?: string;
}) {
  const groupError = useGroupError(form, itemsName);
  return (
    <div className="flex flex-col gap-6">
      <p className="text-base font-medium text-slate-900">{STEM}</p>
      {groupError ? <p className="text-sm font-medium text-red-700">{groupError}</p> : null}
      {items.map((item, i) => (
        <FormRadioGroup
          key={item}
          form={form}
          name={`${itemsName}.${i}` as FieldPath<T>}
          inputName={`${idPrefix}item-${i}`}
          legend={
            <>
              <span className="text-slate-500">{i + 1}. </span>
              {item}
            </>
          }
          options={FREQUENCY_OPTIONS}
        />
      ))}
      <FormRadioGroup form={form} name={functionalName as FieldPath<T>} inputName={`${idPrefix}functional`} legend={FUNCTIONAL_ITEM} options={FUNCTIONAL_OPTIONS} />
    </div>
  );
}

/** For handleSubmit's onInvalid: a line above the form as well as the message beside each answer. */
export function flagCheck<T extends FieldValues>(form: AnyForm<T>, message = "Please check the highlighted answers.") {
  return () => (form as AnyForm<FieldValues>).setError("root", { type: "check", message });
}

/** The form-level message (a failed check, or a refusal no field took) as an error alert with a title. */
export function FormAlert<T extends FieldValues>({ form, title }: { form: AnyForm<T>; title?: string }) {
  const { errors } = useFormState({ control: form.control });
  const message = errors.root?.server?.message ?? errors.root?.message;
  return message ? (
    <Alert variant="error" title={title}>
      {message}
    </Alert>
  ) : null;
}

/**
 * A multi-step form checked one part at a time: `check(["bp"], message)` validates those fields,
 * focuses the first unanswered one and, once a check has failed, re-checks each field as it changes
 * (as a submitted form does), so answering a question clears its message at once.
 */
export function useStepCheck<T extends FieldValues>(form: AnyForm<T>) {
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (!tried) return;
    const sub = form.watch((_values, { name }) => {
      if (name && form.getFieldState(name).error) void form.trigger(name);
    });
    return () => sub.unsubscribe();
  }, [tried, form]);
  return async (names: FieldPath<T>[], message?: string) => {
    form.clearErrors("root");
    const ok = await form.trigger(names, { shouldFocus: true });
    if (!ok) {
      setTried(true);
      if (message) (form as AnyForm<FieldValues>).setError("root", { type: "check", message });
    }
    return ok;
  };
}

/**
 * Sends with the attempt's idempotency key. A refusal goes beside the fields it names (the rest to
 * the form's alert); a server fault says `fallback`. Null when it was not sent.
 */
export async function sendAttempt<T extends FieldValues, R>(
  form: AnyForm<T>,
  key: AttemptKey,
  send: (idempotencyKey: string) => Promise<R>,
  { fallback, fields }: { fallback: string; fields?: Record<string, string> },
): Promise<R | null> {
  try {
    const res = await send(key.get());
    key.renew();
    return res;
  } catch (error) {
    key.afterError(error);
    applyServerError(form, error, { fields, fallback });
    return null;
  }
}

/**
 * A form that sends one request (a report, a log, a check): the schema's check (with `checkMessage`
 * above the form when it fails), then `send` once per attempt key; `onSent` gets the server's answer.
 */
export function useSendForm<S extends z.ZodType<FieldValues, FieldValues>, R>({
  schema,
  defaultValues,
  send,
  onSent,
  fallback,
  checkMessage,
}: {
  schema: SchemaSource<S>;
  defaultValues: DefaultValues<z.input<S>>;
  send: (values: z.output<S>, idempotencyKey: string) => Promise<R>;
  /** `reset` empties the form back to its defaults (for another request). */
  onSent: (res: R, reset: () => void) => void;
  /** What to say when the server failed. */
  fallback: string;
  checkMessage?: string;
}) {
  const form = useZodForm({ schema, defaultValues });
  const key = useAttemptKey();
  const submit = form.handleSubmit(
    async (values) => {
      const res = await sendAttempt(form, key, (k) => send(values, k), { fallback });
      if (res !== null) onSent(res, () => form.reset(defaultValues));
    },
    checkMessage ? flagCheck(form, checkMessage) : undefined,
  );
  const pending = form.formState.isSubmitting;
  return {
    form,
    onSubmit: (e: React.FormEvent<HTMLFormElement>) => {
      // A second tap while sending is the same attempt: ignore it.
      if (pending) return e.preventDefault();
      void submit(e);
    },
  };
}
