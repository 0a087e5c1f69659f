// `./bin/clearwell start`: database, migrations, demo seed, LiveKit, both Next apps and the
// worker in one terminal. Ctrl-C stops everything it started.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

import { authFromEnv } from "@clearwell/auth/from-env";
import { authEnv } from "@clearwell/auth/env";
import { appRoleUrl } from "@clearwell/db/app-url";
import { createDb } from "@clearwell/db/client";
import { runMigrations } from "@clearwell/db/migrate";
import { seedDemo } from "@clearwell/seed";
import { DEMO_VISIT, ensureDemoVisit } from "@clearwell/seed/demo-visit";
import { printLogins } from "@clearwell/seed/print";
import { renderLivekitConfig } from "@clearwell/video/server-config";
import { z } from "zod";

import type { Child } from "./lib/children";
import { label, startChild, stopChild, waitForHttp } from "./lib/children";

const t0 = Number(process.env.CLEARWELL_T0) || Date.now();

const root = path.resolve(import.meta.dirname, "..");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const portalLabel = label("portal");
const log = (msg: string) => console.log(`${portalLabel} ${msg} [${seconds(Date.now() - t0)}]`);

const port = z.coerce.number().int().min(1024).max(65535);
const parsed = z
  .object({
    PROVIDER_PORT: port.default(3000),
    PATIENT_PORT: port.default(3001),
    LIVEKIT_PORT: port.default(7880),
    PHARMACY_SIM_PORT: port.default(7400),
    EMBEDDED_PG_PORT: port.default(54329),
    DATABASE_URL: z.url().optional(),
    APP_READY_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(300),
  })
  .safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`Invalid ${issue.path.join(".")}: ${issue.message}`);
  process.exit(1);
}
const env = parsed.data;
if (new Set([env.PROVIDER_PORT, env.PATIENT_PORT, env.LIVEKIT_PORT, env.PHARMACY_SIM_PORT, env.EMBEDDED_PG_PORT]).size < 5) {
  console.error("PROVIDER_PORT, PATIENT_PORT, LIVEKIT_PORT, PHARMACY_SIM_PORT and EMBEDDED_PG_PORT must all differ.");
  process.exit(1);
}

const providerUrl = process.env.PROVIDER_APP_URL || `http://localhost:${env.PROVIDER_PORT}`;
const patientUrl = process.env.PATIENT_APP_URL || `http://localhost:${env.PATIENT_PORT}`;
// Read by authEnv() here (seed) and passed to the apps.
process.env.PROVIDER_APP_URL = providerUrl;
process.env.PATIENT_APP_URL = patientUrl;
const livekitUrl = `ws://127.0.0.1:${env.LIVEKIT_PORT}`;
const pharmacySimUrl = `http://127.0.0.1:${env.PHARMACY_SIM_PORT}`;
const clinicTime = (d: Date) => d.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit", timeZone: DEMO_VISIT.timezone });

