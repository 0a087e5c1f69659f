import { authFromEnv } from "@clearwell/auth/from-env";
import { createDb } from "@clearwell/db/client";
import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";
import { seedDemo } from "@clearwell/seed";
import { ensureDemoVisit } from "@clearwell/seed/demo-visit";

import { E2E_AUTH_SECRET, E2E_DATABASE, E2E_PATIENT_URL, E2E_PROVIDER_URL, e2eDatabaseUrl } from "./env";

/** A fresh, migrated, seeded database for the browser tests; the apps connect to it lazily. */
export default async function globalSetup() {
  const embedded = process.env.DATABASE_URL ? null : await ensureEmbeddedPostgres();
  const admin = new URL(e2eDatabaseUrl());
  admin.pathname = "/postgres";
  const { url: target } = await createScratchDatabase(admin.toString(), E2E_DATABASE);

  Object.assign(process.env, { AUTH_SECRET: E2E_AUTH_SECRET, PROVIDER_APP_URL: E2E_PROVIDER_URL, PATIENT_APP_URL: E2E_PATIENT_URL });
  const db = createDb(target, 2);
  await seedDemo(db, authFromEnv("provider", db));
  await ensureDemoVisit(db);
  await db.$end();
  return async () => {
    await embedded?.stop();
  };
}
