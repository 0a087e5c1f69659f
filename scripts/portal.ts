// `./bin/clearwell start`: database, migrations, demo seed, LiveKit, both Next apps and the
// worker in one terminal. Ctrl-C stops everything it started. The apps run as production builds,
// built once and reused until their sources change (scripts/portal/build-cache.ts), so every page
// answers at once; `--dev` runs `next dev` with hot reload instead.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { authEnv } from "@clearwell/auth/env";
import { appRoleUrl } from "@clearwell/db/app-url";
import { notes, outputWidth } from "@clearwell/seed/login-table";
import { renderLivekitConfig } from "@clearwell/video/server-config";

import type { Child } from "./lib/children";
import { label, startChild, stopChild, waitForHttp } from "./lib/children";
import { PORTAL_DIST_DIR } from "./portal/build-cache";
import { portInUse, portalEnv, requireFreePorts } from "./portal/config";
import type { BuildResult } from "./portal/next-build";
import { ensureBuilds, portalBuildEnv } from "./portal/next-build";
import { loadPortalSecrets } from "./portal/secrets";

const t0 = Number(process.env.CLEARWELL_T0) || Date.now();

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
if (args.some((x) => x !== "--dev")) {
  console.error(`Unknown option ${args.find((x) => x !== "--dev")}. Usage: ./bin/clearwell start [--dev]`);
  process.exit(2);
}
/** `next dev` (hot reload, pages compile on first visit) instead of the cached production builds. */
let devMode = args.includes("--dev");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const portalLabel = label("portal");
const log = (msg: string) => console.log(`${portalLabel} ${msg} [${seconds(Date.now() - t0)}]`);

const env = portalEnv();
const providerUrl = process.env.PROVIDER_APP_URL || `http://localhost:${env.PROVIDER_PORT}`;
const patientUrl = process.env.PATIENT_APP_URL || `http://localhost:${env.PATIENT_PORT}`;
// Read by authEnv() here (seed) and passed to the apps.
process.env.PROVIDER_APP_URL = providerUrl;
process.env.PATIENT_APP_URL = patientUrl;
const livekitUrl = `ws://127.0.0.1:${env.LIVEKIT_PORT}`;
const pharmacySimUrl = `http://127.0.0.1:${env.PHARMACY_SIM_PORT}`;
await requireFreePorts(env);

let databaseUrl = env.DATABASE_URL ?? "";
let postgres: Child | undefined;
const children: Child[] = [];
let stopping = false;
// The `next build` running now, if any (stopped with everything else).
let building = null as Child | null;
let buildAborted = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log("stopping...");
    const livekit = children.filter((c) => c.name === "livekit");
    const others = [...children.filter((c) => c.name !== "livekit"), ...(building ? [building] : [])];
    // LiveKit drains on the first SIGINT and exits on the second.
    await Promise.all([...others.map((c) => stopChild(c)), ...livekit.map((c) => stopChild(c, ["SIGINT", "SIGINT"]))]);
    // The database last, once nothing holds a connection.
    if (postgres) await stopChild(postgres, ["SIGTERM"], 15_000);
    log("stopped");
  }
  process.exit(code);
}

let firstSignalAt = 0;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    // A second Ctrl-C (not the echo of the first) kills whatever is left at once.
    if (stopping && Date.now() - firstSignalAt > 1000) {
      for (const c of children) c.killGroup();
      building?.killGroup();
      postgres?.killGroup();
      process.exit(130);
    }
    if (!stopping) firstSignalAt = Date.now();
    void shutdown(sig === "SIGINT" ? 130 : 143);
  });
}

