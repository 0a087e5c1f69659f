import { afterEach, describe, expect, it } from "vitest";

import { APP_ROLE, DatabaseConfigError, appDatabaseUrl, appRoleUrl } from "./app-url";
import { getDb } from "./client";

// Issue 10 findings 11 and 14: which database the apps connect to, and as whom.
const saved = { ...process.env };
afterEach(() => {
  for (const k of ["NODE_ENV", "DATABASE_URL", "DATABASE_APP_URL", "DATABASE_APP_PASSWORD"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
function setEnv(env: Record<string, string | undefined>) {
  for (const k of ["DATABASE_URL", "DATABASE_APP_URL", "DATABASE_APP_PASSWORD"]) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
}

describe("the application's database URL", () => {
  it("is the owner's server and database as the application role", () => {
    setEnv({ NODE_ENV: "development", DATABASE_URL: "postgres://owner:secret@db.internal:5432/clearwell" });
    const url = new URL(appDatabaseUrl());
    expect([url.username, url.host, url.pathname]).toEqual([APP_ROLE, "db.internal:5432", "/clearwell"]);
    expect(url.password).not.toBe("secret");
  });

  it("in development without DATABASE_URL is the embedded server, still as the application role", () => {
    setEnv({ NODE_ENV: "development" });
    expect(new URL(appDatabaseUrl()).username).toBe(APP_ROLE);
    expect(new URL(appDatabaseUrl()).host).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("in production never falls back to the embedded database: getDb refuses with a clear message", () => {
    setEnv({ NODE_ENV: "production" });
    expect(() => getDb()).toThrow(DatabaseConfigError);
    expect(() => getDb()).toThrow(/DATABASE_URL is not set.*does not fall back to the embedded development database/);
  });

  it("in production needs a configured password: the development one is never derived", () => {
    setEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://owner@db.internal/clearwell" });
    expect(() => appDatabaseUrl()).toThrow(/DATABASE_APP_PASSWORD/);
    setEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://owner@db.internal/clearwell", DATABASE_APP_PASSWORD: "a-long-production-secret" });
    expect(new URL(appDatabaseUrl()).password).toBe("a-long-production-secret");
    setEnv({ NODE_ENV: "production", DATABASE_APP_URL: "postgres://app_role:pw-0123456789@db.internal/clearwell" });
    expect(appDatabaseUrl()).toBe("postgres://app_role:pw-0123456789@db.internal/clearwell");
    // A scratch database derived from another owner URL keeps the configured role.
    expect(new URL(appRoleUrl("postgres://owner@other:5433/scratch")).username).toBe("app_role");
  });
});
