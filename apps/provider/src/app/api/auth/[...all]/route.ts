import { serverParts } from "~/server/parts";

const handler = (req: Request) => serverParts().handlers.auth(req);

export { handler as GET, handler as POST };
