// Patient list and search on a clinic of 20,000 synthetic patients (plus 20,000 in another
// clinic): timings through the real service beside its floor (the same page as one hand-written
// statement writing the same audit row), the plan Postgres chooses, and the query count.
// Run: pnpm --filter @clearwell/api bench   (DATABASE_URL or the embedded server)
import { performance } from "node:perf_hooks";

import { schema } from "@clearwell/db/client";
import { drizzle } from "drizzle-orm/postgres-js";
import { resolveDatabaseUrl } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";
import postgres from "postgres";

import type { Actor } from "../src/actor";
import { type PatientListQuery, listPatients } from "../src/services/patient/list-patients";

const PER_CLINIC = 20_000;
const RUNS = 30;
const { url, ownerUrl } = await createScratchDatabase(await resolveDatabaseUrl(), "clearwell_bench");

// Counts every statement the service sends, to show a list call is not N+1.
let queries = 0;
const client = postgres(url, { max: 4, onnotice: () => {}, debug: () => void queries++ });
const db = Object.assign(drizzle({ client, schema, casing: "snake_case" }), { $end: () => client.end() });

const GIVEN = ["Ari", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kai", "Lu", "Max", "Nia", "Oz", "Pia"];
const FAMILY = ["Ashdown", "Brightwater", "Coldbrook", "Dunmore", "Eastlake", "Fernsby", "Greyfield", "Hollins", "Ironwood", "Juniper"];

async function clinicWithPatients(label: string) {
  const [c] = await db.insert(schema.clinic).values({ name: label, slug: label, enrolmentCode: `${label}-code` }).returning();
  for (let start = 0; start < PER_CLINIC; start += 2000) {
    await db.insert(schema.patient).values(
      Array.from({ length: 2000 }, (_, k) => {
        const i = start + k;
        return {
          clinicId: c!.id,
          mrn: `CW-B${label.slice(0, 1)}${String(i).padStart(6, "0")}`,
          givenName: GIVEN[i % GIVEN.length]!,
          familyName: `${FAMILY[i % FAMILY.length]}${i}`,
          email: `p${i}@${label}.test`,
          dateOfBirth: "1980-01-01",
          stateOfResidence: "CO",
        };
      }),
    );
  }
  return c!.id;
}

const t0 = performance.now();
const clinicId = await clinicWithPatients("bencha");
await clinicWithPatients("benchb");
// As the owner: ANALYZE skips tables the application role does not own.
const ownerSql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
await ownerSql`analyze`;
await ownerSql.end();
console.log(`seeded ${2 * PER_CLINIC} patients in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const actor: Actor = { userId: null, kind: "system", roles: [], clinicId, meta: { requestId: "bench", ipAddress: null, userAgent: "bench" } };
/**
 * The floor of one list request: the same page (and its look-ahead row) as one hand-written
 * statement through postgres.js, with the request's audit row written by it, as the service does.
 */
function floor(q: PatientListQuery) {
  const term = q.q?.trim().toLowerCase();
  const c = q.cursor;
  return client`with rows as (
      select id, mrn, given_name, family_name, preferred_name, date_of_birth, state_of_residence, status, email, phone from patient
      where clinic_id = ${clinicId}
        ${term ? client`and lower(given_name || ' ' || family_name || ' ' || email || ' ' || mrn) like ${`%${term}%`}` : client``}
        ${c ? client`and (family_name, given_name, id) > (${c.familyName}, ${c.givenName}, ${c.id}::uuid)` : client``}
      order by family_name, given_name, id limit ${q.pageSize + 1}),
    audit as (insert into audit_event (clinic_id, actor_kind, patient_ids, action, resource_type, outcome, request_id, chain_seq, prev_hash, hash)
      select ${clinicId}::uuid, 'system', coalesce((select array_agg(id) from (select id from rows order by family_name, given_name, id limit ${q.pageSize}) s), '{}'), 'patient.list', 'patient_list', 'success', 'bench-floor', 0, '', '' returning 1)
    select * from rows order by family_name, given_name, id`;
}

/** The service and its floor, interleaved run by run. */
async function time(label: string, q: PatientListQuery) {
  const service: number[] = [];
  const floorMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let s = performance.now();
    await listPatients(db, actor, clinicId, q);
    service.push(performance.now() - s);
    s = performance.now();
    await floor(q);
    floorMs.push(performance.now() - s);
  }
  const pct = (samples: number[], p: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  const ms = (v: number) => v.toFixed(2);
  console.log(
    `${label.padEnd(34)} median ${ms(pct(service, 0.5))} ms  p95 ${ms(pct(service, 0.95))} ms  floor ${ms(pct(floorMs, 0.5))} / ${ms(pct(floorMs, 0.95))} ms  ` +
      `÷ floor ${(pct(service, 0.5) / pct(floorMs, 0.5)).toFixed(1)}x / ${(pct(service, 0.95) / pct(floorMs, 0.95)).toFixed(1)}x  (${RUNS} runs each, interleaved; both write the audit row)`,
  );
}

// Page 500 starts after the last row of page 499 (keyset paging: the cursor is that row's sort key).
const [before500] = await client`select family_name, given_name, id from patient where clinic_id = ${clinicId} order by family_name, given_name, id offset ${499 * 20 - 1} limit 1`;
const page500 = { familyName: before500!.family_name as string, givenName: before500!.given_name as string, id: before500!.id as string };

await time("first page, 20 rows", { pageSize: 20 });
await time("page 500, 20 rows", { cursor: page500, pageSize: 20 });
await time("search 'hollins12' (substring)", { q: "hollins12", pageSize: 20 });
await time("search by MRN", { q: "cw-ba012345", pageSize: 20 });

queries = 0;
await listPatients(db, actor, clinicId, { pageSize: 50 });
console.log(`statements for one 50-row page: ${queries} (the page, whether there is a next one, and the request's audit row, in one statement)`);

const explain = await client.unsafe(
  `explain select id from patient where clinic_id = $1 and lower(given_name || ' ' || family_name || ' ' || email || ' ' || mrn) like '%hollins12%' order by family_name, given_name, id limit 20`,
  [clinicId],
);
console.log("search plan:\n  " + explain.map((r) => Object.values(r)[0]).join("\n  "));
await db.$end();
