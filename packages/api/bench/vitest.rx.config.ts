import { defineConfig } from "vitest/config";

// The e-prescribing benchmark and crash test (pnpm --filter @clearwell/api bench:rx | crash:rx):
// vitest as a runner so they reuse the integration fixtures; they print figures, one file at a time.
export default defineConfig({
  test: {
    include: ["bench/rx*.bench.ts"],
    globalSetup: ["bench/rx-global-setup.ts"],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    fileParallelism: false,
    reporters: ["verbose"],
  },
});
