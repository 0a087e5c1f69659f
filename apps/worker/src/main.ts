import { setTimeout as sleep } from "node:timers/promises";

import { createDb } from "@clearwell/db/client";
import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";
import { sql } from "drizzle-orm";

import { workerEnv } from "./env";

// Background worker. No jobs yet: it holds a pool and proves the database is reachable,
// so jobs (outbox relay, reminders) plug into a running process with its own shutdown path.
const env = workerEnv();
// A server this process started (worker run on its own) is stopped with it; a shared one is left alone.
const pg = env.DATABASE_URL ? { url: env.DATABASE_URL, stop: async () => {} } : await ensureEmbeddedPostgres();
const db = createDb(pg.url, env.WORKER_POOL_MAX);
const log = (msg: string) => console.log(`${new Date().toISOString()} ${msg}`);

const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) return;
    log(`${signal} received, shutting down`);
    stop.abort();
  });
}

await db.execute(sql`select 1`);
log(`worker ready (heartbeat every ${env.WORKER_HEARTBEAT_SECONDS} s)`);

while (!stop.signal.aborted) {
  try {
    await sleep(env.WORKER_HEARTBEAT_SECONDS * 1000, undefined, { signal: stop.signal });
  } catch {
    break; // aborted
  }
  try {
    await db.execute(sql`select 1`);
  } catch (e) {
    // Keep going: the database may come back (restart, failover).
    log(`heartbeat failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

await db.$end({ timeout: 5 });
await pg.stop();
log("worker stopped");
process.exit(0);
