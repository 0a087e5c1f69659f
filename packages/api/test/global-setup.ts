import type { TestProject } from "vitest/node";
import postgres from "postgres";

import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";
import { runMigrations } from "@clearwell/db/migrate";

import { createDb } from "@clearwell/db/client";
import { createVideoService } from "@clearwell/video";

import { startLivekit, startWebhookReceiver } from "./livekit-server";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    livekitUrl: string;
  }
}

/**
 * A fresh database for this run on DATABASE_URL's server (CI) or on the embedded
 * server, migrated with the same migrations production uses.
 */
export default async function setup(project: TestProject) {
  const embedded = process.env.DATABASE_URL ? null : await ensureEmbeddedPostgres();
  const base = process.env.DATABASE_URL ?? embedded!.url;
  const name = `clearwell_vitest_${process.pid}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  project.provide("databaseUrl", url.toString());
  // The real server's webhooks reach the real handler, on the test database.
  const webhookDb = createDb(url.toString(), 2);
  const lkPort = Number(process.env.TEST_LIVEKIT_PORT ?? 7980);
  const receiver = await startWebhookReceiver(webhookDb, createVideoService({ url: `ws://127.0.0.1:${lkPort}`, apiKey: "devkey", apiSecret: "secret" }));
  const livekit = await startLivekit({ port: lkPort, webhookUrl: receiver.url });
  project.provide("livekitUrl", livekit.url);
  return async () => {
    await livekit.stop();
    await receiver.close();
    await webhookDb.$end({ timeout: 5 });
    const cleanup = postgres(base, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists ${name} with (force)`);
    await cleanup.end();
    await embedded?.stop();
  };
}
