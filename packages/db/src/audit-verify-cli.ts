// `pnpm audit:verify`: checks every audit chain in DATABASE_URL's database (or the embedded one).
// Exit code 1 when a chain is broken. Prints ids and hashes only, never the events' content.
import postgres from "postgres";

import { verifyAuditChain } from "./audit-verify";
import { resolveDatabaseUrl } from "./embedded";

const sql = postgres(await resolveDatabaseUrl(), { max: 1, onnotice: () => {} });
const started = Date.now();
const result = await verifyAuditChain(sql);
await sql.end();
const name = (clinicId: string | null) => (clinicId ? `clinic ${clinicId}` : "no clinic");
for (const h of result.heads) console.log(`${name(h.clinicId)}: ${h.rows} event(s), head #${h.chainSeq} ${h.hash}`);
for (const b of result.breaks) {
  const what = { hash: "its content does not match its hash", link: "its prev_hash is not the previous event's hash", gap: "an event before it is missing" }[b.problem];
  console.error(`BROKEN ${name(b.clinicId)}: first at chain position ${b.chainSeq} (audit_event id ${b.id}): ${what}`);
}
console.log(`${result.rows} audit event(s) in ${result.heads.length} chain(s) checked in ${Date.now() - started} ms: ${result.breaks.length ? `${result.breaks.length} chain(s) broken` : "all intact"}`);
process.exit(result.breaks.length ? 1 : 0);
