// Builds an app for `./bin/clearwell start` when its cached build is missing or stale
// (build-cache.ts decides), printing progress while `next build` runs.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { Child } from "../lib/children";
import { startChild } from "../lib/children";
import { PORTAL_DIST_DIR, buildInputFiles, buildRecipe, decideBuild, readStamp, sourcesHash, writeStamp } from "./build-cache";

export interface AppToBuild {
  name: string;
  /** Relative to the repository root, e.g. apps/provider. */
  dir: string;
}

/** Environment for `next build` and `next start` of the portal's build. */
export const portalBuildEnv = {
  CLEARWELL_DIST_DIR: PORTAL_DIST_DIR,
  // `pnpm typecheck` and the tests' build check types; the portal's build need not wait for it.
  CLEARWELL_SKIP_BUILD_TYPECHECK: "1",
} as const;

// Secrets never reach a build (nothing should read them there; this makes sure).
const NOT_FOR_BUILDS = ["AUTH_SECRET", "DATABASE_URL", "DATABASE_APP_URL", "DATABASE_APP_PASSWORD", "LIVEKIT_API_SECRET", "RX_SIGNING_KEY", "PHARMACY_SHARED_SECRET"];

// What a build says while it runs: its milestones. Everything else (the route table, warnings with
// their code frames) is kept and shown only if the build fails.
const MILESTONE = /^\s*(▲ Next|✓ Compiled|Creating an optimized|Collecting page data|✓ Generating static pages|Finalizing)/;

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/**
 * One builder at a time per checkout: a second `start` (other ports) waits instead of writing the
 * same folder. The lock names its process, so one left by a killed run is taken over.
 */
async function withBuildLock<T>(lockDir: string, log: (msg: string) => void, run: () => Promise<T>): Promise<T> {
  const pidFile = path.join(lockDir, "pid");
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(pidFile, String(process.pid));
      break;
    } catch {
      const pid = Number(readFileSafe(pidFile));
      if (!pid || !alive(pid)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!waited) log(`another start (pid ${pid}) is building the apps; waiting for it`);
      waited = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readFileSafe(file: string) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface BuildResult {
  app: string;
  built: boolean;
  reason: string;
  ms: number;
}

/**
 * Makes sure each app's production build in PORTAL_DIST_DIR matches its sources, building the ones
 * that do not, one after the other (two at once only compete for the same cores). `onChild` lets
 * the caller stop a running build on Ctrl-C.
 */
export async function ensureBuilds(
  root: string,
  apps: AppToBuild[],
  opts: { log: (msg: string) => void; onChild: (child: Child | null) => void; isStopping: () => boolean },
): Promise<BuildResult[]> {
  const recipe = buildRecipe(process.env, { ...portalBuildEnv, node: process.versions.node });
  const plan = apps.map((app) => {
    const dist = path.join(root, app.dir, PORTAL_DIST_DIR);
    const hash = sourcesHash(root, buildInputFiles(root, app.dir), recipe);
    return { app, dist, hash, decision: decideBuild(readStamp(dist), hash, existsSync(path.join(dist, "BUILD_ID"))) };
  });
  const results: BuildResult[] = plan.filter((p) => !p.decision.build).map((p) => ({ app: p.app.name, built: false, reason: p.decision.reason, ms: 0 }));
  const todo = plan.filter((p) => p.decision.build);
  if (results.length) opts.log(`production build${results.length > 1 ? "s" : ""} of the ${results.map((r) => r.app).join(" and ")} app${results.length > 1 ? "s" : ""} up to date: reused`);
  if (todo.length === 0) return results;

  mkdirSync(path.join(root, ".data"), { recursive: true });
  await withBuildLock(path.join(root, ".data", "portal-build.lock"), opts.log, async () => {
    for (const p of todo) {
      if (opts.isStopping()) return;
      // Another start may have built it while this one waited for the lock.
      const again = decideBuild(readStamp(p.dist), p.hash, existsSync(path.join(p.dist, "BUILD_ID")));
      if (!again.build) {
        results.push({ app: p.app.name, built: false, reason: again.reason, ms: 0 });
        continue;
      }
      results.push({ app: p.app.name, built: true, reason: p.decision.reason, ms: await buildOne(root, p.app, p.dist, p.hash, p.decision.reason, opts) });
    }
  });
  return results;
}

async function buildOne(
  root: string,
  app: AppToBuild,
  dist: string,
  hash: string,
  reason: string,
  opts: { log: (msg: string) => void; onChild: (child: Child | null) => void; isStopping: () => boolean },
) {
  const next = path.join(root, app.dir, "node_modules", ".bin", "next");
  if (!existsSync(next)) throw new Error(`${app.dir}: next is not installed (run pnpm install)`);
  opts.log(`building the ${app.name} app for production (${reason}); this takes a few minutes once, later starts reuse it`);
  // A build that stops half-way must never be taken for a finished one.
  rmSync(path.join(dist, "clearwell-build.json"), { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, ...portalBuildEnv, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  for (const k of NOT_FOR_BUILDS) delete env[k];
  const started = Date.now();
  const tag = `${app.name}-build`;
  const output: string[] = [];
  const child = startChild(tag, next, ["build"], {
    cwd: path.join(root, app.dir),
    env,
    onLine: (line) => void output.push(line),
    filter: (line) => MILESTONE.test(line),
  });
  opts.onChild(child);
  const beat = setInterval(() => opts.log(`${app.name} app: still building (${seconds(Date.now() - started)})`), 30_000);
  const code = await child.exited.finally(() => {
    clearInterval(beat);
    opts.onChild(null);
  });
  if (code !== 0) {
    // Stopped on purpose (Ctrl-C, or --dev after all): nothing to explain.
    if (!opts.isStopping()) console.error(output.join("\n"));
    throw new Error(`next build of ${app.dir} failed with code ${code} (its output is above)`);
  }
  const ms = Date.now() - started;
  writeStamp(dist, { hash, builtAt: new Date().toISOString(), seconds: Math.round(ms / 1000) });
  opts.log(`${app.name} app built in ${seconds(ms)}`);
  return ms;
}
