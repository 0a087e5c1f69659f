import { defineConfig } from "@playwright/test";

import base from "./playwright.config";

// Benchmarks reuse the e2e servers, browser flags and seeded database; they print figures and
// assert nothing about time.
export default defineConfig({
  ...base,
  testDir: "./e2e/bench",
  testMatch: "**/*.bench.ts",
  reporter: [["list"]],
});
