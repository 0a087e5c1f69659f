import { TRPCClientError } from "@trpc/client";

/** The server's list of what is still missing (DomainError `reasons`, e.g. from note.sign). */
export function reasonsOf(error: unknown): string[] {
  if (!(error instanceof TRPCClientError)) return [];
  const reasons = (error.data as { reasons?: unknown } | undefined)?.reasons;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === "string") : [];
}
