import { rxEnv } from "@clearwell/api/services/transmission/env";
import { rxInboundHandler } from "@clearwell/api/services/transmission/inbound";

import { serverParts } from "~/server/parts";

// SCRIPT answers from the pharmacy network (Status, Verify, Error, CancelRxResponse, RxFill):
// verified by their HMAC signature over the bounded raw body, deduplicated, never cached.
export const dynamic = "force-dynamic";

let handler: ((req: Request) => Promise<Response>) | undefined;

export const POST = (req: Request) => {
  handler ??= (() => {
    const env = rxEnv();
    return rxInboundHandler(serverParts().db, { secret: env.PHARMACY_SHARED_SECRET, maxBytes: env.RX_INBOUND_MAX_BYTES });
  })();
  return handler(req);
};
