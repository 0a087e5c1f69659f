// Benchmark, not a test: one clinician chart request on the seeded demo data (the patient two
// months into treatment), counting the statements it sends and timing it over 30 runs.
// Run: pnpm bench:chart:seeded   (DATABASE_URL's server or the embedded one; makes its own database)
import { performance } from "node:perf_hooks";

import type { Actor } from "@clearwell/api/actor";
import { getChart } from "@clearwell/api/services/chart/chart";
import { authFromEnv } from "@clearwell/auth/from-env";
import { createDb } from "@clearwell/db/client";
import { resolveDatabaseUrl } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";
import { seedDemo } from "@clearwell/seed";

const RUNS = 30;
const scratch = await createScratchDatabase(await resolveDatabaseUrl(), "clearwell_bench_seeded");
const seedDb = createDb(scratch.url, 2);
await seedDemo(seedDb, authFromEnv("provider", seedDb));
await seedDb.$end();

let statements = 0;
const db = createDb(scratch.url, 4, { onQuery: () => void statements++ });
const patient = await db.query.patient.findFirst({ where: (p, { eq }) => eq(p.email, "patient3@clearwater.test") });
const provider = await db.query.user.findFirst({ where: (u, { eq }) => eq(u.email, "provider@clearwater.test") });
const actor: Actor = { userId: provider!.id, kind: "staff", roles: ["provider"], clinicId: patient!.clinicId, meta: { requestId: "bench", ipAddress: null, userAgent: "bench" } };
await getChart(db, actor, patient!.clinicId, patient!.id);
const times: number[] = [];
let perRequest = 0;
for (let i = 0; i < RUNS; i++) {
  statements = 0;
  const t = performance.now();
  const chart = await getChart(db, actor, patient!.clinicId, patient!.id);
  times.push(performance.now() - t);
  perRequest = statements;
  if (i === 0) console.log(`seeded chart of ${chart.header.name}: ${chart.scores.length} scores, ${chart.appointments.length} appointments, ${chart.timeline.length} timeline events, ${(chart.intake?.screening as { flags?: unknown[] } | null)?.flags?.length ?? 0} screening flags`);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
console.log(`chart.get on seeded data: ${perRequest} statements per request (begin/commit included); median ${pct(0.5)} ms, p95 ${pct(0.95)} ms over ${RUNS} runs`);
await db.$end();
await scratch.drop();
