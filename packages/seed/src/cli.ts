import { authFromEnv } from "@clearwell/auth/from-env";
import { authEnv } from "@clearwell/auth/env";
import { appRoleUrl } from "@clearwell/db/app-url";
import { createDb } from "@clearwell/db/client";
import { resolveDatabaseUrl } from "@clearwell/db/embedded";
import { runMigrations } from "@clearwell/db/migrate";

import { printLogins } from "./print";
import { seedDemo } from "./index";

// Migrations as the owner; the seed itself as the least-privilege application role, like the apps.
const url = await resolveDatabaseUrl();
await runMigrations(url);
const db = createDb(appRoleUrl(url), 2);
const result = await seedDemo(db, authFromEnv("provider", db));
console.log(result.created ? "Demo clinic seeded." : "Demo clinic already present; nothing changed.");
await printLogins(db, authEnv());
await db.$end();
process.exit(0);
