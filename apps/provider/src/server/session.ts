import "server-only";

import type { ResolvedSession } from "@clearwell/auth";
import { resolveSession } from "@clearwell/auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { serverParts } from "./parts";

/**
 * One session lookup per request, shared by layout and page. `refresh: false` because a
 * server component cannot set cookies: sliding the expiry here would move the database
 * row without the browser cookie, and the cookie would then lapse first. Refreshes happen
 * in the route handlers, which can send Set-Cookie.
 */
export const currentSession = cache(async (): Promise<ResolvedSession | null> => {
  // headers() first: it marks the route dynamic before anything needs runtime secrets.
  const requestHeaders = await headers();
  return resolveSession(serverParts().auth, requestHeaders, { refresh: false });
});

/**
 * For signed-in pages: the session, or a redirect to /sign-in. Staff without a second factor
 * are sent to set one up first (DOMAIN.md §9: MFA for all staff); the API refuses them too.
 */
export async function requireSession(opts: { mfaSetup?: boolean } = {}): Promise<ResolvedSession> {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  if (!opts.mfaSetup && session.user.kind === "staff" && !session.user.twoFactorEnabled) redirect("/account/security?setup=required");
  return session;
}

/** Idle timeout configured for staff (seconds), for the client IdleGuard. */
export function idleTimeoutSeconds(): number {
  return serverParts().auth.clearwell.idleTimeoutSeconds;
}
