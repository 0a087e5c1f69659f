"use client";

import type { ReactElement, ReactNode, Ref } from "react";
import { cloneElement, isValidElement, useEffect, useRef } from "react";
import type { Control, FieldError, FieldPath, FieldValues, Resolver, UseFormProps, UseFormReturn, UseFormSetError } from "react-hook-form";
import { get, useController, useForm, useFormState } from "react-hook-form";
import type { z } from "zod";

import { Alert } from "./alert";
import type { FieldControlProps } from "./field";
import { Field } from "./field";
import { Input } from "./input";

/** Human labels by dotted path ("address.line1": "Street address"; "people.*.name" for arrays). */
export type FieldLabels = Readonly<Partial<Record<string, string>>>;

// Labels each <FormField> registers for its field, keyed by the form's control (stable per form).
const registeredLabels = new WeakMap<object, Record<string, string>>();

type AnySchema = z.ZodType<FieldValues, FieldValues>;
// Any form over field values T, whatever its submitted (transformed) values are.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the output type does not matter here
export type AnyForm<T extends FieldValues> = UseFormReturn<T, any, any>;

/**
 * The form's schema, or a function loading it (`() => import("…").then((m) => m.ZThing)`): a loaded
 * schema and zod stay out of the page's first load and arrive after hydration, before the first check.
 */
export type SchemaSource<S extends AnySchema> = S | (() => Promise<S>);

export interface UseZodFormOptions<S extends AnySchema> extends Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, "resolver"> {
  schema: SchemaSource<S>;
  /** Labels for messages, overriding those the form's <FormField>s register. */
  labels?: FieldLabels;
}

export type ZodForm<S extends AnySchema> = UseFormReturn<z.input<S>, unknown, z.output<S>>;

/**
 * The form's resolver over a schema source: loads the schema and the message mapping (form-resolver)
 * once, then checks exactly as zodFormResolver does. A failed load is retried on the next check.
 * `preload` starts the load without checking anything.
 */
export function lazyZodFormResolver<S extends AnySchema>(source: SchemaSource<S>, labelsOf: () => Readonly<Record<string, string>>) {
  type R = Resolver<z.input<S>, unknown, z.output<S>>;
  let pending: Promise<R> | null = null;
  const loadSchema = async (): Promise<S> => (typeof source === "function" ? await (source as () => Promise<S>)() : source);
  const build = async (): Promise<R> => {
    const [{ zodFormResolver }, schema] = await Promise.all([import("./form-resolver"), loadSchema()]);
    return zodFormResolver<S>(schema, labelsOf);
  };
  const load = () =>
    (pending ??= build().catch((error: unknown) => {
      pending = null;
      throw error;
    }));
  const resolver: R = async (values, context, options) => (await load())(values, context, options);
  return { resolver, preload: () => void load().catch(() => undefined) };
}

/**
 * react-hook-form over a zod schema from @clearwell/validators, with every message from the one
 * mapping (plainMessage) and the field's label. Validates on submit, then as fields change; the
 * first invalid control takes focus on a failed submit (react-hook-form's shouldFocusError).
 * The schema and the mapping load after the page has hydrated (see SchemaSource).
 */
export function useZodForm<S extends AnySchema>({ schema, labels, ...options }: UseZodFormOptions<S>): ZodForm<S> {
  const explicit = useRef<FieldLabels>(labels ?? {});
  explicit.current = labels ?? {};
  const registered = useRef<Record<string, string>>({});
  const resolverRef = useRef<ReturnType<typeof lazyZodFormResolver<S>> | null>(null);
  resolverRef.current ??= lazyZodFormResolver(schema, () => ({ ...registered.current, ...(explicit.current as Record<string, string>) }));
  const { preload } = resolverRef.current;
  // Ready before the first submit in practice; a check that comes sooner waits for it.
  useEffect(preload, [preload]);
  const form = useForm<z.input<S>, unknown, z.output<S>>({ mode: "onSubmit", reValidateMode: "onChange", shouldFocusError: true, ...options, resolver: resolverRef.current.resolver });
  if (!registeredLabels.has(form.control)) registeredLabels.set(form.control, registered.current);
  return form;
}

interface ServerErrorData {
  code?: unknown;
  fieldErrors?: Record<string, string[] | undefined> | null;
  fieldErrorsByPath?: Record<string, string[] | undefined> | null;
  formErrors?: string[] | null;
  reasons?: unknown;
}

const FALLBACK = "Something went wrong. Please try again.";

