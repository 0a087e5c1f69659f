/**
 * Without DATABASE_URL the app runs against the embedded PostgreSQL (DOMAIN default for
 * local use); start it before the first request opens the pool.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && !process.env.DATABASE_URL) {
    const { ensureEmbeddedPostgres } = await import("@clearwell/db/embedded");
    await ensureEmbeddedPostgres();
  }
}
