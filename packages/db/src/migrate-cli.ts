import { resolveDatabaseUrl } from "./embedded";
import { runMigrations } from "./migrate";

const started = Date.now();
const url = await resolveDatabaseUrl();
await runMigrations(url);
console.log(`migrations applied in ${Date.now() - started} ms`);
process.exit(0);
