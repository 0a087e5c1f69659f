import { z } from "zod";

/**
 * The development value of the network's shared secret; the same literal as
 * packages/api/src/services/transmission/env.ts DEV_PHARMACY_SHARED_SECRET, so `start` works with
 * no configuration. Refused in production.
 */
export const DEV_PHARMACY_SHARED_SECRET = "clearwell-pharmacy-network-development-secret";
export const DEFAULT_SIM_PORT = 7400;
export const DEFAULT_SIM_DATABASE = "clearwell_pharmacy_sim";

const flag = z
  .enum(["0", "1", "true", "false"])
  .default("0")
  .transform((v) => v === "1" || v === "true");
const ms = (min: number, max: number, dflt: number) => z.coerce.number().int().min(min).max(max).default(dflt);

const ZSimEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PHARMACY_SIM_HOST: z.string().min(1).default("127.0.0.1"),
  // 0: any free port (the process prints the URL it listens on).
  PHARMACY_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_SIM_PORT),
  // The simulator's own database (created when missing). Unset: PHARMACY_SIM_DATABASE on
  // DATABASE_URL's server, or on the embedded server (EMBEDDED_PG_PORT).
  PHARMACY_SIM_DATABASE_URL: z.url().optional(),
  PHARMACY_SIM_DATABASE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/)
    .default(DEFAULT_SIM_DATABASE),
  DATABASE_URL: z.url().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  PHARMACY_SIM_POOL_MAX: z.coerce.number().int().min(1).max(50).default(5),
  // Verifies what Clearwell sends and signs what the simulator sends back (HMAC-SHA256).
  PHARMACY_SHARED_SECRET: z.string().min(32).default(DEV_PHARMACY_SHARED_SECRET),
  // Where responses (Status, Verify, Error, CancelRxResponse, RxFill) are POSTed.
  CLEARWELL_INBOUND_URL: z.url().default("http://127.0.0.1:3000/api/rx/inbound"),
  // The NCPDP IDs this simulated pharmacy answers for (comma-separated, 7 digits each).
  PHARMACY_SIM_NCPDP_IDS: z
    .string()
    .default("7654321")
    .transform((s) => s.split(",").map((x) => x.trim()))
    .pipe(z.array(z.string().regex(/^\d{7}$/, "An NCPDP ID has 7 digits.")).min(1)),
  // The answer to an accepted NewRx: Status with this code ("010" maps to acknowledged in
  // DEFAULT_ACK_MAPPING, packages/clinical ack.ts; "000" is in transit), or Verify.
  PHARMACY_SIM_STATUS_CODE: z.string().regex(/^\d{3}$/).default("010"),
  PHARMACY_SIM_ANSWER: z.enum(["Status", "Verify"]).default("Status"),
  PHARMACY_SIM_CALLBACK_TIMEOUT_MS: ms(100, 120_000, 10_000),
  // Callback retries: base * 2^(attempt-1), capped, ±20 % jitter, until max attempts.
  PHARMACY_SIM_RETRY_BASE_MS: ms(10, 600_000, 1_000),
  PHARMACY_SIM_RETRY_MAX_MS: ms(10, 3_600_000, 60_000),
  PHARMACY_SIM_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  PHARMACY_SIM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  // How long a "hang" answer keeps the connection before dropping it.
  PHARMACY_SIM_HANG_MS: ms(100, 600_000, 120_000),
  // Empty the simulator's tables at start (browser tests: a fresh pharmacy each run).
  PHARMACY_SIM_RESET_ON_START: flag,
});

export type SimEnv = z.output<typeof ZSimEnv>;

/** Validated at start-up (zod); empty strings count as unset. */
export function simEnv(source: Record<string, string | undefined> = process.env): SimEnv {
  const picked = Object.fromEntries(Object.keys(ZSimEnv.shape).map((k) => [k, source[k] === "" ? undefined : source[k]]));
  const parsed = ZSimEnv.safeParse(picked);
  if (!parsed.success) throw new Error(`Invalid pharmacy simulator environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const env = parsed.data;
  if (env.NODE_ENV === "production" && env.PHARMACY_SHARED_SECRET === DEV_PHARMACY_SHARED_SECRET) {
    throw new Error("PHARMACY_SHARED_SECRET must be set to a private value in production");
  }
  return env;
}
