import type { Database } from "@clearwell/db/client";

import type { AppName, Mailer } from "./index";
import { initAuth } from "./index";
import { assertProductionSecret, authEnv } from "./env";

/** Builds the auth instance for one app from validated environment variables. */
export function authFromEnv(app: AppName, db: Database, mailer?: Mailer) {
  const env = authEnv();
  assertProductionSecret(env.AUTH_SECRET, env.NODE_ENV);
  const staff = app === "provider";
  if (env.NODE_ENV === "production" && env.TRUSTED_PROXIES.length === 0) {
    // Behind TLS there is always a proxy; without it every client shares one sign-in limit.
    console.warn("[auth] TRUSTED_PROXIES is empty: client addresses are unknown and share one rate-limit bucket. Set it to your reverse proxy's address.");
  }
  return initAuth({
    db,
    app,
    mailer,
    baseURL: staff ? env.PROVIDER_APP_URL : env.PATIENT_APP_URL,
    secret: env.AUTH_SECRET,
    trustedOrigins: [staff ? env.PROVIDER_APP_URL : env.PATIENT_APP_URL],
    idleTimeoutSeconds: (staff ? env.STAFF_IDLE_TIMEOUT_MINUTES : env.PATIENT_IDLE_TIMEOUT_MINUTES) * 60,
    absoluteTimeoutSeconds: (staff ? env.STAFF_ABSOLUTE_TIMEOUT_HOURS : env.PATIENT_ABSOLUTE_TIMEOUT_HOURS) * 3600,
    lockout: { threshold: env.LOCKOUT_THRESHOLD, minutes: env.LOCKOUT_MINUTES },
    signInRateLimit: { window: env.SIGN_IN_RATE_LIMIT_WINDOW_SECONDS, max: env.SIGN_IN_RATE_LIMIT_MAX },
    twoFactorRateLimit: { window: 60, max: env.TWO_FACTOR_RATE_LIMIT_MAX },
    secureCookies: env.NODE_ENV === "production",
    trustedProxies: env.TRUSTED_PROXIES,
  });
}
