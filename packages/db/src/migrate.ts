import { migrate } from "drizzle-orm/postgres-js/migrator";

import { createDb } from "./client";
import { installJobQueue } from "./jobs";
import { migrationsFolder } from "./paths";
import { grantAppRole } from "./roles";

/** Applies the migrations as the owner (`url`), then grants the application role what it needs. */
export async function runMigrations(url: string) {
  const db = createDb(url, 1);
  try {
    await migrate(db, { migrationsFolder: migrationsFolder() });
  } finally {
    await db.$end();
  }
  await installJobQueue(url);
  // Last, after anything else this run installs (e.g. the job queue's schema), so it is covered too.
  await grantAppRole(url);
}