// First, before anything starts: without a binary this may build one with Go (minutes, once).
const found = spawnSync(path.join(root, "scripts", "livekit.sh"), ["ensure"], { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
const livekitBin = found.stdout?.trim().split("\n").pop() ?? "";
if (found.status !== 0 || !livekitBin) {
  console.error("LiveKit server unavailable (see above): video visits need it, so the portal does not start without it.");
  process.exit(1);
}

const APPS = [
  { name: "provider", dir: "apps/provider", port: env.PROVIDER_PORT },
  { name: "patient", dir: "apps/patient", port: env.PATIENT_PORT },
] as const;
const secretsFile = path.join(root, ".data", "portal-secrets.json");
const secrets = loadPortalSecrets(secretsFile);

// The builds start at once, beside the database and the seed (cheap when nothing changed).
const builds: Promise<BuildResult[]> = devMode
  ? Promise.resolve([])
  : ensureBuilds(root, [...APPS], { log, onChild: (c) => (building = c), isStopping: () => stopping || buildAborted });
// Awaited later; a failure (or the abort below) must not surface as an unhandled rejection first.
builds.catch(() => {});

// The seed reaches most of the API's services: seconds of loading, done while the database starts.
const heavy = Promise.all([
  import("@clearwell/auth/from-env"),
  import("@clearwell/db/client"),
  import("@clearwell/db/migrate"),
  import("@clearwell/seed"),
  import("@clearwell/seed/demo-visit"),
  import("@clearwell/seed/print"),
  import("./portal/seeded-secret"),
]);
heavy.catch(() => {});

try {
  // 1. Database
  let t = Date.now();
  if (env.DATABASE_URL) {
    log(`database: DATABASE_URL (${new URL(env.DATABASE_URL).host})`);
  } else {
    // Its own process (scripts/embedded-postgres.ts), so Ctrl-C does not reach it first.
    let ready: (url: string) => void = () => {};
    const url = new Promise<string>((resolve) => (ready = resolve));
    postgres = startChild("postgres", process.execPath, ["--import", "tsx", "scripts/embedded-postgres.ts"], {
      cwd: root,
      env: process.env,
      onLine: (line) => {
        if (line.startsWith("ready ")) ready(line.slice(6).trim());
      },
      // Its client logs the server's own shutdown as errors: noise once we are stopping.
      filter: (line) => !line.startsWith("ready ") && !stopping,
    });
    const exited = postgres.exited.then((code) => {
      throw new Error(`embedded PostgreSQL exited with code ${code} before it was ready`);
    });
    databaseUrl = await Promise.race([url, exited]);
    log(`database: embedded PostgreSQL on 127.0.0.1:${env.EMBEDDED_PG_PORT}, data in ${process.env.EMBEDDED_PG_DIR || ".data/postgres"} (${seconds(Date.now() - t)})`);
  }
  if (stopping) await new Promise(() => {});

  const [{ authFromEnv }, { createDb }, { runMigrations }, { seedDemo }, { ensureDemoVisit }, { printLogins }, { authSecretFor }] = await heavy;

  // 2. Migrations as the owner (they also grant the application role), then everything else as that
  // least-privilege role: the demo seed (idempotent), the apps and the worker.
  t = Date.now();
  await runMigrations(databaseUrl);
  log(`migrations applied (${seconds(Date.now() - t)})`);
  const appDatabaseUrl = appRoleUrl(databaseUrl);
  const db = createDb(appDatabaseUrl, 2);
  const dataHint = env.DATABASE_URL ? "a new database in DATABASE_URL" : `move ${process.env.EMBEDDED_PG_DIR || ".data/postgres"} away`;
  const choice = await authSecretFor(db, secrets.AUTH_SECRET, dataHint);
  if ("error" in choice) throw new Error(choice.error);
  if (choice.devOnly && !devMode) {
    devMode = true;
    buildAborted = true;
    building?.signal("SIGTERM");
    log(
      `this database's demo data was seeded with the development AUTH_SECRET, which production builds refuse: running \`next dev\` instead (pages compile on first visit). For the fast production start, stop and start again with an empty database (${dataHint}).`,
    );
  }
  // The seed (staff TOTP secrets, demo prescriptions) and every child use the same secrets.
  const runtimeSecrets = { ...secrets, AUTH_SECRET: choice.secret };
  Object.assign(process.env, runtimeSecrets);
  const baseEnv = { ...process.env };
  delete baseEnv.CLEARWELL_T0;
  const appEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    DATABASE_APP_URL: appDatabaseUrl,
    PROVIDER_APP_URL: providerUrl,
    PATIENT_APP_URL: patientUrl,
    LIVEKIT_URL: livekitUrl,
    // The relay sends SCRIPT messages to the pharmacy simulator started below (unless set otherwise).
    RX_NETWORK_URL: process.env.RX_NETWORK_URL || `${pharmacySimUrl}/script`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // `next dev`, the worker and the simulator run in development mode (mail goes to the log).
  delete appEnv.NODE_ENV;
  // The owner's credentials stay with the launcher.
  delete appEnv.DATABASE_URL;
  const watch = (c: Child) =>
    void c.exited.then((code) => {
      if (stopping) return;
      console.error(`${label(c.name)} exited with code ${code}; stopping the portal`);
      void shutdown(1);
    });

  // The apps start as soon as their builds are there (they need the migrated database, not the seed).
  const appsStarted = (devMode ? Promise.resolve([] as BuildResult[]) : builds).then((built) => {
    if (stopping) return built;
    for (const app of APPS) {
      const next = path.join(root, app.dir, "node_modules", ".bin", "next");
      if (!existsSync(next)) throw new Error(`${app.dir}: next is not installed (run pnpm install)`);
      const child = devMode
        ? startChild(app.name, next, ["dev", "-p", String(app.port)], { cwd: path.join(root, app.dir), env: appEnv })
        : startChild(app.name, next, ["start", "-p", String(app.port)], {
            cwd: path.join(root, app.dir),
            env: { ...appEnv, ...portalBuildEnv, NODE_ENV: "production" },
            // Locally nothing sits in front of the apps: the reverse-proxy advice is for deployments.
            filter: (line) => !line.includes("TRUSTED_PROXIES is empty"),
          });
      children.push(child);
      watch(child);
    }
    return built;
  });
  appsStarted.catch(() => {});

  t = Date.now();
  const seeded = await seedDemo(db, authFromEnv("provider", db));
  log(`${seeded.created ? "demo clinics seeded" : "demo clinics already present"} (${seconds(Date.now() - t)})`);
  await ensureDemoVisit(db);
  if (stopping) await new Promise(() => {});

  // 3. LiveKit (binary found or built above), with this checkout's key pair.
  // The repo's config plus this run's ports and the provider app as webhook receiver (visit records).
  const livekitConfig = path.join(root, ".data", "livekit.yaml");
  mkdirSync(path.dirname(livekitConfig), { recursive: true });
  writeFileSync(
    livekitConfig,
    renderLivekitConfig({
      baseFile: path.join(root, "infra/livekit/livekit.yaml"),
      port: env.LIVEKIT_PORT,
      webhookUrls: [`http://127.0.0.1:${env.PROVIDER_PORT}/api/livekit/webhook`],
      keys: { key: secrets.LIVEKIT_API_KEY, secret: secrets.LIVEKIT_API_SECRET },
    }),
    { mode: 0o600 },
  );
  const livekit = startChild("livekit", livekitBin, ["--dev", "--bind", "127.0.0.1", "--config", livekitConfig], {
    cwd: root,
    env: baseEnv,
    // --dev logs every debug line; keep the informative ones.
    filter: (line) => !/\bDEBUG\b/.test(line),
  });
  children.push(livekit);

  // 4. Worker and pharmacy simulator.
  children.push(startChild("worker", process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: path.join(root, "apps/worker"), env: appEnv }));
  // The e-prescribing network and demo compounding pharmacy (NCPDP 7654321). It plays another
  // organisation: its own database on the same server (created with the owner's connection on
  // first start; it never opens Clearwell's), answers to the provider app's inbound endpoint.
  const pharmacyDb = new URL(databaseUrl);
  pharmacyDb.pathname = "/clearwell_pharmacy_sim";
  children.push(
    startChild("pharmacy", process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: path.join(root, "apps/pharmacy-sim"),
      env: {
        ...appEnv,
        PHARMACY_SIM_PORT: String(env.PHARMACY_SIM_PORT),
        PHARMACY_SIM_DATABASE_URL: pharmacyDb.toString(),
        CLEARWELL_INBOUND_URL: process.env.CLEARWELL_INBOUND_URL || `http://127.0.0.1:${env.PROVIDER_PORT}/api/rx/inbound`,
      },
    }),
  );
  for (const c of [livekit, ...children.filter((c) => c.name === "worker" || c.name === "pharmacy"), ...(postgres ? [postgres] : [])]) watch(c);
  const built = await appsStarted;
  if (stopping) await new Promise(() => {});

  const livekitDeadline = Date.now() + 15_000;
  while (!(await portInUse(env.LIVEKIT_PORT)) && livekit.isRunning() && Date.now() < livekitDeadline) await new Promise((r) => setTimeout(r, 200));
  log(`LiveKit ${path.basename(livekitBin)} listening on ${livekitUrl}`);

  // 5. Ready when both apps answer (in --dev the first request also compiles /sign-in).
  const ready = await Promise.all(
    [`http://127.0.0.1:${env.PROVIDER_PORT}/sign-in`, `http://127.0.0.1:${env.PATIENT_PORT}/sign-in`, `${pharmacySimUrl}/health`].map((u) =>
      waitForHttp(u, env.APP_READY_TIMEOUT_SECONDS * 1000, () => stopping),
    ),
  );
  if (stopping) await new Promise(() => {});
  // In dev the pharmacy's first answer must not wait for the inbound route to compile (its callback
  // would time out and the first acknowledgement take ~30 s): compile it now (GET answers 405).
  if (ready[0] && devMode) void fetch(`http://127.0.0.1:${env.PROVIDER_PORT}/api/rx/inbound`).catch(() => {});
  if (!ready.every(Boolean)) {
    console.error(`The apps or the pharmacy simulator did not answer within ${env.APP_READY_TIMEOUT_SECONDS} s (see their output above).`);
    await shutdown(1);
  }

  // The logins once, with the demo visits, then what runs where.
  await printLogins(db, authEnv());
  await db.$end();
  const width = outputWidth();
  const rebuilt = built.filter((b) => b.built);
  const summary = notes(
    [
      { label: "Provider portal", text: providerUrl },
      { label: "Patient app", text: patientUrl },
      { label: "LiveKit", text: `${livekitUrl} (key ${secrets.LIVEKIT_API_KEY}; its secret and the others in .data/portal-secrets.json)` },
      { label: "Pharmacy (sim)", text: `${pharmacySimUrl} (NCPDP 7654321; SCRIPT at /script, stats at /control/stats)` },
      { label: "Database", text: env.DATABASE_URL ? "DATABASE_URL" : `embedded PostgreSQL 127.0.0.1:${env.EMBEDDED_PG_PORT}` },
      {
        label: "Apps",
        text: devMode
          ? "next dev (hot reload; each page compiles on its first visit)"
          : `production builds in apps/*/${PORTAL_DIST_DIR} (${rebuilt.length ? `${rebuilt.map((b) => `${b.app} built in ${seconds(b.ms)}`).join(", ")}` : "reused: no source changed"}); hot reload: ./bin/clearwell start --dev`,
      },
      { label: "New demo visit", text: "./bin/clearwell demo-visit (in another terminal, while this runs)" },
    ],
    width,
  );
  console.log(["Clearwell is running:", ...summary, `Ready in ${seconds(Date.now() - t0)}. Press Ctrl-C to stop.`, ""].join("\n"));
} catch (e) {
  if (!stopping) {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    await shutdown(1);
  }
}
