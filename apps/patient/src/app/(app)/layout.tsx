import { HydrationBoundary, dehydrate, hashKey } from "@tanstack/react-query";

import { AppShell } from "~/components/app-shell";
import { serverParts } from "~/server/parts";
import { requireSession } from "~/server/session";
import { getQueryClient, trpc } from "~/trpc/server";

import { PatientNav } from "./patient-nav";

// Per-user pages: never prerendered or cached.
export const dynamic = "force-dynamic";

/** Signed-in area: a session is required before anything renders. */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const session = await requireSession();
  // The nav's regimen, read here so it renders with the page (the home reads the same query: one
  // read serves both). Hydrated above the page, or the nav would ask for it again in the browser.
  const queryClient = getQueryClient();
  const regimen = trpc.regimen.mine.queryOptions();
  await queryClient.prefetchQuery(regimen);
  const navState = dehydrate(queryClient, { shouldDehydrateQuery: (q) => q.queryHash === hashKey(regimen.queryKey) && q.state.status === "success" });
  return (
    <AppShell
      userName={session.user.name}
      userEmail={session.user.email}
      idleTimeoutSeconds={serverParts().auth.clearwell.idleTimeoutSeconds}
      nav={
        <HydrationBoundary state={navState}>
          <PatientNav />
        </HydrationBoundary>
      }
    >
      {children}
    </AppShell>
  );
}
