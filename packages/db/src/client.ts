import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import { embeddedUrl } from "./embedded-url";
import { dbEnv } from "./env";
import * as schema from "./schema";

export type Database = ReturnType<typeof createDb>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database handle or an open transaction: services accept either. */
export type DbOrTx = Database | Transaction;

export function createDb(url: string, max = dbEnv().DATABASE_POOL_MAX, opts: { onQuery?: (query: string) => void } = {}) {
  // onQuery lets tests and benchmarks count the statements one request sends (N+1 checks).
  const client = postgres(url, { max, onnotice: () => {}, ...(opts.onQuery ? { debug: (_c: number, query: string) => opts.onQuery!(query) } : {}) });
  return Object.assign(drizzle({ client, schema, casing: "snake_case" }), { $end: (opts?: { timeout?: number }) => client.end(opts) });
}

const globalForDb = globalThis as unknown as { clearwellDb?: Database };

/**
 * The process-wide pool. Without DATABASE_URL it points at the embedded server,
 * which the launcher or the app's instrumentation hook starts before first use.
 */
export function getDb(): Database {
  if (!globalForDb.clearwellDb) {
    const env = dbEnv();
    globalForDb.clearwellDb = createDb(env.DATABASE_URL ?? embeddedUrl(env.EMBEDDED_PG_PORT));
  }
  return globalForDb.clearwellDb;
}

export { schema };
