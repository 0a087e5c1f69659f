import { appDatabaseUrl } from "./app-url";
import { dbEnv, isProduction } from "./env";
import { PrivilegeError, assertLeastPrivilege } from "./roles";

export interface AppDatabase {
  /** The application role's connection string. */
  url: string;
  /** Stops the embedded server if this call started it. */
  stop: () => Promise<void>;
}

/**
 * Run by each app (instrumentation hook) and the worker before they open their pool.
 * Outside production, without a configured database, starts the embedded server. In production,
 * refuses (throws) when no database is configured or when the connection has more than least
 * privilege (superuser, table owner). With `retryUnreachable`, a server that cannot be reached yet
 * (its database is still being created) is checked again in the background, and `onRefused` is
 * called if that later check refuses.
 */
export async function prepareAppDatabase(
  opts: { retryUnreachable?: boolean; onRefused?: (e: Error) => void } = {},
  env = dbEnv(),
): Promise<AppDatabase> {
  if (!isProduction(env)) {
    if (env.DATABASE_APP_URL || env.DATABASE_URL) return { url: appDatabaseUrl(env), stop: async () => {} };
    const { ensureEmbeddedPostgres } = await import("./embedded");
    const pg = await ensureEmbeddedPostgres();
    return { url: appDatabaseUrl(env), stop: pg.stop };
  }
  const url = appDatabaseUrl(env);
  try {
    await assertLeastPrivilege(url);
  } catch (e) {
    if (e instanceof PrivilegeError || !opts.retryUnreachable) throw e;
    recheckLater(url, opts.onRefused ?? (() => {}));
  }
  return { url, stop: async () => {} };
}

function recheckLater(url: string, onRefused: (e: Error) => void) {
  const timer = setTimeout(() => {
    assertLeastPrivilege(url).catch((e: unknown) => {
      if (e instanceof PrivilegeError) onRefused(e);
      else recheckLater(url, onRefused);
    });
  }, 2000);
  // Never what keeps a process alive.
  timer.unref();
}
