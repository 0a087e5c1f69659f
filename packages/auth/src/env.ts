import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

import { parseTrustedProxies } from "./client-ip";

const DEV_SECRET = "clearwell-development-secret-do-not-use-in-production";

export const authEnv = () =>
  createEnv({
    server: {
      NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
      AUTH_SECRET: z.string().min(32).default(DEV_SECRET),
      PROVIDER_APP_URL: z.url().default("http://localhost:3000"),
      PATIENT_APP_URL: z.url().default("http://localhost:3001"),
      // HIPAA automatic logoff, 45 CFR 164.312(a)(2)(iii); DOMAIN.md §9.
      STAFF_IDLE_TIMEOUT_MINUTES: z.coerce.number().min(1).max(240).default(15),
      STAFF_ABSOLUTE_TIMEOUT_HOURS: z.coerce.number().min(1).max(72).default(12),
      PATIENT_IDLE_TIMEOUT_MINUTES: z.coerce.number().min(1).max(240).default(30),
      PATIENT_ABSOLUTE_TIMEOUT_HOURS: z.coerce.number().min(1).max(72).default(12),
      LOCKOUT_THRESHOLD: z.coerce.number().int().min(3).max(20).default(5),
      LOCKOUT_MINUTES: z.coerce.number().min(1).max(1440).default(15),
      SIGN_IN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
      SIGN_IN_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
      TWO_FACTOR_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
      // Reverse proxies (IPs or CIDR ranges, comma-separated) whose X-Forwarded-For is believed.
      // Empty: no forwarded header is trusted and unknown clients share one rate-limit bucket.
      TRUSTED_PROXIES: z
        .string()
        .default("")
        .transform((value, ctx) => {
          try {
            return parseTrustedProxies(value);
          } catch (e) {
            ctx.addIssue({ code: "custom", message: (e as Error).message });
            return z.NEVER;
          }
        }),
      // Browser tests only: the development mailer also appends each message here (JSON lines).
      MAIL_SINK_FILE: z.string().optional(),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });

export function assertProductionSecret(secret: string, nodeEnv: string) {
  if (nodeEnv === "production" && secret === DEV_SECRET) {
    throw new Error("AUTH_SECRET must be set to a private random value in production");
  }
}
