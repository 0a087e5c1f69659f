import path from "node:path";

import { appRoleUrl } from "@clearwell/db/app-url";
import { defineConfig } from "@playwright/test";

import {
  E2E_AUTH_SECRET,
  E2E_RX_SIGNING_KEY,
  E2E_LIVEKIT_KEY,
  E2E_LIVEKIT_PORT,
  E2E_LIVEKIT_SECRET,
  E2E_LIVEKIT_URL,
  E2E_PATIENT_URL,
  E2E_PHARMACY_SECRET,
  E2E_PHARMACY_SIM_DATABASE,
  E2E_PHARMACY_SIM_PORT,
  E2E_PHARMACY_SIM_URL,
  E2E_PROVIDER_URL,
  e2eDatabaseUrl,
} from "./e2e/env";
import { E2E_MAIL_SINK } from "./e2e/mail";

// The worker (started by global-setup with this process's environment) also writes each
// message here; specs read invitation and enrolment links from it (e2e/mail.ts).
process.env.MAIL_SINK_FILE = E2E_MAIL_SINK;
// The worker's relay (started the same way) sends SCRIPT messages to the simulator below, signed.
process.env.RX_NETWORK_URL = `${E2E_PHARMACY_SIM_URL}/script`;
process.env.PHARMACY_SHARED_SECRET = E2E_PHARMACY_SECRET;

// The simulator's own database on the e2e server (created by the simulator, emptied at its start).
const pharmacySimDatabaseUrl = new URL(e2eDatabaseUrl());
pharmacySimDatabaseUrl.pathname = `/${E2E_PHARMACY_SIM_DATABASE}`;

// The built apps (`next start`) against their own seeded database `clearwell_e2e`,
// in Debian's Chromium (never a downloaded browser).
const appEnv = {
  // The least-privilege application role, as in production (the apps refuse the owner there).
  DATABASE_APP_URL: appRoleUrl(e2eDatabaseUrl()),
  AUTH_SECRET: E2E_AUTH_SECRET,
  RX_SIGNING_KEY: E2E_RX_SIGNING_KEY,
  PROVIDER_APP_URL: E2E_PROVIDER_URL,
  PATIENT_APP_URL: E2E_PATIENT_URL,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  // Every spec signs in from 127.0.0.1; the per-IP limit (10/min) is covered by integration tests,
  // and per-account lockout still applies here.
  SIGN_IN_RATE_LIMIT_MAX: "200",
  // Likewise every staff sign-in's TOTP step: the specs sign in more staff than 10 a minute.
  TWO_FACTOR_RATE_LIMIT_MAX: "200",
  LIVEKIT_URL: E2E_LIVEKIT_URL,
  LIVEKIT_API_KEY: E2E_LIVEKIT_KEY,
  LIVEKIT_API_SECRET: E2E_LIVEKIT_SECRET,
  RX_NETWORK_URL: `${E2E_PHARMACY_SIM_URL}/script`,
  PHARMACY_SHARED_SECRET: E2E_PHARMACY_SECRET,
};

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.e2e.ts",
  // Playwright 1.65 starts the webServers before globalSetup (runner: plugin setup, then
  // global setup). That is safe here: `next start` opens no database connection until a
  // request needs one, and the readiness URL /sign-in needs none.
  globalSetup: "./e2e/global-setup.ts",
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "reports/playwright.json" }]],
  use: {
    browserName: "chromium",
    // A failed test keeps its trace (actions, DOM snapshots, network) but not the screencast: that
    // copies every composited frame of every test, passing or not, and on two cores the video
    // pages' constant redraws made it a large share of the browser tests' time (issue 16's finding).
    // The failure screenshot below still shows the last screen.
    trace: { mode: "retain-on-failure", screenshots: false },
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        "--allow-loopback-in-peer-connection",
      ],
    },
  },
  webServer: [
    {
      // A real LiveKit server whose webhooks reach the built provider app.
      command: `node --import tsx scripts/livekit-run.ts ${E2E_LIVEKIT_PORT} ${E2E_PROVIDER_URL.replace("localhost", "127.0.0.1")}/api/livekit/webhook`,
      url: `http://127.0.0.1:${E2E_LIVEKIT_PORT}`,
      env: { LIVEKIT_API_KEY: E2E_LIVEKIT_KEY, LIVEKIT_API_SECRET: E2E_LIVEKIT_SECRET },
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      // The e-prescribing network and demo pharmacy: a separate process with its own database. It
      // listens at once and reaches the database when global setup has started it (embedded server).
      command: "node --import tsx src/main.ts",
      cwd: path.resolve(import.meta.dirname, "apps/pharmacy-sim"),
      url: `${E2E_PHARMACY_SIM_URL}/health/live`,
      env: {
        NODE_ENV: "test",
        PHARMACY_SIM_PORT: String(E2E_PHARMACY_SIM_PORT),
        PHARMACY_SIM_DATABASE_URL: pharmacySimDatabaseUrl.toString(),
        PHARMACY_SIM_RESET_ON_START: "1",
        PHARMACY_SHARED_SECRET: E2E_PHARMACY_SECRET,
        CLEARWELL_INBOUND_URL: `${E2E_PROVIDER_URL.replace("localhost", "127.0.0.1")}/api/rx/inbound`,
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      command: "pnpm --filter @clearwell/provider exec next start -p 3200",
      url: `${E2E_PROVIDER_URL}/sign-in`,
      env: appEnv,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
    {
      command: "pnpm --filter @clearwell/patient exec next start -p 3201",
      url: `${E2E_PATIENT_URL}/sign-in`,
      env: appEnv,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
  ],
});
