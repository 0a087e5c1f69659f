import { serverParts } from "~/server/parts";

// Deliveries from the LiveKit server: verified with its key pair, never cached.
export const dynamic = "force-dynamic";

export const POST = (req: Request) => serverParts().handlers.livekitWebhook(req);
