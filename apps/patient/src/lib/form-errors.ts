import type { z } from "zod";

export type FieldErrors = Record<string, string[]>;

/** Zod issues keyed by dotted path ("supportPerson.phone"), for per-field messages. */
export function issuesByPath(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Moves focus to the first invalid control after React has rendered the messages. */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => {
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
