import "server-only";

import { serverPartsFor } from "@clearwell/api/server-parts";
import { demoVisitSource } from "@clearwell/seed/demo-visit";

/**
 * This app's database pool, auth and handlers, built lazily so `next build` needs no secrets. The
 * seeded demo visit is wired in here (admin "Create a demo visit"; only the demo clinic has one).
 */
export const serverParts = () => serverPartsFor("provider", { demoVisits: demoVisitSource });
