// Signing -> acknowledgement (issue 12 "Done when"): the prescriber's signing call (password + TOTP
// checked for real, every hard block re-run, canonical bytes signed, the outbox row written) until the
// pharmacy simulator's Status has been applied by Clearwell's inbound handler, through the real worker
// process (LISTEN rx_outbox -> relay -> SCRIPT over HTTP). Prints median and p95 over BENCH_RUNS
// (default 60) prescriptions after 3 warm-up ones. Figures, not assertions.
// Run: pnpm --filter @clearwell/api bench:rx   (DATABASE_URL or the embedded server)
import { dropSimDatabase, simDatabaseUrlOn, startPharmacySim, type SimProcess } from "@clearwell/pharmacy-sim/harness";
import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import type { TwoFactorVerifier } from "../src/services/reauth";
import { signPrescriptions } from "../src/services/prescription/sign";
import { key } from "../test/decision-fixtures";
import { PASSWORD, testDb } from "../test/harness";
import { type RxClinic, type RxPatient, actorOf, prescribingClinic, readyPrescription, realVerifier, rxPatient } from "../test/prescription-fixtures";
import { type WorkerProcess, inboundEndpoint, percentile, startWorker } from "./rx-harness";

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const WARMUP = 3;
const SECRET = "bench-rx-network-secret-0123456789abcdef";
const simDb = simDatabaseUrlOn(inject("ownerDatabaseUrl"), `clearwell_bench_rx_sim_${process.pid}`);

let sim: SimProcess;
let worker: WorkerProcess;
let inbound: Awaited<ReturnType<typeof inboundEndpoint>>;
let w: RxClinic;
let p: RxPatient;

beforeAll(async () => {
  inbound = await inboundEndpoint(testDb(), SECRET);
  sim = await startPharmacySim({ databaseUrl: simDb, inboundUrl: inbound.url, secret: SECRET });
  worker = startWorker({ appUrl: inject("databaseUrl"), networkUrl: sim.scriptUrl, secret: SECRET });
  await worker.ready;
  w = await prescribingClinic();
  p = await rxPatient(w);
});
afterAll(async () => {
  worker?.kill("SIGTERM");
  await worker?.exited;
  await sim?.stop();
  await inbound?.close();
  await dropSimDatabase(simDb).catch(() => {});
});

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${percentile(s, 50)} ms, p95 ${percentile(s, 95)} ms (min ${s[0]}, max ${s.at(-1)})`;
};

describe(`signing -> acknowledgement over ${RUNS} prescriptions`, () => {
  it("prints the figures", async () => {
    const actor = actorOf(w.prescriber, w.clinic.id, ["provider", "prescriber"]);
    const total: number[] = [];
    const call: number[] = [];
    const afterCommit: number[] = [];
    const toSend: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const rx = await readyPrescription(w, p);
      // The real password and TOTP check; only the one-use-per-time-step rule is stepped around
      // (a bench signs more often than every 30 s), with a step number no real code can have.
      const verify: TwoFactorVerifier = async (userId, f) => {
        const r = await realVerifier(userId, { password: f.password, totp: await w.prescriber.code() });
        return r.ok ? { ...r, totpStep: 9_000_000_000 + i } : r;
      };
      const t0 = Date.now();
      const out = await signPrescriptions(testDb(), verify, actor, w.clinic.id, { patientId: p.patientId, prescriptionIds: [rx.id], readyVersions: [rx.readyVersion!], password: PASSWORD, totp: "000000", idempotencyKey: key() });
      const t1 = Date.now();
      const messageId = out.signed[0]!.messageId;
      const acked = await inbound.answer(messageId);
      if (i < WARMUP) continue;
      const [o] = await testDb().select().from(schema.rxOutbox).where(eq(schema.rxOutbox.messageId, messageId));
      total.push(acked - t0);
      call.push(t1 - t0);
      afterCommit.push(acked - t1);
      toSend.push(o!.firstSentAt!.getTime() - t1);
    }
    const rows = await testDb().select({ status: schema.prescription.status }).from(schema.prescription).where(eq(schema.prescription.clinicId, w.clinic.id));
    expect(rows.filter((r) => r.status === "acknowledged")).toHaveLength(WARMUP + RUNS);
    const stats = await sim.control.stats();
    console.log(
      [
        `[bench:rx] ${RUNS} prescriptions (after ${WARMUP} warm-up), one at a time, real worker process, pharmacy simulator, ${new Date().toISOString()}`,
        `  signing call -> acknowledged:      ${stat(total)}`,
        `  the signing call itself:           ${stat(call)}   (password + TOTP, hard blocks, Ed25519, outbox row)`,
        `  signing committed -> acknowledged: ${stat(afterCommit)}`,
        `  call returned -> first send:       ${stat(toSend)}   (negative: the worker had sent it before the call returned)`,
        `  simulator: ${stats.distinctNewRx} NewRx, ${stats.duplicatesSeen} duplicates seen, ${stats.conflictingDuplicates} conflicting; inbound: ${inbound.counts.applied} applied, ${inbound.counts.duplicate} duplicate`,
      ].join("\n"),
    );
  });
});
