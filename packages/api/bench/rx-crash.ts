/**
 * The crash test of issue 12 (DOMAIN.md §5.3 at-least-once + MessageID dedupe = exactly once at the
 * pharmacy): N prescriptions are signed while the worker process (the relay) is SIGKILLed at random
 * points and restarted, several times. It then waits for every prescription to be acknowledged and
 * checks, at the pharmacy simulator and in Clearwell: N distinct prescriptions received, none
 * processed twice, none lost, all acknowledged (each once). Returns its figures.
 *
 * Signing here is the signing transaction's database work (draft -> ready -> signed with canonical
 * bytes + SHA-256, and enqueueRxMessage in the same transaction, test/transmission-fixtures.ts): the
 * ceremony's checks are not what a crash test exercises, and 1,000 ceremonies would take minutes.
 */
import { dropSimDatabase, simDatabaseUrlOn, startPharmacySim } from "@clearwell/pharmacy-sim/harness";
import { createDb, schema } from "@clearwell/db/client";
import { createScratchDatabase } from "@clearwell/db/scratch";
import { and, eq, sql } from "drizzle-orm";

import { rxWorld, signAndEnqueue } from "../test/transmission-fixtures";
import { type WorkerProcess, inboundEndpoint, percentile, startWorker } from "./rx-harness";

