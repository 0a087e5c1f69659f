"use client";

import { MAX_BATCH_ITEMS } from "@clearwell/api/http-limits";
import type { PatientRouter } from "@clearwell/api/patient";
import type { QueryClient } from "@tanstack/react-query";
import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import superjson from "superjson";
import { config as zodConfig } from "zod/v4/core";

import { createQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<PatientRouter>();

/** Query options for polling: `useQuery(trpc.x.queryOptions(input, { ...background }))`; the server does not slide the session for it. */
export const background = { trpc: { context: { background: true } } } as const;

// The pages' Content-Security-Policy forbids eval: zod's compiled parsers would be refused (and
// reported in the console) before it falls back, so use the interpreted ones from the start.
// From zod/v4/core, not "zod": this layout is on every page, and the full zod API is not.
zodConfig({ jitless: true });

let browserQueryClient: QueryClient | undefined;

function getQueryClient() {
  // The server needs a fresh client per request so one user's data never reaches another.
  if (typeof window === "undefined") return createQueryClient();
  return (browserQueryClient ??= createQueryClient());
}

export function TRPCReactProvider({ children }: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<PatientRouter>({
      links: [
        // No loggerLink: it prints each call's input (passwords, dates of birth) to the console.
        // Polling goes apart and marked, so it never counts as activity for the idle logoff.
        splitLink({
          // Pushed updates (waiting room status) over server-sent events, background for the idle logoff.
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
          false: splitLink({
            // What the patient did goes out in the same task as the click: a batch waits a timer,
            // i.e. behind the re-render the click caused (issue 16). Reads are batched.
            condition: (op) => op.type === "mutation",
            true: httpLink({ url: "/api/trpc", transformer: superjson }),
            false: splitLink({
              condition: (op) => op.context.background === true,
              // maxItems: the server refuses larger batches.
              true: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_BATCH_ITEMS, headers: { "x-clearwell-background": "1" } }),
              false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_BATCH_ITEMS }),
            }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** Drops every cached query: used at sign-out and idle logoff so no PHI lingers in memory. */
export function clearBrowserCache() {
  browserQueryClient?.clear();
}
