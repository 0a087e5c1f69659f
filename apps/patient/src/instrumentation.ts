/**
 * Without DATABASE_URL the app uses the embedded PostgreSQL server; start it before
 * the first request so pages never race its startup.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && !process.env.DATABASE_URL) {
    const { ensureEmbeddedPostgres } = await import("@clearwell/db/embedded");
    await ensureEmbeddedPostgres();
  }
}
