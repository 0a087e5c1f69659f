import { MutationCache, QueryCache, QueryClient, defaultShouldDehydrateQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import superjson from "superjson";

/** tRPC error code carried in `data.code`, when there is one. */
export function trpcCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = (error as TRPCClientError<never>).data as { code?: unknown } | undefined;
  return typeof data?.code === "string" ? data.code : null;
}

/** Per-field messages from the server's zod check (`data.fieldErrors`). */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (!(error instanceof TRPCClientError)) return {};
  const data = (error as TRPCClientError<never>).data as { fieldErrors?: Record<string, string[] | undefined> | null } | undefined;
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(data?.fieldErrors ?? {})) if (messages?.length) out[key] = messages;
  return out;
}

/**
 * UNAUTHORIZED from any call means the session ended (idle timeout, sign-out in
 * another tab): drop cached PHI and go to sign-in instead of showing a broken page.
 */
let leaving = false;

/** Called when the app itself signs out, so late 401s from in-flight calls don't navigate twice. */
export function markLeaving() {
  leaving = true;
}

function onSessionEnded(error: unknown, client: () => QueryClient | undefined) {
  if (leaving || trpcCode(error) !== "UNAUTHORIZED" || typeof window === "undefined") return;
  leaving = true;
  client()?.clear();
  window.location.replace("/sign-in");
}

export function createQueryClient() {
  // The cache callbacks need the client they belong to, which exists only after construction.
  const holder: { client?: QueryClient } = {};
  const client = new QueryClient({
    queryCache: new QueryCache({ onError: (e) => onSessionEnded(e, () => holder.client) }),
    mutationCache: new MutationCache({ onError: (e) => onSessionEnded(e, () => holder.client) }),
    defaultOptions: {
      queries: {
        // Data is per-user and small; a short stale time avoids refetch storms on focus.
        staleTime: 30_000,
        // Auth and validation failures will not fix themselves on retry.
        retry: (count, error) => {
          const code = trpcCode(error);
          if (code && ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST", "CONFLICT"].includes(code)) return false;
          return count < 2;
        },
      },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
  holder.client = client;
  return client;
}