function portInUse(p: number) {
  return new Promise<boolean>((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port: p });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

const busy: string[] = [];
for (const [name, p] of [
  ["PROVIDER_PORT", env.PROVIDER_PORT],
  ["PATIENT_PORT", env.PATIENT_PORT],
  ["LIVEKIT_PORT", env.LIVEKIT_PORT],
  ["PHARMACY_SIM_PORT", env.PHARMACY_SIM_PORT],
] as const) {
  if (await portInUse(p)) busy.push(`${name}=${p}`);
}
if (busy.length) {
  console.error(`Port already in use: ${busy.join(", ")}. Stop what runs there or pick other ports, e.g. PROVIDER_PORT=3100 ./bin/clearwell start`);
  process.exit(1);
}

let databaseUrl = env.DATABASE_URL ?? "";
let postgres: Child | undefined;
const children: Child[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log("stopping...");
    const livekit = children.filter((c) => c.name === "livekit");
    const others = children.filter((c) => c.name !== "livekit");
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

  // 2. Migrations as the owner (they also grant the application role), then everything else as that
  // least-privilege role: the demo seed (idempotent), the apps and the worker.
  t = Date.now();
  await runMigrations(databaseUrl);
  log(`migrations applied (${seconds(Date.now() - t)})`);
  const appDatabaseUrl = appRoleUrl(databaseUrl);
  t = Date.now();
  const db = createDb(appDatabaseUrl, 2);
  const seeded = await seedDemo(db, authFromEnv("provider", db));
  log(`${seeded.created ? "demo clinics seeded" : "demo clinics already present"} (${seconds(Date.now() - t)})`);
  const demoVisit = await ensureDemoVisit(db);
  await printLogins(db, authEnv());
  await db.$end();
  if (stopping) await new Promise(() => {});

  // 3. LiveKit (binary found or built above)
  const baseEnv = { ...process.env };
  delete baseEnv.CLEARWELL_T0;
  // The repo's config plus this run's ports and the provider app as webhook receiver (visit records).
  const livekitConfig = path.join(root, ".data", "livekit.yaml");
  mkdirSync(path.dirname(livekitConfig), { recursive: true });
  writeFileSync(
    livekitConfig,
    renderLivekitConfig({
      baseFile: path.join(root, "infra/livekit/livekit.yaml"),
      port: env.LIVEKIT_PORT,
      webhookUrls: [`http://127.0.0.1:${env.PROVIDER_PORT}/api/livekit/webhook`],
    }),
  );
  const livekit = startChild("livekit", livekitBin, ["--dev", "--bind", "127.0.0.1", "--config", livekitConfig], {
    cwd: root,
    env: baseEnv,
    // --dev logs every debug line; keep the informative ones.
    filter: (line) => !/\bDEBUG\b/.test(line),
  });
  children.push(livekit);

  // 4. Apps and worker
  const appEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    DATABASE_APP_URL: appDatabaseUrl,
    PROVIDER_APP_URL: providerUrl,
    PATIENT_APP_URL: patientUrl,
    LIVEKIT_URL: livekitUrl,
    LIVEKIT_API_KEY: "devkey",
    LIVEKIT_API_SECRET: "secret",
    // The relay sends SCRIPT messages to the pharmacy simulator started below (unless set otherwise).
    RX_NETWORK_URL: process.env.RX_NETWORK_URL || `${pharmacySimUrl}/script`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // `next dev` must not inherit a production NODE_ENV from the shell.
  delete appEnv.NODE_ENV;
  // The owner's credentials stay with the launcher.
  delete appEnv.DATABASE_URL;
  for (const [name, dir, p] of [
    ["provider", "apps/provider", env.PROVIDER_PORT],
    ["patient", "apps/patient", env.PATIENT_PORT],
  ] as const) {
    const next = path.join(root, dir, "node_modules", ".bin", "next");
    if (!existsSync(next)) throw new Error(`${dir}: next is not installed (run pnpm install)`);
    children.push(startChild(name, next, ["dev", "-p", String(p)], { cwd: path.join(root, dir), env: appEnv }));
  }
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

  for (const c of postgres ? [...children, postgres] : children) {
    void c.exited.then((code) => {
      if (stopping) return;
      console.error(`${label(c.name)} exited with code ${code}; stopping the portal`);
      void shutdown(1);
    });
  }

  const livekitDeadline = Date.now() + 15_000;
  while (!(await portInUse(env.LIVEKIT_PORT)) && livekit.isRunning() && Date.now() < livekitDeadline) await new Promise((r) => setTimeout(r, 200));
  log(`LiveKit ${path.basename(livekitBin)} listening on ${livekitUrl}`);

  // 5. Ready when both apps answer; the first request also compiles /sign-in in dev.
  const ready = await Promise.all(
    [`http://127.0.0.1:${env.PROVIDER_PORT}/sign-in`, `http://127.0.0.1:${env.PATIENT_PORT}/sign-in`, `${pharmacySimUrl}/health`].map((u) =>
      waitForHttp(u, env.APP_READY_TIMEOUT_SECONDS * 1000, () => stopping),
    ),
  );
  if (stopping) await new Promise(() => {});
  // The pharmacy's first answer must not wait for dev to compile the inbound route (its callback would
  // time out and the first acknowledgement take ~30 s): compile it now (GET answers 405).
  if (ready[0]) void fetch(`http://127.0.0.1:${env.PROVIDER_PORT}/api/rx/inbound`).catch(() => {});
  if (!ready.every(Boolean)) {
    console.error(`The apps or the pharmacy simulator did not answer within ${env.APP_READY_TIMEOUT_SECONDS} s (see their output above).`);
    await shutdown(1);
  }

  const logins = createDb(appDatabaseUrl, 1);
  await printLogins(logins, authEnv());
  await logins.$end();
  console.log(
    [
      "Clearwell is running:",
      `  Provider portal  ${providerUrl}`,
      `  Patient app      ${patientUrl}`,
      `  LiveKit          ${livekitUrl} (key devkey, secret secret)`,
      `  Pharmacy (sim)   ${pharmacySimUrl} (NCPDP 7654321; SCRIPT at /script, stats at /control/stats)`,
      ...(demoVisit
        ? [
            `  Demo video visit ${DEMO_VISIT.patientEmail} with ${DEMO_VISIT.providerEmail}, ${clinicTime(demoVisit.startsAt)}–${clinicTime(demoVisit.endsAt)} (${DEMO_VISIT.timezone})`,
            "                   (patient: Appointments → Join video visit; provider: the 'is waiting' banner → Open visit)",
          ]
        : []),
      `  Database         ${env.DATABASE_URL ? "DATABASE_URL" : `embedded PostgreSQL 127.0.0.1:${env.EMBEDDED_PG_PORT}`}`,
      `Cold start: ${seconds(Date.now() - t0)}. Press Ctrl-C to stop.`,
      "",
    ].join("\n"),
  );
} catch (e) {
  if (!stopping) {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    await shutdown(1);
  }
}
