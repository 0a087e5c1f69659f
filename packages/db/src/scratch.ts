import postgres from "postgres";

import { appRoleUrl } from "./app-url";
import { runMigrations } from "./migrate";

/**
 * A fresh, migrated database named `name` on the server behind `baseUrl` (tests and benchmarks
 * each make their own). `url` connects as the application role, like the apps; `ownerUrl` as the
 * owner (migrations, and tests that must show what even the owner cannot do). `drop()` removes it.
 */
export async function createScratchDatabase(baseUrl: string, name: string) {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a safe database name: ${name}`);
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const owner = new URL(baseUrl);
  owner.pathname = `/${name}`;
  const ownerUrl = owner.toString();
  await runMigrations(ownerUrl);
  return {
    url: appRoleUrl(ownerUrl),
    ownerUrl,
    drop: async () => {
      const sql = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}
