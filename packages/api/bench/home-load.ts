// The at-home load test (issue 13): 200 virtual patients, each with their own seeded patient on an
// active regimen, through the real patient routers for 60 s against one scratch database: the
// support person's code, the pre-dose gate, the dose log, the check-ins. Prints requests, errors,
// p50/p95/p99 per procedure, throughput and the alerts raised; exits 1 on any error or on a
// duplicate open alert per (patient, type). Bounded: at most HOME_LOAD_VUS x HOME_LOAD_PER_VU
// patient flows and HOME_LOAD_SECONDS.
// Run: pnpm --filter @clearwell/api bench:home   (DATABASE_URL's server or the embedded one)
import { randomBytes } from "node:crypto";

import { createDb } from "@clearwell/db/client";
import { resolveDatabaseUrl } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";

import { checkLoad, report, runLoad, seedLoad } from "./home-load-harness";

const num = (name: string, fallback: number, max: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`${name} must be a whole number from 1 to ${max}`);
  return v;
};
const VUS = num("HOME_LOAD_VUS", 200, 2000);
const SECONDS = num("HOME_LOAD_SECONDS", 60, 600);
const PER_VU = num("HOME_LOAD_PER_VU", 12, 200);
const CHECK_INS = num("HOME_LOAD_CHECK_INS", 2, 10);
const CLINICS = num("HOME_LOAD_CLINICS", 1, 50);
const POOL = num("HOME_LOAD_POOL", 20, 90);

const scratch = await createScratchDatabase(await resolveDatabaseUrl(), "clearwell_bench_home");
const db = createDb(scratch.url, POOL);
const owner = createDb(scratch.ownerUrl, 2);
let failed: boolean;
try {
  const t0 = Date.now();
  const secret = randomBytes(32).toString("base64url");
  const fx = await seedLoad(db, owner, { vus: VUS, perVu: PER_VU, checkIns: CHECK_INS, clinics: CLINICS, secret });
  console.log(`seeded ${VUS * PER_VU} patients with active regimens in ${CLINICS} clinic(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s; pool ${POOL} connections`);
  const stats = await runLoad(db, fx, SECONDS * 1000);
  const check = await checkLoad(db, fx.clinicIds);
  console.log(report(stats, check, { vus: VUS, durationMs: SECONDS * 1000 }));
  failed = stats.errors > 0 || check.duplicateOpen.length > 0 || check.takenSessions !== stats.doseLogs || check.scoredCheckIns !== stats.checkInsSubmitted;
  if (failed) console.log("FAILED: errors, a duplicate open alert, or the database disagrees with the answers (see above)");
} finally {
  await db.$end();
  await owner.$end();
  await scratch.drop();
}
process.exit(failed ? 1 : 0);
