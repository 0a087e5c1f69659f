import type { TestProject } from "vitest/node";

import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";

/**
 * The e-prescribing benchmarks' database: a fresh, migrated scratch database on DATABASE_URL's
 * server or the embedded one, like the integration tests' global setup but without a LiveKit server
 * (nothing here opens a video room). The fixtures of packages/api/test read the same provided keys.
 */
export default async function setup(project: TestProject) {
  const embedded = process.env.DATABASE_URL ? null : await ensureEmbeddedPostgres();
  const base = process.env.DATABASE_URL ?? embedded!.url;
  const scratch = await createScratchDatabase(base, `clearwell_bench_rx_${process.pid}`);
  project.provide("databaseUrl", scratch.url);
  project.provide("ownerDatabaseUrl", scratch.ownerUrl);
  project.provide("livekitUrl", "ws://127.0.0.1:9");
  return async () => {
    await scratch.drop();
    await embedded?.stop();
  };
}
