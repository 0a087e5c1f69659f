import "server-only";

import type { ResolvedSession } from "@clearwell/auth";
import { resolveSession } from "@clearwell/auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { serverParts } from "./parts";

/**
 * One session lookup per request, shared by the layout and the page. It never slides the
 * expiry: a server component cannot set the refreshed cookie, so only /api/auth and
 * /api/trpc (which forward Set-Cookie) refresh sessions. headers() comes first so static
 * prerendering bails out before any server part (and its env checks) is built.
 */
export const currentSession = cache(async (): Promise<ResolvedSession | null> => {
  const requestHeaders = await headers();
  return resolveSession(serverParts().auth, requestHeaders, { refresh: false });
});

/** For signed-in pages: the session, or a redirect to /sign-in. */
export async function requireSession(): Promise<ResolvedSession> {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  return session;
}
