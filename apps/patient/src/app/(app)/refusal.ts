import { TRPCClientError } from "@trpc/client";

import { errorMessage } from "~/trpc/error-message";

interface ErrorData {
  code?: unknown;
  fieldErrors?: Record<string, string[] | undefined> | null;
  /** A service refusal (DomainError) names the fields it is about here. */
  reasons?: string[] | null;
}

const dataOf = (error: unknown) => (error instanceof TRPCClientError ? ((error as TRPCClientError<never>).data as ErrorData | undefined) : undefined);

/** A refusal the server worded for the patient (BAD_REQUEST from a service, not a zod dump). */
function serviceRefusal(error: unknown): string | null {
  const data = dataOf(error);
  if (!data || data.code !== "BAD_REQUEST" || data.fieldErrors) return null;
  return error instanceof Error && error.message ? error.message : null;
}

/**
 * Messages by field from a refused request: the zod check's field errors, or a service's plain
 * refusal under each field it names (e.g. the support code: "That code is not right ...").
 */
export function refusalByField(error: unknown): Record<string, string[]> {
  const data = dataOf(error);
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(data?.fieldErrors ?? {})) if (messages?.length) out[key] = messages;
  if (Object.keys(out).length) return out;
  const message = serviceRefusal(error);
  if (message) for (const field of data?.reasons ?? []) out[field] = [message];
  return out;
}

/** One sentence for the whole form: the service's own words for its refusals, else the usual message. */
export function refusalMessage(error: unknown, fallback: string): string {
  return serviceRefusal(error) ?? errorMessage(error, fallback);
}
