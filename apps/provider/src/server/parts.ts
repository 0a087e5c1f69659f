import "server-only";

import { createHandlers } from "@clearwell/api/http";
import type { Auth } from "@clearwell/auth";
import { logMailer } from "@clearwell/auth";
import { authEnv } from "@clearwell/auth/env";
import { authFromEnv } from "@clearwell/auth/from-env";
import type { Database } from "@clearwell/db/client";
import { getDb } from "@clearwell/db/client";

interface Parts {
  db: Database;
  auth: Auth;
  handlers: ReturnType<typeof createHandlers>;
}

// On globalThis so dev-mode module reloads reuse one pool and one auth instance.
const globalForParts = globalThis as unknown as { clearwellProviderParts?: Parts };

/** Built lazily on first request, so `next build` never needs a database or secrets. */
export function serverParts(): Parts {
  if (!globalForParts.clearwellProviderParts) {
    const db = getDb();
    const auth = authFromEnv("provider", db, logMailer);
    const env = authEnv();
    const handlers = createHandlers({
      db,
      auth,
      providerAppUrl: env.PROVIDER_APP_URL,
      patientAppUrl: env.PATIENT_APP_URL,
      mailer: logMailer,
    });
    globalForParts.clearwellProviderParts = { db, auth, handlers };
  }
  return globalForParts.clearwellProviderParts;
}
