// Runs the embedded PostgreSQL server as its own process for the portal: it sits in its
// own process group, so Ctrl-C in the terminal reaches the portal only, and the portal
// stops it last (SIGTERM), after the apps and the worker have closed their pools.
import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";

const handle = await ensureEmbeddedPostgres();
let stopping = false;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    void handle.stop().finally(() => process.exit(0));
  });
}
console.log(`ready ${handle.url}`);
// Keep the process alive until a signal arrives.
setInterval(() => {}, 1 << 30);
