import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

import { trpcCode } from "~/lib/trpc-errors";

/**
 * UNAUTHORIZED from any call means the session ended (idle timeout, sign-out in another
 * tab, absolute cap): drop cached PHI and reload into sign-in instead of a broken page.
 */
function onSessionEnded(error: unknown, client: () => QueryClient | undefined) {
  if (trpcCode(error) !== "UNAUTHORIZED" || typeof window === "undefined") return;
  client()?.clear();
  window.location.replace("/sign-in");
}

export function createQueryClient() {
  let client: QueryClient | undefined = undefined;
  client = new QueryClient({
    queryCache: new QueryCache({ onError: (e) => onSessionEnded(e, () => client) }),
    mutationCache: new MutationCache({ onError: (e) => onSessionEnded(e, () => client) }),
    defaultOptions: {
      // Data a server component prefetched crosses to the browser as the API's does (dates stay dates).
      dehydrate: { serializeData: superjson.serialize },
      hydrate: { deserializeData: superjson.deserialize },
      queries: {
        // Short: several staff edit the same clinic, but refetching on every focus is noise.
        staleTime: 30_000,
        // Auth, scope and validation failures do not fix themselves on retry.
        retry: (count, error) => {
          const code = trpcCode(error);
          if (code && ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST", "CONFLICT", "UNPROCESSABLE_CONTENT"].includes(code)) {
            return false;
          }
          return count < 2;
        },
      },
    },
  });
  return client;
}
