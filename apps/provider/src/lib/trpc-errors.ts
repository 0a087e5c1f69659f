import { TRPCClientError } from "@trpc/client";

interface ErrorData {
  code?: unknown;
  fieldErrors?: Record<string, string[] | undefined> | null;
  formErrors?: string[] | null;
  reasons?: string[] | null;
}

function dataOf(error: unknown): ErrorData | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  return (error as TRPCClientError<never>).data as ErrorData | undefined;
}

/** tRPC error code carried in `data.code`, when there is one. */
export function trpcCode(error: unknown): string | null {
  const code = dataOf(error)?.code;
  return typeof code === "string" ? code : null;
}

/** Per-field messages from the server's zod check (`data.fieldErrors`). */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(dataOf(error)?.fieldErrors ?? {})) {
    if (messages?.length) out[key] = messages;
  }
  return out;
}

/** A sentence fit to show a person: never a raw zod dump or a network stack. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (!(error instanceof TRPCClientError)) return error instanceof Error && error.message ? error.message : fallback;
  const data = dataOf(error);
  if (!data) return "We couldn't reach Clearwell. Check your connection and try again.";
  if (data.code === "BAD_REQUEST" && (data.fieldErrors || data.formErrors)) {
    return data.formErrors?.[0] ?? "Please correct the highlighted fields.";
  }
  const reasons = data.reasons?.length ? ` (${data.reasons.join("; ")})` : "";
  return (error.message || fallback) + reasons;
}
