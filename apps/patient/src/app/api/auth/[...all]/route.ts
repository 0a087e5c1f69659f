import { serverParts } from "~/server/parts";

export const dynamic = "force-dynamic";

const handler = (req: Request) => serverParts().handlers.auth(req);

export { handler as GET, handler as POST };
