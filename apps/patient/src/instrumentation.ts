/**
 * Before the first request: outside production without DATABASE_URL, start the embedded PostgreSQL
 * server so pages never race its startup; in production, refuse to start without a database or when
 * connected with more than the least-privilege application role (superuser, table owner).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { prepareAppDatabase } = await import("@clearwell/db/startup");
    const refuse = (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    };
    // A database still being created (the browser tests make theirs after the apps start) is checked again shortly.
    await prepareAppDatabase({ retryUnreachable: true, onRefused: refuse }).catch(refuse);
  }
}
