import type { AppName, Auth } from "@clearwell/auth";
import { logMailer } from "@clearwell/auth";
import { authEnv } from "@clearwell/auth/env";
import { authFromEnv } from "@clearwell/auth/from-env";
import type { Database } from "@clearwell/db/client";
import { getDb } from "@clearwell/db/client";

import { createHandlers } from "./http";

export interface ServerPartsFor {
  db: Database;
  auth: Auth;
  handlers: ReturnType<typeof createHandlers>;
}

// On globalThis so dev-mode module reloads reuse one pool and one auth instance per app.
const cache = globalThis as unknown as { clearwellParts?: Partial<Record<AppName, ServerPartsFor>> };

/** One app's database pool, auth and HTTP handlers, built on first request (never at build time). */
export function serverPartsFor(app: AppName): ServerPartsFor {
  cache.clearwellParts ??= {};
  let parts = cache.clearwellParts[app];
  if (!parts) {
    const db = getDb();
    const auth = authFromEnv(app, db, logMailer);
    const env = authEnv();
    const handlers = createHandlers({ db, auth, providerAppUrl: env.PROVIDER_APP_URL, patientAppUrl: env.PATIENT_APP_URL, mailer: logMailer });
    parts = { db, auth, handlers };
    cache.clearwellParts[app] = parts;
  }
  return parts;
}
