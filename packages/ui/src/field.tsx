"use client";

import type { ReactElement, ReactNode } from "react";
import { cloneElement, isValidElement, useId } from "react";

import type { InputProps } from "./input";
import { cn } from "./cn";
import { Input } from "./input";
import { Label } from "./label";

export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "aria-required"?: true;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** One message or several (e.g. zod fieldErrors); the first few are shown. */
  error?: string | string[] | null;
  required?: boolean;
  /** Control id; generated when omitted. */
  id?: string;
  className?: string;
  /** A single control element (props are injected) or a render function receiving the wiring props. */
  children: ReactElement<FieldControlProps> | ((props: FieldControlProps) => ReactNode);
}

/** Label + control + hint + error, with aria-describedby / aria-invalid wired to the control. */
export function Field({ label, hint, error, required, id, className, children }: FieldProps) {
  const generated = useId();
  const controlId = id ?? `field-${generated}`;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const messages = (Array.isArray(error) ? error : error ? [error] : []).filter(Boolean);
  const describedBy = [hint ? hintId : null, messages.length ? errorId : null].filter(Boolean).join(" ");

  const controlProps: FieldControlProps = {
    id: controlId,
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
    ...(messages.length ? { "aria-invalid": true as const } : {}),
    ...(required ? { "aria-required": true as const } : {}),
  };

  let control: ReactNode;
  if (typeof children === "function") control = children(controlProps);
  else if (isValidElement(children)) control = cloneElement(children, controlProps);
  else control = children;

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={controlId} required={required}>
        {label}
      </Label>
      {control}
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {messages.length ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {messages.slice(0, 3).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export interface TextFieldProps extends Omit<InputProps, "id"> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | string[] | null;
  id?: string;
  fieldClassName?: string;
}

/** Field + Input in one: `<TextField label="Email" type="email" name="email" error={...} />`. */
export function TextField({ label, hint, error, id, required, fieldClassName, ...inputProps }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} id={id} required={required} className={fieldClassName}>
      {(wiring) => <Input required={required} {...inputProps} {...wiring} />}
    </Field>
  );
}
