import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import { appDatabaseUrl } from "./app-url";
import { dbEnv } from "./env";
import { guardTransactions } from "./pool-guard";
import * as schema from "./schema";

export type Database = ReturnType<typeof createDb>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database handle or an open transaction: services accept either. */
export type DbOrTx = Database | Transaction;

export function createDb(
  url: string,
  max = dbEnv().DATABASE_POOL_MAX,
  opts: { onQuery?: (query: string) => void; acquireTimeoutMs?: number; idleInTransactionTimeoutMs?: number } = {},
) {
  const env = dbEnv();
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // The server ends a transaction left idle (a stuck request holding locks and a connection).
    connection: { idle_in_transaction_session_timeout: opts.idleInTransactionTimeoutMs ?? env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS },
    // onQuery lets tests and benchmarks count the statements one request sends (N+1 checks).
    ...(opts.onQuery ? { debug: (_c: number, query: string) => opts.onQuery!(query) } : {}),
  });
  const db = drizzle({ client, schema, casing: "snake_case" });
  return Object.assign(guardTransactions(db, opts.acquireTimeoutMs ?? env.DATABASE_ACQUIRE_TIMEOUT_MS), { $end: (opts?: { timeout?: number }) => client.end(opts) });
}

const globalForDb = globalThis as unknown as { clearwellDb?: Database };

/**
 * The process-wide pool, as the least-privilege application role (appDatabaseUrl). Outside
 * production, without DATABASE_URL, it points at the embedded server, which the launcher or the
 * app's instrumentation hook starts before first use; in production that throws instead.
 */
export function getDb(): Database {
  if (!globalForDb.clearwellDb) {
    globalForDb.clearwellDb = createDb(appDatabaseUrl());
  }
  return globalForDb.clearwellDb;
}

export { schema };
export { PoolTimeoutError } from "./pool-guard";
