import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Database } from "@clearwell/db/client";
import type { VideoService } from "@clearwell/video";
import { renderLivekitConfig } from "@clearwell/video/server-config";

import { handleVisitWebhook } from "../src/services/visit/webhook";

/** An HTTP endpoint that hands LiveKit's deliveries to the production webhook handler. */
export async function startWebhookReceiver(db: Database, video: VideoService) {
  let closing = false;
  const inFlight = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    // Deliveries racing the teardown must not touch a database that is being dropped.
    if (closing) return void res.writeHead(503).end();
    const work = (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const meta = { requestId: "livekit-webhook", ipAddress: "127.0.0.1", userAgent: req.headers["user-agent"] ?? null };
      try {
        const outcome = await handleVisitWebhook(db, video, Buffer.concat(chunks).toString("utf8"), req.headers.authorization ?? null, meta);
        res.writeHead(outcome.status).end(outcome.result);
      } catch (error) {
        console.error("[test webhook]", error);
        res.writeHead(500).end();
      }
    })();
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    /** Stops taking deliveries and waits for the ones being handled. */
    close: async () => {
      closing = true;
      await Promise.allSettled([...inFlight]);
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * A real `livekit-server --dev` for the integration tests, on ports apart from the portal's,
 * with the loopback settings WebRTC needs on a machine whose only interface is lo (STACK.md).
 */
export async function startLivekit(opts: { port: number; webhookUrl?: string }) {
  const root = path.resolve(import.meta.dirname, "../../..");
  const found = spawnSync(path.join(root, "scripts/livekit.sh"), [], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const bin = found.stdout.trim().split("\n").pop();
  if (found.status !== 0 || !bin) throw new Error("No LiveKit server binary (scripts/livekit.sh failed)");
  const dir = mkdtempSync(path.join(tmpdir(), "clearwell-livekit-"));
  const config = path.join(dir, "livekit.yaml");
  writeFileSync(config, renderLivekitConfig({ baseFile: path.join(root, "infra/livekit/livekit.yaml"), port: opts.port, webhookUrls: opts.webhookUrl ? [opts.webhookUrl] : [] }));
  const child: ChildProcess = spawn(bin, ["--dev", "--bind", "127.0.0.1", "--config", config], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("livekit-server did not start within 20 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `ws://127.0.0.1:${opts.port}`,
    /** It drains on the first SIGINT and exits on the second. */
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGINT"), 300).unref();
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      await exited;
    },
  };
}
