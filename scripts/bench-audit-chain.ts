// Benchmark, not a test: audit-event inserts per second through the hash-chain trigger, with every
// writer in one clinic (one chain, writers queue) and spread over many clinics (separate chains), and
// without the chain trigger for comparison. Each insert is its own transaction, as a request's is.
// Run: pnpm bench:audit-chain   (DATABASE_URL's server or the embedded one; makes its own database)
import { performance } from "node:perf_hooks";

import { resolveDatabaseUrl } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";
import postgres from "postgres";

const INSERTS = 3000;
const CONNECTIONS = 16;
const scratch = await createScratchDatabase(await resolveDatabaseUrl(), "clearwell_bench_audit");
const owner = postgres(scratch.ownerUrl, { max: 1, onnotice: () => {} });
const app = postgres(scratch.url, { max: CONNECTIONS, onnotice: () => {} });
const clinics = (await owner`insert into clinic (name, slug, enrolment_code)
  select 'c' || g, 'c' || g, 'code' || g from generate_series(1, ${CONNECTIONS}) g returning id`).map((r) => r.id as string);

async function run(label: string, clinicFor: (i: number) => string) {
  let next = 0;
  const started = performance.now();
  // CONNECTIONS writers, each inserting one event per transaction until INSERTS are done.
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < INSERTS) {
        const i = next++;
        await app.begin((tx) => tx`insert into audit_event (clinic_id, actor_kind, action, resource_type, outcome) values (${clinicFor(i)}, 'system', 'bench', 'bench', 'success')`);
      }
    }),
  );
  const s = (performance.now() - started) / 1000;
  console.log(`${label}: ${INSERTS} inserts on ${CONNECTIONS} connections in ${s.toFixed(2)} s = ${Math.round(INSERTS / s)}/s`);
}

await run("one clinic (one chain)", () => clinics[0]!);
await run(`${CONNECTIONS} clinics (separate chains)`, (i) => clinics[i % CONNECTIONS]!);
await owner`alter table audit_event disable trigger audit_event_chain`;
await owner`alter table audit_event alter column chain_seq drop not null, alter column prev_hash drop not null, alter column hash drop not null`;
await owner`alter table audit_event drop constraint audit_event_chain_uq`;
await run("one clinic, no chain (baseline)", () => clinics[0]!);
await app.end();
await owner.end();
await scratch.drop();
