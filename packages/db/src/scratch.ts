import postgres from "postgres";

import { runMigrations } from "./migrate";

/**
 * A fresh, migrated database named `name` on the server behind `baseUrl` (tests and benchmarks
 * each make their own). `drop()` removes it again.
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
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
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
