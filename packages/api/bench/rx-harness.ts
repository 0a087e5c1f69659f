/**
 * Processes of the e-prescribing benchmarks: the real worker (apps/worker, pg-boss + the relay)
 * as a child process that can be SIGKILLed and restarted, the pharmacy simulator (its own process
 * and database), and Clearwell's inbound endpoint in this process (the provider app's handler),
 * which reports when each outbound message was answered.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";

import type { Database } from "@clearwell/db/client";
import { parseMessage } from "@clearwell/script";

import { rxInboundHandler } from "../src/services/transmission/inbound";

const workerDir = path.resolve(import.meta.dirname, "../../../apps/worker");

export interface WorkerProcess {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

/** The real worker (apps/worker/src/main.ts) on `appUrl`, sending to `networkUrl`. */
export function startWorker(o: { appUrl: string; networkUrl: string; secret: string; env?: Record<string, string>; onLog?: (line: string) => void }): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: workerDir,
    env: {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_APP_URL: o.appUrl,
      RX_NETWORK_URL: o.networkUrl,
      PHARMACY_SHARED_SECRET: o.secret,
      WORKER_POOL_MAX: "4",
      WORKER_SHUTDOWN_SECONDS: "2",
      ...o.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the worker did not become ready in 60 s")), 60_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      o.onLog?.(line);
      if (line.includes('"worker ready"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    createInterface({ input: child.stderr! }).on("line", (line) => o.onLog?.(line));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error("the worker exited before it was ready"));
    });
  });
  ready.catch(() => {});
  return { child, ready, exited, kill: (signal = "SIGKILL") => void child.kill(signal) };
}

/** Clearwell's inbound endpoint; `answered` maps each outbound MessageID to when its first applied answer committed. */
export async function inboundEndpoint(db: Database, secret: string) {
  const handle = rxInboundHandler(db, { secret, maxBytes: 64 * 1024 });
  const answered = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const counts = { applied: 0, duplicate: 0, refused: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      void handle(new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body }))
        .then(async (r) => {
          const out = (await r.json()) as { result: string };
          if (out.result === "applied") counts.applied++;
          else if (out.result === "duplicate") counts.duplicate++;
          else counts.refused++;
          const parsed = parseMessage(body.toString("utf8"));
          const relatesTo = parsed.ok ? parsed.message.header.relatesToMessageId : undefined;
          if (out.result === "applied" && relatesTo && !answered.has(relatesTo)) {
            answered.set(relatesTo, Date.now());
            waiters.get(relatesTo)?.();
          }
          res.writeHead(r.status, { "content-type": "application/json" }).end(JSON.stringify(out));
        })
        .catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/rx/inbound`,
    answered,
    counts,
    /** Resolves when the message's first answer has been applied (no polling). */
    answer: (messageId: string, timeoutMs = 30_000) =>
      answered.has(messageId)
        ? Promise.resolve(answered.get(messageId)!)
        : new Promise<number>((resolve, reject) => {
            const t = setTimeout(() => reject(new Error(`no answer to ${messageId} in ${timeoutMs} ms`)), timeoutMs);
            waiters.set(messageId, () => {
              clearTimeout(t);
              waiters.delete(messageId);
              resolve(answered.get(messageId)!);
            });
          }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
