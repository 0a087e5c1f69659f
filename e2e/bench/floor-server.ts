// Serves the bare LiveKit floor page (e2e/bench/floor) and livekit-client's browser build on
// 127.0.0.1 (a secure context, so the camera may be opened). The same livekit-client the apps use.
import { readFileSync } from "node:fs";
import { type AddressInfo } from "node:net";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";

const here = path.join(import.meta.dirname, "floor");
// packages/ui is where the apps' livekit-client is declared; its "require" export is the UMD build.
const livekitUmd = createRequire(path.resolve(import.meta.dirname, "../../packages/ui/package.json")).resolve("livekit-client");

const FILES: Record<string, { file: string; type: string }> = {
  "/floor.html": { file: path.join(here, "floor.html"), type: "text/html; charset=utf-8" },
  "/floor.js": { file: path.join(here, "floor.js"), type: "text/javascript; charset=utf-8" },
  "/livekit-client.umd.js": { file: livekitUmd, type: "text/javascript; charset=utf-8" },
};

export async function startFloorServer() {
  const server = createServer((req, res) => {
    const entry = FILES[new URL(req.url ?? "/", "http://x").pathname];
    if (!entry) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": entry.type, "cache-control": "max-age=3600" }).end(readFileSync(entry.file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
