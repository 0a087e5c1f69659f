import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

import { authFromEnv } from "@clearwell/auth/from-env";
import { createDb } from "@clearwell/db/client";
import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";
import { demoTotpSecrets, seedDemo } from "@clearwell/seed";
import { ensureDemoVisit } from "@clearwell/seed/demo-visit";

import { E2E_AUTH_SECRET, E2E_DATABASE, E2E_LIVEKIT_KEY, E2E_LIVEKIT_SECRET, E2E_LIVEKIT_URL, E2E_PATIENT_URL, E2E_PROVIDER_URL, e2eDatabaseUrl } from "./env";

/** The product's worker on the e2e database: mail leaves the apps through its queue. */
function startWorker(databaseUrl: string): ChildProcess {
  const root = path.resolve(import.meta.dirname, "..");
  return spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.join(root, "apps/worker"),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: E2E_AUTH_SECRET,
      // Development transport: messages to the log (and MAIL_SINK_FILE when set), no SMTP server.
      NODE_ENV: "test",
      LIVEKIT_URL: E2E_LIVEKIT_URL,
      LIVEKIT_API_KEY: E2E_LIVEKIT_KEY,
      LIVEKIT_API_SECRET: E2E_LIVEKIT_SECRET,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** A fresh, migrated, seeded database for the browser tests; the apps connect to it lazily. */
export default async function globalSetup() {
  const embedded = process.env.DATABASE_URL ? null : await ensureEmbeddedPostgres();
  const admin = new URL(e2eDatabaseUrl());
  admin.pathname = "/postgres";
  const { url: target } = await createScratchDatabase(admin.toString(), E2E_DATABASE);

  Object.assign(process.env, { AUTH_SECRET: E2E_AUTH_SECRET, PROVIDER_APP_URL: E2E_PROVIDER_URL, PATIENT_APP_URL: E2E_PATIENT_URL });
  const db = createDb(target, 2);
  await seedDemo(db, authFromEnv("provider", db));
  await ensureDemoVisit(db);
  // Staff sign in with a TOTP code (env.ts staffTotp); workers inherit this process's env.
  process.env.E2E_TOTP_SECRETS = JSON.stringify(Object.fromEntries((await demoTotpSecrets(db, E2E_AUTH_SECRET)).map((s) => [s.email, s.secret])));
  await db.$end();
  const worker = startWorker(target);
  return async () => {
    if (worker.exitCode === null) {
      const exited = new Promise((r) => worker.once("exit", r));
      worker.kill("SIGTERM");
      await exited;
    }
    await embedded?.stop();
  };
}
