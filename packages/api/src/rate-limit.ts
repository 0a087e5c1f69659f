import type { RateRule } from "@clearwell/auth";
import { consumeRateLimit } from "@clearwell/auth";
import type { Database } from "@clearwell/db/client";

import { TRPCError } from "./trpc";

export type { RateRule };

/** Per client address, for procedures anyone can call; shared by every instance (Postgres). */
export const PUBLIC_RATE_LIMIT: RateRule = { window: 60, max: 30 };
/** Steps that create accounts, send mail or prove a password: tighter. */
export const PUBLIC_WRITE_RATE_LIMIT: RateRule = { window: 600, max: 10 };

/**
 * Counts the call against its procedure and client address. Requests whose address is
 * unknown (no trusted proxy, see client-ip.ts) share one "direct" bucket.
 */
export async function enforcePublicRateLimit(db: Database, path: string, ipAddress: string | null, rule: RateRule) {
  const allowed = await consumeRateLimit(db, `trpc:${path}|${ipAddress ?? "direct"}`, rule);
  if (!allowed) {
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Too many attempts from your network. Please wait a few minutes and try again." });
  }
}
