import { TRPCClientError } from "@trpc/client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import { errorMessage, fieldErrorsOf } from "~/lib/trpc-errors";

function reasonsOf(error: unknown): string[] {
  if (!(error instanceof TRPCClientError)) return [];
  const reasons = (error.data as { reasons?: unknown } | undefined)?.reasons;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === "string") : [];
}

/**
 * Puts the server's answer beside the field it is about and returns what is left for the form's
 * alert, if anything. `fields` maps a key the server names to the form field that shows it: zod field
 * errors (flattened to their first key, so "bounds" stands for a group), or a refusal whose reasons
 * name the field (e.g. CONFLICT ["ncpdpId"] for a duplicate NCPDP ID).
 */
export function applyServerErrors<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, fields: Partial<Record<string, Path<T>>>): string | null {
  const byField = fieldErrorsOf(error);
  let placed = 0;
  for (const [key, messages] of Object.entries(byField)) {
    const target = fields[key];
    if (target && messages[0]) {
      setError(target, { type: "server", message: messages[0] }, { shouldFocus: placed === 0 });
      placed++;
    }
  }
  if (placed && placed === Object.keys(byField).length) return null;
  if (!Object.keys(byField).length && error instanceof TRPCClientError) {
    const reasons = reasonsOf(error);
    const target = reasons.length === 1 ? fields[reasons[0]!] : undefined;
    if (target) {
      setError(target, { type: "server", message: error.message }, { shouldFocus: true });
      return null;
    }
  }
  return errorMessage(error);
}
