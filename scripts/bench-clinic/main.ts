// `pnpm bench:clinic` (issue 14): the provider app's reads at clinic scale, over HTTP through tRPC
// and a signed-in session (password + TOTP) on a production build, each beside its raw-SQL floor
// in the same run. Benchmark, not a test: it prints figures and asserts none.
//
// 1. A scratch database migrated by the real migrations, the demo seed, then the dataset in SQL
//    (dataset.ts). 2. The provider app's production build (the portal's cached .next-portal build,
//    scripts/portal/next-build.ts) started with `next start` on a free 127.0.0.1 port. 3. Per read
//    and per concurrency: the service (autocannon), the floor and the floor + audit insert (the
//    postgres driver, as many workers as users), one after the other, each for BENCH_SECONDS.
//    Statements per request are counted on the wire (wire-counter.ts) over sequential requests.
//
// Knobs: BENCH_FULL=1 (the issue's scale: 2 x 20,000 patients, 10 s per point), BENCH_PATIENTS,
// BENCH_PROVIDERS, BENCH_RESPONSES, BENCH_APPOINTMENTS, BENCH_AUDIT (per patient), BENCH_HOT_READS,
// BENCH_CONCURRENCY (e.g. 1,10,50,100), BENCH_SECONDS, BENCH_POOL (app and floor), BENCH_READS
// (stack,chart,hot,week,admin-week,dashboard,list; "stack" is session.me, a signed-in request that
// reads nothing past the session: what every other read pays before its own statements), BENCH_KEEP_DB=1. Database: DATABASE_URL or the embedded server.
// BENCH_CPU_PROF=<dir>: the provider server (only it) runs under `node --cpu-prof` and writes its
// .cpuprofile files into <dir> when it stops; summarise them with
// `node --import tsx scripts/bench-clinic/profile-summary.ts <dir or file>`.
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import net from "node:net";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { authFromEnv } from "@clearwell/auth/from-env";
import { createDb } from "@clearwell/db/client";
import { resolveDatabaseUrl } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";
import { DEMO_PASSWORD, demoTotpSecrets, seedDemo } from "@clearwell/seed";
import autocannon from "autocannon";
import postgres from "postgres";
import type { PendingQuery, Row as PgRow, Sql } from "postgres";

import type { Child } from "../lib/children";
import { startChild, stopChild, waitForHttp } from "../lib/children";
import { ensureBuilds, portalBuildEnv } from "../portal/next-build";
import { type Scale, generateDataset } from "./dataset";
import { type Actor, chartFloor, dashboardFloor, patientListFloor, sessionFloor, weekFloor } from "./floors";
import { type Row, type Summary, summarize, table, totp } from "./stats";
import { startWireCounter } from "./wire-counter";

const root = path.resolve(import.meta.dirname, "../..");
const full = process.env.BENCH_FULL === "1";
const num = (name: string, quick: number, atScale: number, max: number) => {
  const v = Number(process.env[name] || (full ? atScale : quick));
  if (!Number.isInteger(v) || v < 0 || v > max) throw new Error(`${name} must be a whole number from 0 to ${max}`);
  return v;
};
const scale: Scale = {
  patients: num("BENCH_PATIENTS", 1000, 20_000, 200_000),
  providers: Math.max(1, num("BENCH_PROVIDERS", 20, 20, 200)),
  responsesPerPatient: Math.max(2, num("BENCH_RESPONSES", 10, 10, 100)),
  appointmentsPerPatient: Math.max(1, num("BENCH_APPOINTMENTS", 3, 3, 20)),
  auditPerPatient: Math.max(1, num("BENCH_AUDIT", 60, 60, 500)),
  hotReads: num("BENCH_HOT_READS", 2000, 20_000, 1_000_000),
};
const SECONDS = Math.max(1, num("BENCH_SECONDS", 3, 10, 600));
const POOL = Math.max(1, num("BENCH_POOL", 10, 10, 100));
const CONCURRENCY = (process.env.BENCH_CONCURRENCY || "1,10,50,100").split(",").map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new Error("BENCH_CONCURRENCY: whole numbers from 1 to 500, comma-separated");
  return n;
});
const READS = new Set((process.env.BENCH_READS || "stack,chart,hot,week,admin-week,dashboard,list").split(",").map((s) => s.trim()));
const STATEMENT_SAMPLES = 10;
const APP_READY_MS = 120_000;

