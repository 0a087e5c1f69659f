import { defineConfig } from "@playwright/test";

import { E2E_LIVEKIT_KEY, E2E_LIVEKIT_SECRET } from "./e2e/env";
import base from "./playwright.config";

// Benchmarks reuse the e2e servers, browser flags and seeded database; they print figures and
// assert nothing about time. The floor alone (BENCH_ONLY=floor, BENCH_FLOOR_VARIANTS) needs only a
// LiveKit server: none of the apps, no database, and on BENCH_LIVEKIT_PORT it can run beside the
// browser tests' servers.
const floorOnly = process.env.BENCH_ONLY === "floor" || !!process.env.BENCH_FLOOR_VARIANTS;
const port = Number(process.env.BENCH_LIVEKIT_PORT ?? 0);

export default defineConfig({
  ...base,
  testDir: "./e2e/bench",
  testMatch: "**/*.bench.ts",
  reporter: [["list"]],
  // No Playwright trace: its screencast copies every composited frame, work the timed window would share.
  use: { ...base.use, trace: "off", screenshot: "off", video: "off" },
  ...(floorOnly
    ? {
        globalSetup: undefined,
        webServer: port
          ? {
              command: `node --import tsx scripts/livekit-run.ts ${port}`,
              url: `http://127.0.0.1:${port}`,
              env: { LIVEKIT_API_KEY: E2E_LIVEKIT_KEY, LIVEKIT_API_SECRET: E2E_LIVEKIT_SECRET },
              reuseExistingServer: false,
              timeout: 300_000,
              stdout: "ignore",
              gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
            }
          : [base.webServer].flat().filter((w): w is NonNullable<typeof w> => !!w?.command.includes("livekit-run")),
      }
    : {}),
});
