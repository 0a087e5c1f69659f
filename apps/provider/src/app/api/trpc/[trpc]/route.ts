import { serverParts } from "~/server/parts";

// Sessions and PHI: never cached. The shared handler forwards the refreshed session
// cookie of a sliding expiry (packages/api/src/http.ts).
export const dynamic = "force-dynamic";

const handler = (req: Request) => serverParts().handlers.trpc(req);

export { handler as GET, handler as POST };