const t0 = Date.now();
const log = (msg: string) => console.log(`[bench] ${msg} [${((Date.now() - t0) / 1000).toFixed(0)} s]`);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Merges Set-Cookie headers into a Cookie header value. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    take(res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const eq = pair!.indexOf("=");
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
  };
}

/** Signs in as a staff member would: e-mail and password, then the authenticator's code. */
async function signIn(base: string, email: string, totpSecret: string): Promise<string> {
  const jar = cookieJar();
  const headers = { "content-type": "application/json", origin: base };
  const first = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  jar.take(first);
  const body = (await first.json()) as { twoFactorRedirect?: boolean };
  if (!first.ok || !body.twoFactorRedirect) throw new Error(`sign-in of ${email} answered ${first.status} without the second-factor step`);
  const second = await fetch(`${base}/api/auth/two-factor/verify-totp`, { method: "POST", headers: { ...headers, cookie: jar.header() }, body: JSON.stringify({ code: totp(totpSecret) }) });
  jar.take(second);
  await second.arrayBuffer();
  if (!second.ok) throw new Error(`second factor of ${email} answered ${second.status}`);
  return jar.header();
}

/** A tRPC GET (superjson input) for one query. */
function trpcPath(procedure: string, input: Record<string, unknown>) {
  const json: Record<string, unknown> = {};
  const values: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(input)) {
    json[k] = v instanceof Date ? v.toISOString() : v;
    if (v instanceof Date) values[k] = ["Date"];
  }
  const payload = Object.keys(values).length ? { json, meta: { values } } : { json };
  return `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(payload))}`;
}

interface Read {
  name: string;
  cookie: string;
  /** The i-th request's path (the chart rotates over patients). */
  path: (i: number) => string;
  floor: (i: number, withAudit: boolean) => PendingQuery<PgRow[]>;
  /** Rows in a service answer and a floor answer, to show both return the same thing. */
  serviceRows: (data: unknown) => number;
  floorRows: (rows: PgRow[]) => number;
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (ms) used so far by every process of a process group (the app: next start and its server), or null without /proc. */
function groupCpuMs(pgid: number | undefined): number | null {
  if (pgid === undefined || !existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command (which may hold spaces): state ppid pgrp ... utime(14) stime(15).
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return (ticks * 1000) / CLK_TCK;
}

async function runService(base: string, read: Read, users: number, appPgid?: number): Promise<Summary & { appCpuMs: number | null }> {
  const cpu0 = groupCpuMs(appPgid);
  const latencies: number[] = [];
  let i = 0;
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: users,
        duration: SECONDS,
        headers: { cookie: read.cookie, origin: base },
        requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: read.path(i++) }) }],
      },
      (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    instance.on("response", (_client, status, _bytes, time) => {
      if (status >= 200 && status < 300) latencies.push(time);
      else errors++;
    });
  });
  const cpu1 = groupCpuMs(appPgid);
  const requests = latencies.length + errors;
  return { ...summarize(latencies, errors + result.errors + result.timeouts, SECONDS), appCpuMs: cpu0 !== null && cpu1 !== null && requests > 0 ? (cpu1 - cpu0) / requests : null };
}

async function runFloor(read: Read, users: number, withAudit: boolean): Promise<Summary> {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: users }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await read.floor(i++, withAudit);
          const done = performance.now();
          // As autocannon does for the service: what is still running at the deadline is not counted.
          if (done <= deadline) latencies.push(done - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  return summarize(latencies, errors, SECONDS);
}

async function getJson(base: string, read: Read, i: number) {
  const res = await fetch(`${base}${read.path(i)}`, { headers: { cookie: read.cookie, origin: base } });
  const body = (await res.json()) as { result?: { data?: { json?: unknown } }; error?: unknown };
  if (!res.ok) throw new Error(`${read.name}: ${res.status} ${JSON.stringify(body.error).slice(0, 300)}`);
  return body.result?.data?.json;
}

const children: Child[] = [];
let stopping = false;
async function cleanup() {
  stopping = true;
  for (const c of children) await stopChild(c);
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    for (const c of children) c.killGroup();
    process.exit(130);
  });
}

