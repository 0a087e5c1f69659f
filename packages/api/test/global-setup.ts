import type { TestProject } from "vitest/node";

import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";

import { createDb } from "@clearwell/db/client";
import { createVideoService } from "@clearwell/video";

import { startLivekit, startWebhookReceiver } from "./livekit-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test database as the least-privilege application role, like the apps. */
    databaseUrl: string;
    /** The same database as its owner: only for tests that show what even the owner cannot do. */
    ownerDatabaseUrl: string;
    livekitUrl: string;
  }
}

/**
 * A fresh database for this run on DATABASE_URL's server (CI) or on the embedded
 * server, migrated (as the owner) with the same migrations production uses; the tests then
 * connect as the application role, as the apps do.
 */
export default async function setup(project: TestProject) {
  const embedded = process.env.DATABASE_URL ? null : await ensureEmbeddedPostgres();
  const base = process.env.DATABASE_URL ?? embedded!.url;
  const scratch = await createScratchDatabase(base, `clearwell_vitest_${process.pid}`);
  project.provide("databaseUrl", scratch.url);
  project.provide("ownerDatabaseUrl", scratch.ownerUrl);
  // The real server's webhooks reach the real handler, on the test database.
  const webhookDb = createDb(scratch.url, 2);
  const lkPort = Number(process.env.TEST_LIVEKIT_PORT ?? 7980);
  const receiver = await startWebhookReceiver(webhookDb, createVideoService({ url: `ws://127.0.0.1:${lkPort}`, apiKey: "devkey", apiSecret: "secret" }));
  const livekit = await startLivekit({ port: lkPort, webhookUrl: receiver.url });
  project.provide("livekitUrl", livekit.url);
  return async () => {
    await livekit.stop();
    await receiver.close();
    await webhookDb.$end({ timeout: 5 });
    await scratch.drop();
    await embedded?.stop();
  };
}