function dataOf(error: unknown): ServerErrorData | undefined {
  if (!error || typeof error !== "object" || !("data" in error)) return undefined;
  const data = (error as { data?: unknown }).data;
  return data && typeof data === "object" ? (data as ServerErrorData) : undefined;
}

/** A sentence for the form's alert from any error: never a zod dump or a network stack. */
export function formErrorMessage(error: unknown): string {
  const data = dataOf(error);
  const isTrpc = error instanceof Error && error.name === "TRPCClientError";
  if (isTrpc && !data) return "We couldn't reach Clearwell. Check your connection and try again.";
  if (data?.code === "BAD_REQUEST" && (data.fieldErrors || data.formErrors)) return data.formErrors?.[0] ?? "Please correct the highlighted fields.";
  if (data?.code === "INTERNAL_SERVER_ERROR") return FALLBACK;
  return error instanceof Error && error.message ? error.message : FALLBACK;
}

function isMounted(control: unknown, path: string): boolean {
  // The fields react-hook-form has registered (inputs and controllers alike).
  const names = (control as { _names?: { mount?: Set<string> } } | undefined)?._names?.mount;
  return !!names?.has(path);
}

/** A form, or just its setError (then only the keys in `fields` are placed). */
export type ServerErrorTarget<T extends FieldValues> = AnyForm<T> | { setError: UseFormSetError<T>; control?: undefined };

export interface ApplyServerErrorOptions {
  /** The sentence for a failure nobody can act on (a server fault, an unknown error). */
  fallback?: string;
  /** The app's own wording for what no field took (e.g. with the refusal's reasons); default formErrorMessage. */
  message?: (error: unknown) => string;
  /**
   * A server key → the form field showing it, for keys that differ ("strength" → "strength.value").
   * Keys not in the map go to the field of the same path when the form has one.
   */
  fields?: Readonly<Partial<Record<string, string>>>;
}

/**
 * Puts a tRPC error's parts beside the fields they are about (zod field errors by dotted path, and
 * refusals whose reasons name a field as "field: message" or just "field") and returns what is left
 * for the form's alert: null when every part found its field. The message is also kept as the form's
 * root error, which <FormError form> shows, until the next submit.
 */
export function applyServerError<T extends FieldValues>(form: ServerErrorTarget<T>, error: unknown, options: ApplyServerErrorOptions = {}): string | null {
  const f = form as unknown as Pick<UseFormReturn<FieldValues>, "setError"> & { control?: unknown };
  const targetOf = (key: string): string | null => {
    const mapped = options.fields?.[key];
    if (mapped) return mapped;
    return isMounted(f.control, key) ? key : null;
  };
  let focused = false;
  const put = (key: string, message: string) => {
    const target = targetOf(key);
    if (!target) return false;
    f.setError(target, { type: "server", message }, { shouldFocus: !focused });
    focused = true;
    return true;
  };
  const finish = (message: string | null) => {
    if (message) f.setError("root.server", { type: "server", message });
    return message;
  };

  const data = dataOf(error);
  const byPath = data?.fieldErrorsByPath ?? data?.fieldErrors ?? null;
  const entries = Object.entries(byPath ?? {}).filter((e): e is [string, string[]] => !!e[1]?.length);
  if (entries.length) {
    // Dotted paths first; a key the form lacks may still be mapped by its first segment.
    const unplaced = entries.filter(([key, messages]) => !put(key, messages[0]!) && !put(key.split(".")[0]!, messages[0]!));
    if (!unplaced.length) return finish(data?.formErrors?.[0] ?? null);
    return finish(data?.formErrors?.[0] ?? unplaced[0]![1][0] ?? "Please correct the highlighted fields.");
  }

  const reasons = Array.isArray(data?.reasons) ? data.reasons.filter((r): r is string => typeof r === "string") : [];
  if (reasons.length && error instanceof Error) {
    const whole = error.message || null;
    const parts = reasons.map((r) => {
      const m = /^([A-Za-z][\w.]*): (.+)$/.exec(r);
      if (m) return { field: m[1]!, message: reasons.length === 1 && whole ? whole : m[2]! };
      // Bare field names (e.g. CONFLICT ["ncpdpId"]): the error's sentence goes beside each.
      return /^[A-Za-z][\w.]*$/.test(r) && whole ? { field: r, message: whole } : null;
    });
    if (parts.every(Boolean)) {
      const placed = parts.map((p) => put(p!.field, p!.message));
      if (placed.every(Boolean)) return finish(null);
    }
  }
  const code = data?.code;
  const unexpected = !(error instanceof Error) || (data ? code === "INTERNAL_SERVER_ERROR" || typeof code !== "string" : error.name !== "TRPCClientError");
  return finish(unexpected && options.fallback ? options.fallback : (options.message ?? formErrorMessage)(error));
}

