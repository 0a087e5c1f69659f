"use client";

import { MAX_BATCH_ITEMS } from "@clearwell/api/http-limits";
import type { ProviderRouter } from "@clearwell/api/provider";
import type { QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import superjson from "superjson";
import { config as zodConfig } from "zod/v4/core";

import { createQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<ProviderRouter>();

/** Marks a request the app made on its own (polling): the server does not slide the idle session for it. */
const BACKGROUND_HEADER = "x-clearwell-background";
/** Query options for polling: `useQuery(trpc.x.queryOptions(input, background))`. */
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

// The clinic this tab loaded with. Sent on every request so a switch in another tab (which
// rewrites the shared cookie) can never send this tab's writes to a different clinic.
function tabClinic(): string | undefined {
  if (typeof document === "undefined") return undefined;
  return /(?:^|;\s*)cw-clinic=([0-9a-f-]{36})/.exec(document.cookie)?.[1];
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() => {
    const clinic = tabClinic();
    const link = (background: boolean) =>
      httpBatchLink({
        url: "/api/trpc",
        transformer: superjson,
        // The server refuses larger batches.
        maxItems: MAX_BATCH_ITEMS,
        headers: () => ({ ...(clinic ? { "x-clearwell-clinic": clinic } : {}), ...(background ? { [BACKGROUND_HEADER]: "1" } : {}) }),
      });
    // Pushed updates (who is waiting, visit status) arrive over server-sent events; the server
    // treats a stream as background, so it never counts as activity for the idle logoff.
    const reads = splitLink({ condition: (op) => op.context.background === true, true: link(true), false: link(false) });
    // What the clinician did (Admit, Sign...) goes out in the same task as the click: a batch waits
    // a timer, i.e. behind the re-render the click caused (issue 16). Reads are batched.
    const writes = httpLink({ url: "/api/trpc", transformer: superjson, headers: () => (clinic ? { "x-clearwell-clinic": clinic } : {}) });
    const requests = splitLink({ condition: (op) => op.type === "mutation", true: writes, false: reads });
    // EventSource cannot send headers: the tab's clinic travels as a connection parameter.
    const streams = httpSubscriptionLink({ url: "/api/trpc", transformer: superjson, connectionParams: () => (clinic ? { clinic } : {}) });
    return createTRPCClient<ProviderRouter>({
      links: [splitLink({ condition: (op) => op.type === "subscription", true: streams, false: requests })],
    });
  });
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
