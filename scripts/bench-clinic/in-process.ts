// The chart read in one Node process, for CPU profiles without a production build (issue 14 item 2):
// the same scratch dataset as `pnpm bench:clinic` (dataset.ts), the provider app's real fetch
// handlers (packages/api/src/http.ts: tRPC with its context, session lookup, output schema and
// superjson, and better-auth for the password + TOTP sign-in), called with Request objects instead
// of over a socket. Next's routing and the socket are left out, so the figures are the handlers'
// own cost (a floor under what `pnpm bench:clinic` measures), not the app's.
//
// Run: BENCH_CPU_PROF=/tmp/prof node --import tsx scripts/bench-clinic/in-process.ts (the profiler runs
// over the measured requests only, not the seeding), then:
// node --import tsx scripts/bench-clinic/profile-summary.ts /tmp/prof
// Knobs: BENCH_PATIENTS (default 300), BENCH_CONCURRENCY (default 1,10), BENCH_SECONDS (default 5),
// BENCH_POOL (default 10), BENCH_ROUNDS (default 1: the concurrency list repeated, for ranges),
// BENCH_STATEMENTS=1 (list one request's statements).
// Database: DATABASE_URL or the embedded server. Benchmark, not a test: it asserts nothing.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";

Object.assign(process.env, {
  NODE_ENV: "production",
  // Production refuses the development password of the application role; the scratch database's is random.
  DATABASE_APP_PASSWORD: randomBytes(24).toString("hex"),
  AUTH_SECRET: randomBytes(36).toString("base64url"),
  PROVIDER_APP_URL: "http://127.0.0.1:3999",
  PATIENT_APP_URL: "http://127.0.0.1:3998",
  RX_SIGNING_KEY: randomBytes(32).toString("base64"),
  PHARMACY_SHARED_SECRET: randomBytes(32).toString("hex"),
  TRUSTED_PROXIES: "127.0.0.1",
  LIVEKIT_URL: "ws://127.0.0.1:9",
  LIVEKIT_API_KEY: "bench",
  LIVEKIT_API_SECRET: randomBytes(36).toString("base64url"),
});

const { createHandlers } = await import("@clearwell/api/http");
const { queuedMailer } = await import("@clearwell/api/services/mail/outbox");
const { authFromEnv } = await import("@clearwell/auth/from-env");
const { createDb } = await import("@clearwell/db/client");
const { resolveDatabaseUrl } = await import("@clearwell/db/embedded");
const { createScratchDatabase } = await import("@clearwell/db/scratch");
const { DEMO_PASSWORD, demoTotpSecrets, seedDemo } = await import("@clearwell/seed");
const postgres = (await import("postgres")).default;
const { generateDataset } = await import("./dataset");
const { summarize, totp } = await import("./stats");