const secrets = {
  AUTH_SECRET: randomBytes(36).toString("base64url"),
  RX_SIGNING_KEY: randomBytes(32).toString("base64"),
  PHARMACY_SHARED_SECRET: randomBytes(32).toString("hex"),
  LIVEKIT_API_KEY: `bench-${randomBytes(4).toString("hex")}`,
  LIVEKIT_API_SECRET: randomBytes(36).toString("base64url"),
};
const appPort = await freePort();
const base = `http://127.0.0.1:${appPort}`;
// The seed encrypts staff TOTP secrets with AUTH_SECRET; the app must read them with the same one.
Object.assign(process.env, { AUTH_SECRET: secrets.AUTH_SECRET, PROVIDER_APP_URL: base, PATIENT_APP_URL: `http://127.0.0.1:${await freePort()}` });

log(`scale: ${scale.patients} patients x 2 clinics, ${scale.providers} providers each, ${scale.responsesPerPatient} responses, ${scale.appointmentsPerPatient} visits, ${scale.auditPerPatient} audit rows per patient; ${SECONDS} s per point, users ${CONCURRENCY.join(", ")}, pool ${POOL}`);
// The build first (cached: seconds when nothing changed), beside the database work.
let building = true;
const build = ensureBuilds(root, [{ name: "provider", dir: "apps/provider" }], { log, onChild: () => {}, isStopping: () => stopping }).finally(() => (building = false));
build.catch(() => {});
const scratch = await createScratchDatabase(await resolveDatabaseUrl(), "clearwell_bench_clinic");
let failed = false;
let owner: Sql | undefined;
let floorSql: Sql | undefined;
let counter: Awaited<ReturnType<typeof startWireCounter>> | undefined;
try {
  const seedDb = createDb(scratch.url, 2);
  await seedDemo(seedDb, authFromEnv("provider", seedDb));
  const totpSecrets = new Map((await demoTotpSecrets(seedDb, secrets.AUTH_SECRET)).map((s) => [s.email, s.secret]));
  await seedDb.$end();
  log("migrated and demo-seeded");

  const tGen = Date.now();
  const buildAlongside = building;
  owner = postgres(scratch.ownerUrl, { max: 1, onnotice: () => {} });
  const data = await generateDataset(owner, scale, (m) => log(`  ${m}`));
  log(
    `dataset generated in ${((Date.now() - tGen) / 1000).toFixed(1)} s${buildAlongside ? " (while the app was being built beside it)" : ""}: ${Object.entries(data.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );

  // App and floor reach the database through the counting relay.
  const target = new URL(scratch.url);
  counter = await startWireCounter({ host: target.hostname, port: Number(target.port || 5432) });
  const counted = new URL(scratch.url);
  counted.hostname = "127.0.0.1";
  counted.port = String(counter.port);
  floorSql = postgres(counted.toString(), { max: POOL, onnotice: () => {} });

  const built = await build;
  for (const b of built) log(`provider build ${b.built ? `made in ${(b.ms / 1000).toFixed(0)} s` : "reused"} (apps/provider/.next-portal)`);
  const next = path.join(root, "apps/provider/node_modules/.bin/next");
  if (!existsSync(next)) throw new Error("apps/provider: next is not installed (run pnpm install)");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...portalBuildEnv,
    ...secrets,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_APP_URL: counted.toString(),
    DATABASE_POOL_MAX: String(POOL),
    LIVEKIT_URL: "ws://127.0.0.1:9",
  };
  delete env.DATABASE_URL;
  // Node refuses --cpu-prof in NODE_OPTIONS, so the profiled server is `node --cpu-prof <next's bin>`
  // (next start serves in its own process; its SIGTERM handler exits, which writes the profile).
  const cpuProfDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const startArgs = ["start", "-p", String(appPort), "-H", "127.0.0.1"];
  let command = next;
  if (cpuProfDir) {
    mkdirSync(cpuProfDir, { recursive: true });
    command = process.execPath;
    startArgs.unshift("--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`, path.join(root, "apps/provider/node_modules/next/dist/bin/next"));
    log(`the provider server writes its CPU profile into ${cpuProfDir} when it stops`);
  }
  const app = startChild("provider", command, startArgs, {
    cwd: path.join(root, "apps/provider"),
    env,
    filter: (line) => !line.includes("TRUSTED_PROXIES is empty"),
  });
  children.push(app);
  if (!(await waitForHttp(`${base}/sign-in`, APP_READY_MS, () => stopping || !app.isRunning()))) throw new Error("the provider app did not answer (see its output above)");
  log(`provider app (production build) on ${base}`);

  const secretOf = (email: string) => totpSecrets.get(email) ?? (() => { throw new Error(`no TOTP secret for ${email}`); })();
  const providerCookie = await signIn(base, data.providerEmail, secretOf(data.providerEmail));
  const adminCookie = await signIn(base, data.adminEmail, secretOf(data.adminEmail));
  log("signed in as the demo provider and the demo admin (password + TOTP)");
  const clinicHeader = `cw-clinic=${data.clinicId}`;
  const provider: Actor = { userId: data.providerUserId, clinicId: data.clinicId, roles: ["provider"] };
  const [adminRow] = await floorSql<{ id: string }[]>`select id from "user" where email = ${data.adminEmail}`;
  const admin: Actor = { userId: adminRow!.id, clinicId: data.clinicId, roles: ["admin"] };
  const week = { from: data.weekStart, to: new Date(data.weekStart.getTime() + 7 * 86_400_000) };
  const day = { dayStart: new Date(data.weekStart.getTime() + 2 * 86_400_000), dayEnd: new Date(data.weekStart.getTime() + 3 * 86_400_000) };
  const sql = floorSql;
  const patients = data.chartPatients;
  const arr = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const chartRows = (c: { scores?: unknown; appointments?: unknown; timeline?: unknown; careTeam?: unknown } | null | undefined) =>
    arr(c?.scores) + arr(c?.appointments) + arr(c?.timeline) + arr(c?.careTeam);

  const reads: Read[] = [];
  if (READS.has("stack")) {
    // The provider's newest session is the one the benchmark signed in with.
    const [sessionRow] = await floorSql<{ token: string }[]>`select token from session where user_id = ${data.providerUserId} order by created_at desc limit 1`;
    const token = sessionRow!.token;
    reads.push({
      name: "stack (session.me)",
      cookie: `${providerCookie}; ${clinicHeader}`,
      path: () => "/api/trpc/session.me",
      floor: () => sessionFloor(sql, token),
      serviceRows: (d) => arr((d as { memberships?: unknown }).memberships),
      floorRows: (rows) => arr(rows[0]?.memberships),
    });
  }
  const chartRead = (name: string, pick: (i: number) => string): Read => ({
    name,
    cookie: `${providerCookie}; ${clinicHeader}`,
    path: (i) => trpcPath("chart.get", { patientId: pick(i) }),
    floor: (i, a) => chartFloor(sql, provider, pick(i), a),
    serviceRows: (d) => chartRows(d as Parameters<typeof chartRows>[0]),
    floorRows: (rows) => chartRows((rows[0]?.chart ?? null) as Parameters<typeof chartRows>[0]),
  });
  if (READS.has("chart")) reads.push(chartRead("chart", (i) => patients[i % patients.length]!));
  if (READS.has("hot") && scale.hotReads > 0) reads.push(chartRead(`chart, ${scale.hotReads} earlier reads`, () => data.hotPatient));
  if (READS.has("week"))
    reads.push({
      name: "provider week",
      cookie: `${providerCookie}; ${clinicHeader}`,
      path: () => trpcPath("schedule.list", week),
      floor: (_i, a) => weekFloor(sql, provider, week.from, week.to, provider.userId, a),
      serviceRows: arr,
      floorRows: (rows) => rows.length,
    });
  if (READS.has("admin-week"))
    reads.push({
      name: "admin week",
      cookie: `${adminCookie}; ${clinicHeader}`,
      path: () => trpcPath("schedule.list", week),
      floor: (_i, a) => weekFloor(sql, admin, week.from, week.to, null, a),
      serviceRows: arr,
      floorRows: (rows) => rows.length,
    });
  if (READS.has("dashboard"))
    reads.push({
      name: "dashboard",
      cookie: `${providerCookie}; ${clinicHeader}`,
      path: () => trpcPath("schedule.dashboard", day),
      floor: (_i, a) => dashboardFloor(sql, provider, day.dayStart, day.dayEnd, a),
      serviceRows: (d) => {
        const x = d as { today?: unknown; awaitingReview?: unknown; alerts?: unknown };
        return arr(x.today) + arr(x.awaitingReview) + arr(x.alerts);
      },
      floorRows: (rows) => arr(rows[0]?.today) + arr(rows[0]?.awaiting) + arr(rows[0]?.alerts),
    });
  if (READS.has("list"))
    reads.push({
      name: "patient list, page 1",
      cookie: `${providerCookie}; ${clinicHeader}`,
      path: () => trpcPath("patient.list", { page: 1, pageSize: 20 }),
      floor: (_i, a) => patientListFloor(sql, provider, 20, a),
      serviceRows: (d) => arr((d as { items?: unknown }).items),
      floorRows: (rows) => rows.length,
    });

  const results: Row[] = [];
  const load = () => loadavg()[0]!.toFixed(1);
  const loadBefore = load();
  for (const read of reads) {
    // Warm both paths, show they return as many rows, and count statements on the wire.
    const serviceRows = read.serviceRows(await getJson(base, read, 0));
    const floorRows = read.floorRows(await read.floor(0, false));
    counter.statements = 0;
    for (let i = 0; i < STATEMENT_SAMPLES; i++) await getJson(base, read, i);
    const serviceStatements = counter.statements / STATEMENT_SAMPLES;
    counter.statements = 0;
    for (let i = 0; i < STATEMENT_SAMPLES; i++) await read.floor(i, true);
    const floorStatements = counter.statements / STATEMENT_SAMPLES;
    log(`${read.name}: ${serviceRows} rows from the service, ${floorRows} from the floor${serviceRows === floorRows ? "" : " (DIFFERENT)"}; ${serviceStatements} statements per request on the wire (floor + audit: ${floorStatements})`);
    for (const users of CONCURRENCY) {
      const service = await runService(base, read, users, app.proc.pid);
      const floor = await runFloor(read, users, false);
      const floorAudit = await runFloor(read, users, true);
      const row: Row = { read: read.name, users, service, floor, floorAudit, serviceStatements, floorStatements, appCpuMs: service.appCpuMs };
      results.push(row);
      log(`${read.name} x${users}: service ${service.median.toFixed(1)}/${service.p95.toFixed(1)} ms ${service.rps.toFixed(0)}/s${service.appCpuMs === null ? "" : ` (app CPU ${service.appCpuMs.toFixed(1)} ms/req)`}, floor ${floor.median.toFixed(2)}/${floor.p95.toFixed(2)} ms ${floor.rps.toFixed(0)}/s, floor+audit ${floorAudit.median.toFixed(2)}/${floorAudit.p95.toFixed(2)} ms${service.errors + floor.errors + floorAudit.errors ? `, ERRORS ${service.errors}/${floor.errors}/${floorAudit.errors}` : ""}`);
      if (service.errors || floor.errors || floorAudit.errors) failed = true;
    }
  }
  console.log(
    [
      "",
      `Clinic benchmark: ${data.counts.patients} patients, ${data.counts.responses} questionnaire responses, ${data.counts.appointments} appointments, ${data.counts.audit_rows} audit rows (before the run); ` +
        `${SECONDS} s per point; service = provider app production build over HTTP (tRPC GET, signed-in session), floor = one hand-written statement through postgres.js; ` +
        `both with pool ${POOL}; latencies in ms (median / p95); statements per request counted on the wire (Execute + Query messages, begin/commit and the session lookup included) over ${STATEMENT_SAMPLES} sequential requests; ` +
        `app CPU = user + system time of the app's processes over the run per request (less sensitive to other load than latency).`,
      `Machine: ${cpus().length} cores; load average ${loadBefore} before the measurements, ${load()} after (other work on the machine inflates every figure; compare the ratios).`,
      "",
      table(results),
      "",
    ].join("\n"),
  );
} catch (e) {
  failed = true;
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
} finally {
  await cleanup();
  await floorSql?.end();
  await owner?.end();
  await counter?.close();
  if (process.env.BENCH_KEEP_DB === "1") log(`database kept: ${scratch.ownerUrl.replace(/\/\/[^@]*@/, "//")}`);
  else await scratch.drop();
}
process.exit(failed ? 1 : 0);
