// Child processes for the local portal: each runs in its own process group (so a stop
// reaches Next's own workers too) and its output lines carry a [name] prefix.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

const COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[33m", "\x1b[32m", "\x1b[34m"];
const RESET = "\x1b[0m";
const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
let nextColor = 0;

export function label(name: string) {
  const color = COLORS[nextColor++ % COLORS.length]!;
  return useColor ? `${color}[${name}]${RESET}` : `[${name}]`;
}

export interface Child {
  name: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
  /** Signals the whole process group; false once it is gone. */
  signal(sig: NodeJS.Signals): boolean;
  /** SIGKILL to the group even after the leader exited (its helpers may linger). */
  killGroup(): void;
  isRunning(): boolean;
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; filter?: (line: string) => boolean; onLine?: (line: string) => void },
): Child {
  const prefix = label(name);
  const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let running = true;
  const exited = new Promise<number | null>((resolve) => {
    proc.once("exit", (code, sig) => {
      running = false;
      resolve(code ?? (sig ? 128 : null));
    });
    proc.once("error", (e) => {
      running = false;
      console.error(`${prefix} failed to start: ${e.message}`);
      resolve(127);
    });
  });
  for (const stream of [proc.stdout, proc.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      opts.onLine?.(line);
      if (opts.filter && !opts.filter(line)) return;
      console.log(`${prefix} ${line}`);
    });
  }
  return {
    name,
    proc,
    exited,
    isRunning: () => running,
    signal(sig) {
      if (!running || proc.pid === undefined) return false;
      try {
        process.kill(-proc.pid, sig);
        return true;
      } catch {
        return false;
      }
    },
    killGroup() {
      if (proc.pid === undefined) return;
      try {
        process.kill(-proc.pid, "SIGKILL");
      } catch {
        // group already empty
      }
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves true when the child exits within `ms`. */
export async function exitsWithin(child: Child, ms: number) {
  if (!child.isRunning()) return true;
  return Promise.race([child.exited.then(() => true), sleep(ms).then(() => false)]);
}

/**
 * Stops a child: SIGTERM (or the given signals in order, e.g. LiveKit's double SIGINT),
 * then SIGKILL to the group if it is still there after the grace period.
 */
export async function stopChild(child: Child, signals: NodeJS.Signals[] = ["SIGTERM"], graceMs = 8000) {
  for (const [i, sig] of signals.entries()) {
    child.signal(sig);
    if (i < signals.length - 1 && (await exitsWithin(child, 500))) return;
  }
  if (!(await exitsWithin(child, graceMs))) {
    console.log(`[${child.name}] did not stop in ${graceMs / 1000} s; killing it`);
  }
  child.killGroup();
  await exitsWithin(child, 2000);
}

/** Polls `url` until it answers with a status below 500. */
export async function waitForHttp(url: string, timeoutMs: number, isAborted: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !isAborted()) {
    try {
      const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(60_000) });
      await res.arrayBuffer();
      if (res.status < 500) return true;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  return false;
}
