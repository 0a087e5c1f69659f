import { TRPCClientError } from "@trpc/client";

/**
 * A sentence fit to show a person: the server's own message for a refused request (its
 * messages are written for patients), never a stack or a raw network error.
 */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (!(error instanceof TRPCClientError)) return fallback;
  const data = (error as TRPCClientError<never>).data as { code?: unknown } | undefined;
  // No data means the request never got an answer from the server.
  if (!data) return "We couldn't reach Clearwell. Check your internet connection and try again.";
  if (data.code === "INTERNAL_SERVER_ERROR" || data.code === "BAD_REQUEST") return fallback;
  return error.message || fallback;
}
