/**
 * Starts the pharmacy simulator as a separate process for integration tests and benchmarks:
 *
 *   const sim = await startPharmacySim({ databaseUrl, inboundUrl });
 *   // sim.url, sim.scriptUrl (RX_NETWORK_URL), sim.control.stats(), sim.kill("SIGKILL"), sim.stop()
 *
 * databaseUrl names the simulator's own database (created when missing) on a server where that
 * user may create databases; simDatabaseUrlOn(serverUrl, name) makes one from any URL on the server.
 * Port 0 (default) picks a free 127.0.0.1 port.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

import postgres from "postgres";

import type { SimControl } from "./control-client";
import { simControl } from "./control-client";
import { DEV_PHARMACY_SHARED_SECRET } from "./env";

const appDir = path.resolve(import.meta.dirname, "..");

export interface SimProcess {
  url: string;
  /** POST target for SCRIPT messages (Clearwell's RX_NETWORK_URL). */
  scriptUrl: string;
  secret: string;
  databaseUrl: string;
  control: SimControl;
  process: ChildProcess;
  exited: Promise<number | null>;
  /** Signals the process without waiting (SIGKILL for crash tests). */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export interface StartSimOptions {
  databaseUrl: string;
  inboundUrl: string;
  secret?: string;
  port?: number;
  /** More PHARMACY_SIM_* settings (retry base, status code, …). */
  env?: Record<string, string>;
  /** Lines the simulator logs (JSON), e.g. for debugging a test. */
  onLog?: (line: string) => void;
  timeoutMs?: number;
}

export function simDatabaseUrlOn(serverUrl: string, name: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a safe database name: ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the simulator's database (tests clean up after themselves). */
export async function dropSimDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error("not a safe database name");
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function startPharmacySim(opts: StartSimOptions): Promise<SimProcess> {
  const secret = opts.secret ?? DEV_PHARMACY_SHARED_SECRET;
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: appDir,
    env: {
      ...process.env,
      NODE_ENV: "test",
      PHARMACY_SIM_HOST: "127.0.0.1",
      PHARMACY_SIM_PORT: String(opts.port ?? 0),
      PHARMACY_SIM_DATABASE_URL: opts.databaseUrl,
      PHARMACY_SHARED_SECRET: secret,
      CLEARWELL_INBOUND_URL: opts.inboundUrl,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code, sig) => resolve(code ?? (sig ? 128 : null))));
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (l) => {
    stderr.push(l);
    opts.onLog?.(l);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pharmacy simulator did not start: ${stderr.join("\n").slice(0, 500)}`)), opts.timeoutMs ?? 30_000);
    createInterface({ input: child.stdout! }).on("line", (l) => {
      opts.onLog?.(l);
      try {
        const m = JSON.parse(l) as { msg?: string; url?: string };
        if (m.msg === "listening" && m.url) {
          clearTimeout(timer);
          resolve(m.url);
        }
      } catch {
        // not a log line of ours
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`pharmacy simulator exited (${code}) before listening: ${stderr.join("\n").slice(0, 500)}`));
    });
  });
  // Ready once its database is.
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const ok = await fetch(`${url}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error("pharmacy simulator's database did not become ready");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    scriptUrl: `${url}/script`,
    secret,
    databaseUrl: opts.databaseUrl,
    control: simControl(url, secret),
    process: child,
    exited,
    kill: (signal = "SIGTERM") => void child.kill(signal),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}
