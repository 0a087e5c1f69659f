import type { AppName, Auth } from "@clearwell/auth";
import { authEnv } from "@clearwell/auth/env";
import { authFromEnv } from "@clearwell/auth/from-env";
import type { Database } from "@clearwell/db/client";
import { getDb } from "@clearwell/db/client";

import type { ServerParts } from "./http";
import { createHandlers } from "./http";
import { queuedMailer } from "./services/mail/outbox";

export interface ServerPartsFor {
  db: Database;
  auth: Auth;
  handlers: ReturnType<typeof createHandlers>;
}

// On globalThis so dev-mode module reloads reuse one pool and one auth instance per app.
const cache = globalThis as unknown as { clearwellParts?: Partial<Record<AppName, ServerPartsFor>> };

/**
 * One app's database pool, auth and HTTP handlers, built on first request (never at build time).
 * `extras`: what only this app wires in (the provider app: the seeded demo visit).
 */
export function serverPartsFor(app: AppName, extras: Pick<ServerParts, "demoVisits"> = {}): ServerPartsFor {
  cache.clearwellParts ??= {};
  let parts = cache.clearwellParts[app];
  if (!parts) {
    const db = getDb();
    const env = authEnv();
    // Mail leaves through the outbox queue; the worker delivers it (retries, dead letters).
    const mailer = queuedMailer(db, env.AUTH_SECRET);
    const auth = authFromEnv(app, db, mailer);
    const handlers = createHandlers({ db, auth, providerAppUrl: env.PROVIDER_APP_URL, patientAppUrl: env.PATIENT_APP_URL, mailer, ...extras });
    parts = { db, auth, handlers };
    cache.clearwellParts[app] = parts;
  }
  return parts;
}