/** The form-level message (a server refusal, or a schema issue on the whole form), as an alert. */
export function FormError<T extends FieldValues>({ form, className }: { form: AnyForm<T>; className?: string }) {
  const { errors } = useFormState({ control: (form as unknown as UseFormReturn<FieldValues>).control });
  const message = (errors.root?.server?.message ?? errors.root?.message) as string | undefined;
  return message ? (
    <Alert variant="error" className={className}>
      {message}
    </Alert>
  ) : null;
}

/** What a FormField's render function receives: the Field's aria wiring plus the form binding. */
export type FormControlProps = FieldControlProps & {
  name: string;
  onChange: (...event: unknown[]) => void;
  onBlur: () => void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any element's ref
  ref: Ref<any>;
  /** Only for `controlled` fields. */
  value?: unknown;
  disabled?: boolean;
};

export interface FormFieldProps<T extends FieldValues> {
  form: AnyForm<T>;
  name: FieldPath<T>;
  label: ReactNode;
  /** The label used in messages when `label` is not plain text. */
  messageLabel?: string;
  hint?: ReactNode;
  required?: boolean;
  id?: string;
  className?: string;
  /**
   * Use react-hook-form's controller (value + onChange) rather than register: for custom controls
   * such as TimeZoneSelect. The render function receives `value`.
   */
  controlled?: boolean;
  /** Options for register (valueAsNumber, setValueAs…); ignored when controlled. */
  registerOptions?: Parameters<UseFormReturn<T>["register"]>[1];
  /** An element (the wiring props are injected), a render function, or nothing for a text Input. */
  children?: ReactElement | ((props: FormControlProps) => ReactNode);
}

/**
 * Field (label, hint, error, aria wiring) bound to one form field: its error comes from the form,
 * and its label is registered for that field's messages ("Enter the street address.").
 */
export function FormField<T extends FieldValues>(props: FormFieldProps<T>) {
  const f = props.form as unknown as UseFormReturn<FieldValues>;
  const labels = registeredLabels.get(f.control);
  const label = props.messageLabel ?? (typeof props.label === "string" ? props.label : undefined);
  if (labels && label) labels[props.name] = label;
  return props.controlled ? <ControlledFormField {...props} /> : <RegisteredFormField {...props} />;
}

function renderControl(children: FormFieldProps<FieldValues>["children"], wiring: FormControlProps, required?: boolean): ReactNode {
  if (typeof children === "function") return children(wiring);
  if (isValidElement(children)) return cloneElement(children as ReactElement<FormControlProps>, wiring);
  const { value, ...rest } = wiring;
  return <Input required={required} {...(rest as object)} {...("value" in wiring ? { value: (value as string | number | undefined) ?? "" } : {})} />;
}

function useFieldError(control: Control<FieldValues>, name: string): string | undefined {
  const { errors } = useFormState({ control, name });
  return (get(errors, name) as FieldError | undefined)?.message;
}

function RegisteredFormField<T extends FieldValues>({ form, name, label, hint, required, id, className, registerOptions, children }: FormFieldProps<T>) {
  const f = form as unknown as UseFormReturn<FieldValues>;
  const error = useFieldError(f.control, name);
  const registration = f.register(name, registerOptions as Parameters<UseFormReturn<FieldValues>["register"]>[1]);
  return (
    <Field label={label} hint={hint} error={error} required={required} id={id} className={className}>
      {(wiring) => renderControl(children as FormFieldProps<FieldValues>["children"], { ...registration, ...wiring } as unknown as FormControlProps, required)}
    </Field>
  );
}

function ControlledFormField<T extends FieldValues>({ form, name, label, hint, required, id, className, children }: FormFieldProps<T>) {
  const f = form as unknown as UseFormReturn<FieldValues>;
  const { field, fieldState } = useController({ control: f.control, name });
  return (
    <Field label={label} hint={hint} error={fieldState.error?.message} required={required} id={id} className={className}>
      {(wiring) => renderControl(children as FormFieldProps<FieldValues>["children"], { ...field, ...wiring } as unknown as FormControlProps, required)}
    </Field>
  );
}
