import { TRPCClientError } from "@trpc/client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import { errorMessage, fieldErrorsOf } from "~/lib/trpc-errors";

/** The service's refusals name their field as "field: message" (packages/api services/safety). */
function reasonsOf(error: unknown): { field: string; message: string }[] {
  if (!(error instanceof TRPCClientError)) return [];
  const reasons = (error.data as { reasons?: unknown } | undefined)?.reasons;
  if (!Array.isArray(reasons)) return [];
  return reasons.flatMap((r) => {
    if (typeof r !== "string") return [];
    const m = /^([A-Za-z.]+): (.+)$/.exec(r);
    return m ? [{ field: m[1]!, message: m[2]! }] : [];
  });
}

/**
 * Puts the server's answer beside the field it is about and returns what is left for the form's
 * alert (null when every part found its field). `fields` maps a name the server uses (a zod key or
 * a reason's "field:") to the form field. A single refusal shows the server's whole sentence.
 */
export function placeServerErrors<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, fields: Partial<Record<string, Path<T>>>): string | null {
  const placed = new Set<string>();
  const put = (key: string, message: string) => {
    const target = fields[key];
    if (!target || placed.has(key)) return false;
    setError(target, { type: "server", message }, { shouldFocus: placed.size === 0 });
    placed.add(key);
    return true;
  };
  const zod = fieldErrorsOf(error);
  const zodKeys = Object.keys(zod);
  for (const key of zodKeys) put(key, zod[key]![0]!);
  if (zodKeys.length) return zodKeys.every((k) => placed.has(k)) ? null : errorMessage(error);

  const reasons = reasonsOf(error);
  if (!reasons.length) return errorMessage(error);
  const whole = error instanceof Error && error.message ? error.message : null;
  for (const r of reasons) put(r.field, reasons.length === 1 && whole ? whole : r.message);
  return reasons.every((r) => placed.has(r.field)) ? null : (whole ?? errorMessage(error));
}
