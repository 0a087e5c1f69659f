import { migrate } from "drizzle-orm/postgres-js/migrator";

import { createDb } from "./client";
import { migrationsFolder } from "./paths";

export async function runMigrations(url: string) {
  const db = createDb(url, 1);
  try {
    await migrate(db, { migrationsFolder: migrationsFolder() });
  } finally {
    await db.$end();
  }
}
