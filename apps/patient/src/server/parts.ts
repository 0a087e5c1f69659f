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

// Cached on globalThis so dev-mode module reloads do not open a new pool each time.
const globalForParts = globalThis as unknown as { clearwellPatientParts?: Parts };

export function serverParts(): Parts {
  if (!globalForParts.clearwellPatientParts) {
    const env = authEnv();
    const db = getDb();
    const auth = authFromEnv("patient", db, logMailer);
    const handlers = createHandlers({
      db,
      auth,
      providerAppUrl: env.PROVIDER_APP_URL,
      patientAppUrl: env.PATIENT_APP_URL,
      mailer: logMailer,
    });
    globalForParts.clearwellPatientParts = { db, auth, handlers };
  }
  return globalForParts.clearwellPatientParts;
}
