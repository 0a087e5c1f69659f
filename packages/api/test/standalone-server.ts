// One API instance (tRPC + better-auth) over node:http, as a load balancer would see it.
// Used by the scale-out test, which starts two of these against one database.
import http from "node:http";

import { initAuth } from "@clearwell/auth";
import { createDb } from "@clearwell/db/client";

import { createHandlers } from "../src/http";

const port = Number(process.env.PORT);
// Instances behind one load balancer share its public address (pages, Origin, cookies).
const url = process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`;
const db = createDb(process.env.DATABASE_URL ?? "", 4);
const auth = initAuth({
  db,
  app: "provider",
  baseURL: url,
  secret: "scale-out-test-secret-0123456789abcdef",
  trustedOrigins: [url],
  idleTimeoutSeconds: 900,
  absoluteTimeoutSeconds: 12 * 3600,
  lockout: { threshold: 3, minutes: 15 },
  signInRateLimit: { window: 60, max: 100 },
  twoFactorRateLimit: { window: 60, max: 10 },
  secureCookies: false,
  mailer: { send: async () => {} },
});
const handlers = createHandlers({ db, auth, providerAppUrl: url, patientAppUrl: url, mailer: { send: async () => {} } });

const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`${url}${req.url}`, {
    method: req.method,
    headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
  });
  const response = req.url?.startsWith("/api/auth") ? await handlers.auth(request) : await handlers.trpc(request);
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((v, k) => {
    if (k !== "set-cookie") out[k] = v;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out["set-cookie"] = cookies;
  out["x-instance"] = String(process.pid);
  res.writeHead(response.status, out);
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(port, "127.0.0.1", () => console.log(`ready ${port}`));
