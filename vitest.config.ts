import { defineConfig } from "vitest/config";

// Unit tests (pure) and integration tests (real Postgres through the tRPC routers).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["packages/*/src/**/*.int.test.ts", "packages/*/test/**/*.int.test.ts", "apps/*/test/**/*.int.test.ts"],
          globalSetup: ["packages/api/test/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file makes its own clinics, so files run in parallel on one database.
          fileParallelism: true,
          // The harness's auth secret (test/harness.ts testAuth): services that seal queued mail from the
          // environment (alert mail, issue 13) and those given the auth instance's secret use the same key.
          env: { AUTH_SECRET: "integration-test-secret-0123456789abcdef" },
        },
      },
    ],
  },
});
