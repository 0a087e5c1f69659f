import { embeddedUrl } from "./embedded-url";
import { dbEnv, isProduction } from "./env";

// Pure URL logic, no driver: imported by app bundles and the Playwright config.

/** The LOGIN role the apps, the worker and the seed use: no superuser, owns nothing, no TRUNCATE. */
export const APP_ROLE = "clearwell_app";
// Development and tests only: the machine's PostgreSQL trusts local connections and the embedded
// server is a local development server. Production must set DATABASE_APP_PASSWORD or DATABASE_APP_URL.
export const DEV_APP_PASSWORD = "clearwell-app-dev";

type Env = ReturnType<typeof dbEnv>;

export class DatabaseConfigError extends Error {}

/** The application role's name and password, and whether they were configured (not the dev default). */
export function appRoleCredentials(env: Env = dbEnv()): { role: string; password: string; configured: boolean } {
  if (env.DATABASE_APP_URL) {
    const u = new URL(env.DATABASE_APP_URL);
    return { role: decodeURIComponent(u.username), password: decodeURIComponent(u.password), configured: true };
  }
  if (env.DATABASE_APP_PASSWORD) return { role: APP_ROLE, password: env.DATABASE_APP_PASSWORD, configured: true };
  if (isProduction(env)) {
    throw new DatabaseConfigError(
      "DATABASE_APP_PASSWORD (or DATABASE_APP_URL) is not set: production never uses the development password of the clearwell_app database role.",
    );
  }
  return { role: APP_ROLE, password: DEV_APP_PASSWORD, configured: false };
}

/** The same server and database as `ownerUrl`, as the application role. */
export function appRoleUrl(ownerUrl: string, env: Env = dbEnv()): string {
  const { role, password } = appRoleCredentials(env);
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

/**
 * The connection string the apps and the worker use: DATABASE_APP_URL, else DATABASE_URL as the
 * application role, else (never in production) the embedded development server as that role.
 */
export function appDatabaseUrl(env: Env = dbEnv()): string {
  if (env.DATABASE_APP_URL) return env.DATABASE_APP_URL;
  if (env.DATABASE_URL) return appRoleUrl(env.DATABASE_URL, env);
  if (isProduction(env)) {
    throw new DatabaseConfigError(
      "DATABASE_URL is not set. In production Clearwell does not fall back to the embedded development database: set DATABASE_APP_URL (the clearwell_app role) or DATABASE_URL and DATABASE_APP_PASSWORD.",
    );
  }
  return appRoleUrl(embeddedUrl(env.EMBEDDED_PG_PORT), env);
}