export interface CrashOptions {
  n: number;
  kills: number;
  /**
   * Any owner connection on the server: the test makes its own database there (the real worker it
   * runs takes every job and message of its database, so it must not share one with other tests).
   */
  serverUrl: string;
  /** RX_LEASE_SECONDS of the worker (a killed relay's messages are resent after it). */
  leaseSeconds?: number;
  signConcurrency?: number;
  /** Kill at a random moment this long after the previous restart (ms). */
  killEveryMs?: [number, number];
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface CrashFigures {
  n: number;
  kills: number;
  seconds: number;
  signingSeconds: number;
  acknowledged: number;
  lost: number;
  simDistinctPrescriptions: number;
  simDistinctNewRx: number;
  simProcessed: number;
  simPrescriptionsWithSeveralNewRx: number;
  simDuplicatesSeen: number;
  simConflictingDuplicates: number;
  acknowledgeEvents: number;
  inboundApplied: number;
  inboundDuplicates: number;
  attempts: { max: number; resent: number; p50: number };
  ackMs: { p50: number; p95: number; max: number };
}

const SECRET = "crash-rx-network-secret-0123456789abcdef";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = ([a, b]: [number, number]) => a + Math.random() * (b - a);

export async function runCrashTest(o: CrashOptions): Promise<CrashFigures> {
  const log = o.log ?? (() => {});
  const tag = `${process.pid}_${Date.now() % 100000}`;
  const scratch = await createScratchDatabase(o.serverUrl, `clearwell_crash_${tag}`);
  const db = createDb(scratch.url, 8);
  const owner = createDb(scratch.ownerUrl, 1);
  const simDb = simDatabaseUrlOn(o.serverUrl, `clearwell_crash_sim_${tag}`);
  const inbound = await inboundEndpoint(db, SECRET);
  const sim = await startPharmacySim({ databaseUrl: simDb, inboundUrl: inbound.url, secret: SECRET, env: { PHARMACY_SIM_RETRY_BASE_MS: "200", PHARMACY_SIM_RETRY_MAX_MS: "2000" } });
  const lease = o.leaseSeconds ?? 3;
  const spawnWorker = () =>
    startWorker({ appUrl: scratch.url, networkUrl: sim.scriptUrl, secret: SECRET, ...(process.env.RX_CRASH_DEBUG ? { onLog: (l: string) => log(`  worker: ${l.slice(0, 300)}`) } : {}), env: { RX_LEASE_SECONDS: String(lease), RX_SEND_TIMEOUT_MS: String(Math.max(500, lease * 1000 - 1000)), RX_RELAY_CONCURRENCY: "4" } });
  let worker: WorkerProcess = spawnWorker();
  try {
    await worker.ready;
    const w = await rxWorld(db, owner);
    const started = Date.now();
    const signedAt = new Map<string, number>();
    const ids: { messageId: string; prescriptionId: string }[] = [];

    // Producer: N signing transactions, a few at a time.
    let next = 0;
    const producer = Promise.all(
      Array.from({ length: o.signConcurrency ?? 6 }, async () => {
        while (next < o.n) {
          next++;
          const s = await signAndEnqueue(w, { db });
          signedAt.set(s.messageId, Date.now());
          ids.push(s);
        }
      }),
    ).then(() => Date.now());

    // Killer: SIGKILL the worker at random moments (while signing and while delivering), restart it.
    let kills = 0;
    while (kills < o.kills) {
      await sleep(between(o.killEveryMs ?? [1500, 4000]));
      worker.kill("SIGKILL");
      await worker.exited;
      kills++;
      log(`[crash:rx] kill ${kills}/${o.kills} at +${((Date.now() - started) / 1000).toFixed(1)} s (signed ${ids.length}/${o.n}, answered ${inbound.answered.size})`);
      await sleep(Math.random() * 500);
      worker = spawnWorker();
      await worker.ready;
    }
    const producedAt = await producer;

    // Every prescription must come back acknowledged (bounded).
    const deadline = (o.timeoutMs ?? 5 * 60_000) - (Date.now() - started);
    await Promise.all(ids.map((s) => inbound.answer(s.messageId, Math.max(1000, deadline)).catch(() => null)));
    const seconds = (Date.now() - started) / 1000;

    const statuses = await db
      .select({ status: schema.prescription.status, n: sql<number>`count(*)::int` })
      .from(schema.prescription)
      .where(eq(schema.prescription.clinicId, w.clinicId))
      .groupBy(schema.prescription.status);
    const acknowledged = statuses.find((s) => s.status === "acknowledged")?.n ?? 0;
    const [ackEvents] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.prescriptionEvent)
      .where(and(eq(schema.prescriptionEvent.clinicId, w.clinicId), eq(schema.prescriptionEvent.event, "acknowledge")));
    const attempts = (await db.select({ a: schema.rxOutbox.attempts }).from(schema.rxOutbox).where(eq(schema.rxOutbox.clinicId, w.clinicId))).map((r) => r.a).sort((a, b) => a - b);
    const stats = await sim.control.stats();
    const ackMs = ids
      .map((s) => (inbound.answered.get(s.messageId) ?? NaN) - signedAt.get(s.messageId)!)
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
    return {
      n: o.n,
      kills,
      seconds,
      signingSeconds: (producedAt - started) / 1000,
      acknowledged,
      lost: o.n - acknowledged,
      simDistinctPrescriptions: stats.distinctPrescriptions,
      simDistinctNewRx: stats.distinctNewRx,
      simProcessed: stats.processed,
      simPrescriptionsWithSeveralNewRx: stats.prescriptionsWithSeveralNewRx,
      simDuplicatesSeen: stats.duplicatesSeen,
      simConflictingDuplicates: stats.conflictingDuplicates,
      acknowledgeEvents: ackEvents?.n ?? 0,
      inboundApplied: inbound.counts.applied,
      inboundDuplicates: inbound.counts.duplicate,
      attempts: { max: attempts.at(-1) ?? 0, resent: attempts.filter((a) => a > 1).length, p50: attempts.length ? percentile(attempts, 50) : 0 },
      ackMs: ackMs.length ? { p50: percentile(ackMs, 50), p95: percentile(ackMs, 95), max: ackMs.at(-1)! } : { p50: NaN, p95: NaN, max: NaN },
    };
  } finally {
    worker.kill("SIGTERM");
    await Promise.race([worker.exited, sleep(5000)]);
    worker.kill("SIGKILL");
    await sim.stop();
    await inbound.close();
    await dropSimDatabase(simDb).catch(() => {});
    await db.$end({ timeout: 5 });
    await owner.$end({ timeout: 5 });
    await scratch.drop().catch(() => {});
  }
}

export function describeFigures(f: CrashFigures): string {
  return [
    `[crash:rx] N = ${f.n} signed prescriptions, worker SIGKILLed and restarted ${f.kills} times, ${f.seconds.toFixed(1)} s (signing ${f.signingSeconds.toFixed(1)} s)`,
    `  pharmacy simulator: ${f.simDistinctPrescriptions} distinct prescriptions, ${f.simDistinctNewRx} NewRx processed once each (${f.simProcessed} processed), ` +
      `${f.simPrescriptionsWithSeveralNewRx} prescriptions in several NewRx, ${f.simDuplicatesSeen} resends seen as duplicates (not processed), ${f.simConflictingDuplicates} conflicting`,
    `  clearwell: ${f.acknowledged}/${f.n} acknowledged, ${f.lost} lost, ${f.acknowledgeEvents} acknowledge events, inbound ${f.inboundApplied} applied / ${f.inboundDuplicates} duplicate answers`,
    `  outbox attempts: ${f.attempts.resent} messages resent after a kill or timeout, max ${f.attempts.max} attempts; signed -> acknowledged p50 ${f.ackMs.p50} ms, p95 ${f.ackMs.p95} ms, max ${f.ackMs.max} ms`,
  ].join("\n");
}
