import { setTimeout as sleep } from "node:timers/promises";

import { createDb } from "@clearwell/db/client";
import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";
import { closeExpiredVisits } from "@clearwell/api/services/visit/sweep";
import { videoFromEnv } from "@clearwell/video";
import { sql } from "drizzle-orm";

import { workerEnv } from "./env";

// Background worker: a database heartbeat and the jobs that must run whether or not anyone has
// a page open (closing visits whose time is over). Any number can run on one database.
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

const video = videoFromEnv();
await db.execute(sql`select 1`);
log(`worker ready (heartbeat every ${env.WORKER_HEARTBEAT_SECONDS} s, visit sweep every ${env.WORKER_VISIT_SWEEP_SECONDS} s)`);

const tick = Math.min(env.WORKER_HEARTBEAT_SECONDS, env.WORKER_VISIT_SWEEP_SECONDS) * 1000;
let lastHeartbeat = 0;
let lastSweep = 0;
while (!stop.signal.aborted) {
  const now = Date.now();
  // Keep going on failure: the database or LiveKit may come back (restart, failover).
  if (now - lastSweep >= env.WORKER_VISIT_SWEEP_SECONDS * 1000) {
    lastSweep = now;
    try {
      const closed = await closeExpiredVisits(db, video);
      if (closed) log(`closed ${closed} visit(s) whose time was over`);
    } catch (e) {
      log(`visit sweep failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (now - lastHeartbeat >= env.WORKER_HEARTBEAT_SECONDS * 1000) {
    lastHeartbeat = now;
    try {
      await db.execute(sql`select 1`);
    } catch (e) {
      log(`heartbeat failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  try {
    await sleep(tick, undefined, { signal: stop.signal });
  } catch {
    break; // aborted
  }
}

await db.$end({ timeout: 5 });
await pg.stop();
log("worker stopped");
process.exit(0);