const int = (name: string, def: number) => {
  const v = Number(process.env[name] || def);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a whole number above 0`);
  return v;
};
const PATIENTS = int("BENCH_PATIENTS", 300);
const SECONDS = int("BENCH_SECONDS", 5);
const POOL = int("BENCH_POOL", 10);
const ROUNDS = int("BENCH_ROUNDS", 1);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY || "1,10").split(",").map((s) => Number(s.trim()));
const base = process.env.PROVIDER_APP_URL!;
const secret = process.env.AUTH_SECRET!;

const scratch = await createScratchDatabase(await resolveDatabaseUrl(), "clearwell_bench_inproc");
// BENCH_STATEMENTS=1: the statements one chart request sends (text only: parameters, which hold PHI,
// are not printed). Off by default: it turns on postgres.js's debug hook, which captures a stack per
// query and so shows up in the profile.
const LIST_STATEMENTS = process.env.BENCH_STATEMENTS === "1";
let statements: string[] | null = null;
const db = createDb(scratch.url, POOL, LIST_STATEMENTS ? { onQuery: (q) => void statements?.push(q) } : {});
try {
  const seedDb = createDb(scratch.url, 2);
  await seedDemo(seedDb, authFromEnv("provider", seedDb));
  const secrets = new Map((await demoTotpSecrets(seedDb, secret)).map((s) => [s.email, s.secret]));
  await seedDb.$end();
  const owner = postgres(scratch.ownerUrl, { max: 1, onnotice: () => {} });
  const data = await generateDataset(owner, { patients: PATIENTS, providers: 20, responsesPerPatient: 10, appointmentsPerPatient: 3, auditPerPatient: 60, hotReads: 1 }, () => {});
  await owner.end();

  const auth = authFromEnv("provider", db);
  const handlers = createHandlers({ db, auth, providerAppUrl: base, patientAppUrl: process.env.PATIENT_APP_URL!, mailer: queuedMailer(db, secret) });

  // Sign in as the browser does: password, then the authenticator's code.
  const jar = new Map<string, string>();
  const take = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const post = (p: string, body: unknown) =>
    handlers.auth(new Request(`${base}${p}`, { method: "POST", headers: { "content-type": "application/json", origin: base, cookie: cookie() }, body: JSON.stringify(body) }));
  const first = await post("/api/auth/sign-in/email", { email: data.providerEmail, password: DEMO_PASSWORD });
  take(first);
  await first.arrayBuffer();
  const second = await post("/api/auth/two-factor/verify-totp", { code: totp(secrets.get(data.providerEmail)!) });
  take(second);
  await second.arrayBuffer();
  if (!second.ok) throw new Error(`second factor answered ${second.status}`);
  const headers = { cookie: `${cookie()}; cw-clinic=${data.clinicId}`, origin: base };

  const patients = data.chartPatients;
  let i = 0;
  // BENCH_PROCEDURE=session.me: the same request path with a procedure that reads nothing past the
  // session (the stack's own cost: auth, context, tRPC, superjson, the output schema).
  const procedure = process.env.BENCH_PROCEDURE || "chart.get";
  if (!/^[a-zA-Z]+\.[a-zA-Z]+$/.test(procedure)) throw new Error("BENCH_PROCEDURE: router.procedure, e.g. session.me");
  const chart = async () => {
    const query = procedure === "chart.get" ? `?input=${encodeURIComponent(JSON.stringify({ json: { patientId: patients[i++ % patients.length] } }))}` : "";
    const res = await handlers.trpc(new Request(`${base}/api/trpc/${procedure}${query}`, { headers }));
    const text = await res.text();
    if (!res.ok) throw new Error(`${procedure} answered ${res.status}: ${text.slice(0, 200)}`);
    return text.length;
  };
  const bytes = await chart();
  for (let w = 0; w < 200; w++) await chart(); // warm-up (JIT, pool)
  if (LIST_STATEMENTS) {
    statements = [];
    await chart();
    console.log(`one ${procedure} request sends ${statements.length} statements:`);
    for (const q of statements) console.log(`  ${q.replace(/\s+/g, " ").slice(0, 160)}`);
    statements = null;
  }
  const profDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const inspector = new Session();
  if (profDir) {
    inspector.connect();
    await inspector.post("Profiler.enable");
    await inspector.post("Profiler.start");
  }
  console.log(`${procedure} in-process: ${patients.length} patients rotated, ~${bytes} bytes per answer, pool ${POOL}, ${SECONDS} s per point`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const users of CONCURRENCY) {
      const latencies: number[] = [];
      let errors = 0;
      const cpu0 = process.cpuUsage();
      const deadline = performance.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: users }, async () => {
          while (performance.now() < deadline) {
            const t = performance.now();
            try {
              await chart();
              latencies.push(performance.now() - t);
            } catch (e) {
              if (errors++ === 0) console.error(e);
            }
          }
        }),
      );
      const cpu = process.cpuUsage(cpu0);
      const s = summarize(latencies, errors, SECONDS);
      const cpuPerReq = (cpu.user + cpu.system) / 1000 / Math.max(1, s.requests);
      console.log(
        `round ${round} x${users}: median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, ${s.rps.toFixed(0)} req/s, Node CPU ${cpuPerReq.toFixed(2)} ms per request${errors ? `, ERRORS ${errors}` : ""}`,
      );
    }
  }
  if (profDir) {
    const { profile } = await inspector.post("Profiler.stop");
    mkdirSync(profDir, { recursive: true });
    const file = path.join(profDir, `chart-in-process-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`CPU profile of the measured requests: ${file}`);
  }
} finally {
  await db.$end();
  await scratch.drop();
}
process.exit(0);
