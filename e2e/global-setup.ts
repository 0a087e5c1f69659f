import { authFromEnv } from "@clearwell/auth/from-env";
import { createDb } from "@clearwell/db/client";
import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";
import { runMigrations } from "@clearwell/db/migrate";
import { seedDemo } from "@clearwell/seed";
import { ensureDemoVisit } from "@clearwell/seed/demo-visit";
import postgres from "postgres";

import { E2E_AUTH_SECRET, E2E_DATABASE, E2E_PATIENT_URL, E2E_PROVIDER_URL, e2eDatabaseUrl } from "./env";

/** A fresh, migrated, seeded database for the browser tests; the apps connect to it lazily. */
export default async function globalSetup() {
  const embedded = process.env.DATABASE_URL ? null : await ensureEmbeddedPostgres();
  const target = e2eDatabaseUrl();
  const admin = new URL(target);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${E2E_DATABASE} with (force)`);
  await sql.unsafe(`create database ${E2E_DATABASE}`);
  await sql.end();
  await runMigrations(target);

  Object.assign(process.env, { AUTH_SECRET: E2E_AUTH_SECRET, PROVIDER_APP_URL: E2E_PROVIDER_URL, PATIENT_APP_URL: E2E_PATIENT_URL });
  const db = createDb(target, 2);
  await seedDemo(db, authFromEnv("provider", db));
  await ensureDemoVisit(db);
  await db.$end();
  return async () => {
    await embedded?.stop();
  };
}
