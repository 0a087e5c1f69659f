import "server-only";

import { serverPartsFor } from "@clearwell/api/server-parts";

/** This app's database pool, auth and handlers, built lazily so `next build` needs no secrets. */
export const serverParts = () => serverPartsFor("provider");
