import { z } from "zod";

/** The development value shared with apps/pharmacy-sim; refused in production. */
export const DEV_PHARMACY_SHARED_SECRET = "clearwell-pharmacy-network-development-secret";

const ZRxEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // The SCRIPT network endpoint the built-in transport POSTs to (the pharmacy simulator in development).
  RX_NETWORK_URL: z.url().default("http://127.0.0.1:7400/script"),
  // Signs outbound SCRIPT messages and verifies inbound ones (HMAC-SHA256, @clearwell/script).
  PHARMACY_SHARED_SECRET: z.string().min(32).default(DEV_PHARMACY_SHARED_SECRET),
  // How long a claimed message is the claiming relay's; after that (a killed worker) another resends it.
  RX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // One send's HTTP time limit; must stay under the lease so a slow send never overlaps a reclaim.
  RX_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // Messages one worker sends at once.
  RX_RELAY_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  // Largest inbound SCRIPT body read (bytes); larger ones are refused unread (413).
  RX_INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024).default(64 * 1024),
});

export type RxEnv = z.output<typeof ZRxEnv>;

/**
 * E-prescribing transmission settings, validated with zod at start-up like the other packages'
 * env. Empty strings count as unset (as @t3-oss/env-core's emptyStringAsUndefined).
 */
export function rxEnv(source: Record<string, string | undefined> = process.env): RxEnv {
  const picked = Object.fromEntries(Object.keys(ZRxEnv.shape).map((k) => [k, source[k] === "" ? undefined : source[k]]));
  const parsed = ZRxEnv.safeParse(picked);
  if (!parsed.success) {
    throw new Error(`Invalid e-prescribing environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && env.PHARMACY_SHARED_SECRET === DEV_PHARMACY_SHARED_SECRET) {
    throw new Error("PHARMACY_SHARED_SECRET must be set to a private value in production");
  }
  if (env.RX_SEND_TIMEOUT_MS >= env.RX_LEASE_SECONDS * 1000) {
    throw new Error("RX_SEND_TIMEOUT_MS must be shorter than RX_LEASE_SECONDS");
  }
  return env;
}
