import { dbEnv } from "./env";

// Kept apart from embedded.ts so app bundles that only need the URL import no fs or process code.
export const USER = "postgres";
export const PASSWORD = "clearwell-dev";
export const DATABASE = "clearwell";

export function embeddedUrl(port = dbEnv().EMBEDDED_PG_PORT, database = DATABASE) {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}
