import { JOB_SCHEMA, PgBoss } from "@clearwell/db/jobs";
import { schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import type { RxDeliverJob } from "../src/services/transmission/enqueue";
import { type Relay, type RelayDeps, claimNext, deliverJob, startRelay } from "../src/services/transmission/relay";
import { sweepOutbox } from "../src/services/transmission/sweep";
import { httpScriptTransport } from "../src/services/transmission/vendor";
import { testDb } from "./harness";
import { type FakeNetwork, SECRET, fakeNetwork, outboxRow, prescriptionRow, requestCancel, rxWorld, signAndEnqueue, until } from "./transmission-fixtures";

// Issue 12 §7, DOMAIN.md §5.3: the transactional outbox and its relay against a local fake network.
// Each test uses its own clinic and a relay scoped to it, so parallel files never share messages.

const FAST = { delaysMs: [300, 600, 1200], jitter: 0.2, maxAttempts: 4, maxAgeMs: 24 * 3600_000 };
let net: FakeNetwork;
let boss: PgBoss;
const relays: Relay[] = [];
const scoped = new Set<string>();

beforeAll(async () => {
  net = await fakeNetwork();
  // The durable backstop: rx.deliver jobs (retries at their due time, a dead relay's lease).
  boss = new PgBoss({ connectionString: inject("databaseUrl"), schema: JOB_SCHEMA, max: 2, migrate: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  await boss.work<RxDeliverJob>("rx.deliver", { batchSize: 4, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    await Promise.all(jobs.filter((j) => scoped.has(j.data.clinicId)).map((j) => deliverJob(depsFor(j.data.clinicId), j.data)));
  });
});
afterAll(async () => {
  for (const r of relays) await r.stop();
  await boss.stop({ graceful: false, wait: true });
  await net.close();
});

const depsByClinic = new Map<string, RelayDeps>();
function depsFor(clinicId: string, o: Partial<RelayDeps> = {}): RelayDeps {
  let d = depsByClinic.get(clinicId);
  if (!d || Object.keys(o).length) {
    d = { db: testDb(), transport: httpScriptTransport({ url: net.url, secret: SECRET, timeoutMs: 800 }), leaseMs: 2000, clinicIds: [clinicId], policy: FAST, ...o };
    depsByClinic.set(clinicId, d);
  }
  return d;
}

/** A fresh clinic; `relay`: a LISTENing relay scoped to it; `backstop`: the rx.deliver job worker serves it. */
async function world(o: Partial<RelayDeps> & { relay?: boolean; backstop?: boolean } = {}) {
  const w = await rxWorld();
  const { relay = true, backstop = true, ...deps } = o;
  if (backstop) scoped.add(w.clinicId);
  if (relay) {
    const r = startRelay({ ...depsFor(w.clinicId, deps), concurrency: 2 });
    relays.push(r);
    await r.ready;
  }
  return w;
}

const deliveries = (messageId: string) => net.received.filter((r) => r.messageId === messageId);

describe("enqueue (the signing transaction)", () => {
  it("the outbox row and its job commit or roll back with the transaction that signs", async () => {
    const w = await world({ relay: false });
    const before = await testDb().select().from(schema.rxOutbox).where(eq(schema.rxOutbox.clinicId, w.clinicId));
    let messageId = "";
    await expect(
      signAndEnqueue(w, {
        beforeCommit: async (tx) => {
          const [row] = await tx.select().from(schema.rxOutbox).where(eq(schema.rxOutbox.clinicId, w.clinicId));
          messageId = row!.messageId;
          throw new Error("the signing failed after the outbox insert");
        },
      }),
    ).rejects.toThrow("the signing failed");
    expect(before).toHaveLength(0);
    expect(await testDb().select().from(schema.rxOutbox).where(eq(schema.rxOutbox.clinicId, w.clinicId))).toHaveLength(0);
    const jobs = await testDb().execute(sql`select id from ${sql.identifier(JOB_SCHEMA)}.job where name = 'rx.deliver' and data->>'messageId' = ${messageId}`);
    expect(jobs).toHaveLength(0);
    expect(await testDb().select().from(schema.prescription).where(eq(schema.prescription.clinicId, w.clinicId))).toHaveLength(0);

    const { messageId: committed, bytes } = await signAndEnqueue(w);
    const row = await outboxRow(committed);
    expect(row).toMatchObject({ status: "pending", attempts: 0, type: "NewRx", payload: bytes, toNcpdpId: "7654321" });
    expect(row.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    const [job] = await testDb().execute<{ data: unknown }>(sql`select data from ${sql.identifier(JOB_SCHEMA)}.job where name = 'rx.deliver' and data->>'messageId' = ${committed}`);
    // The job carries ids only: no prescription content in the queue's tables.
    expect(job?.data).toEqual({ messageId: committed, clinicId: w.clinicId });
  });
});

describe("the relay (DOMAIN.md §5.3)", () => {
  it("sends at once when the signing transaction commits (LISTEN/NOTIFY), and the prescription is transmitted", async () => {
    // No job worker for this clinic: only the notification can have sent it.
    const w = await world({ backstop: false });
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { messageId, prescriptionId } = await signAndEnqueue(w);
      const committedAt = performance.now();
      const [got] = await until(() => deliveries(messageId), (d) => d.length > 0, 5000, "delivery");
      timings.push(got!.at - committedAt);
      expect(got!.signed).toBe(true);
      expect(got!.type).toBe("NewRx");
      await until(() => outboxRow(messageId), (r) => r.status === "delivered", 5000, "delivered");
      const p = await prescriptionRow(prescriptionId);
      expect(p.status).toBe("transmitted");
      expect(p.transmittedAt).not.toBeNull();
    }
    timings.sort((a, b) => a - b);
    console.log(`[transmission] commit -> received at the network: median ${timings[2]!.toFixed(1)} ms, max ${timings[4]!.toFixed(1)} ms`);
    // Immediate: no timer between signing and sending (generous bound for a loaded 2-core machine).
    expect(timings[2]!).toBeLessThan(1000);
  });

  it("the rendered NewRx carries the signed content, and its history says who moved it", async () => {
    const w = await world();
    const { messageId, prescriptionId } = await signAndEnqueue(w);
    const [got] = await until(() => deliveries(messageId), (d) => d.length > 0);
    expect(got!.body).toContain(`<MessageID>${messageId}</MessageID>`);
    expect(got!.body).toContain(`<PrescriberOrderNumber>${prescriptionId}</PrescriberOrderNumber>`);
    expect(got!.body).toContain("Ketamine HCl 200 mg sublingual troche, compounded");
    expect(got!.body).toContain("AT1234563");
    await until(() => prescriptionRow(prescriptionId), (p) => p.status === "transmitted");
    const events = await testDb().select().from(schema.prescriptionEvent).where(eq(schema.prescriptionEvent.prescriptionId, prescriptionId));
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.actorKind])).toEqual([["signed", "transmitted", "system"]]);
    const audit = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.clinicId, w.clinicId), eq(schema.auditEvent.resourceId, prescriptionId)));
    expect(audit.map((a) => a.action)).toContain("prescription.transmit");
  });

  it("retries 5xx and timeouts with backoff, always with the same MessageID and the same bytes", async () => {
    const w = await world();
    const plan = new Map<number, "500" | "hang">([
      [1, "500"],
      [2, "hang"],
    ]);
    const { messageId } = await signAndEnqueue(w, {
      beforeCommit: async () => {
        const prev = net.answer;
        net.answer = (id, n) => (id === messageId ? (plan.get(n) === "hang" ? "hang" : plan.get(n) ? { status: 500 } : { status: 200 }) : prev(id, n));
      },
    });
    const row = await until(() => outboxRow(messageId), (r) => r.status === "delivered", 15_000, "delivered after retries");
    const d = deliveries(messageId);
    expect(d).toHaveLength(3);
    expect(new Set(d.map((x) => x.body)).size).toBe(1);
    expect(row.attempts).toBe(3);
    // Backoff: 300 ms then 600 ms (±20 %), the second after an 800 ms timeout.
    const gap1 = d[1]!.at - d[0]!.at;
    const gap2 = d[2]!.at - d[1]!.at;
    expect(gap1).toBeGreaterThanOrEqual(240);
    expect(gap2).toBeGreaterThanOrEqual(800 + 480);
    console.log(`[transmission] retry gaps: ${gap1.toFixed(0)} ms after HTTP 500, ${gap2.toFixed(0)} ms after an 800 ms timeout`);
  });

  it("a terminal answer (synchronous Error 601 / 900) rejects for good: prescription error and A9", async () => {
    for (const code of ["601", "900"]) {
      const w = await world();
      const { messageId, prescriptionId } = await signAndEnqueue(w, {
        beforeCommit: async () => {
          const prev = net.answer;
          net.answer = (id, n) => (id === messageId ? { status: 200, body: `<Message><Body><Error><Code>${code}</Code></Error></Body></Message>` } : prev(id, n));
        },
      });
      const row = await until(() => outboxRow(messageId), (r) => r.status === "rejected", 5000, "rejected");
      expect(row.lastError).toBe(`Error ${code}`);
      const p = await prescriptionRow(prescriptionId);
      expect(p).toMatchObject({ status: "error", errorCode: code });
      const alerts = await testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.clinicId, w.clinicId));
      expect(alerts).toMatchObject([{ type: "A9", severity: "high", status: "open", sourceType: "rx_outbox", sourceId: messageId, patientId: w.patientId }]);
      // Terminal: no further attempt.
      await new Promise((r) => setTimeout(r, 700));
      expect(deliveries(messageId)).toHaveLength(1);
    }
  });

  it("dead-letters after the maximum attempts (A9, prescription error); an admin replays it with the same MessageID, and the prescription follows", async () => {
    const w = await world();
    let down = true;
    const { messageId, prescriptionId } = await signAndEnqueue(w, {
      beforeCommit: async () => {
        const prev = net.answer;
        net.answer = (id, n) => (id === messageId ? (down ? { status: 503 } : { status: 200 }) : prev(id, n));
      },
    });
    const dead = await until(() => outboxRow(messageId), (r) => r.status === "dead_lettered", 20_000, "dead letter");
    expect(dead.attempts).toBe(FAST.maxAttempts);
    expect(deliveries(messageId)).toHaveLength(FAST.maxAttempts);
    expect(dead.lastError).toBe("HTTP 503");
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "error", errorCode: "dead_lettered" });
    const [alert] = await testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.clinicId, w.clinicId));
    expect(alert).toMatchObject({ type: "A9", sourceId: messageId });

    const { replayOutbox } = await import("../src/services/transmission/outbox-admin");
    const { systemActor } = await import("../src/actor");
    const admin = { ...systemActor(w.clinicId, { requestId: "t", ipAddress: null, userAgent: null }), kind: "staff" as const, userId: w.adminId, roles: ["admin"] };
    // Replayed while the pharmacy is still down: the prescription follows its message (lifecycle.ts
    // replay: error -> transmitted) and fails again with it; the open A9 covers it (one per patient while open).
    const first = await replayOutbox(testDb(), admin, w.clinicId, messageId);
    expect(first).toMatchObject({ messageId, status: "pending", attempts: 0, replayedCount: 1 });
    await until(() => outboxRow(messageId), (r) => r.status === "dead_lettered", 20_000, "dead letter again");
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "error", errorCode: "dead_lettered" });
    expect(await testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.clinicId, w.clinicId))).toMatchObject([{ id: alert!.id, status: "open" }]);

    down = false;
    const replayed = await replayOutbox(testDb(), admin, w.clinicId, messageId);
    expect(replayed).toMatchObject({ messageId, status: "pending", attempts: 0, replayedCount: 2 });
    const after = await until(() => outboxRow(messageId), (r) => r.status === "delivered", 5000, "delivered after replay");
    expect(after.messageId).toBe(messageId);
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "transmitted" });
    const all = deliveries(messageId);
    expect(all).toHaveLength(2 * FAST.maxAttempts + 1);
    expect(new Set(all.map((x) => x.body)).size).toBe(1);
    const audit = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.clinicId, w.clinicId), eq(schema.auditEvent.action, "epcs.outbox.replay")));
    expect(audit).toMatchObject([
      { actorUserId: w.adminId, resourceId: messageId, outcome: "success" },
      { actorUserId: w.adminId, resourceId: messageId, outcome: "success" },
    ]);
    const history = await testDb().select().from(schema.prescriptionEvent).where(eq(schema.prescriptionEvent.prescriptionId, prescriptionId)).orderBy(schema.prescriptionEvent.id);
    expect(history.map((e) => `${e.event}:${e.toStatus}`)).toEqual(["transmit:transmitted", "fail:error", "replay:transmitted", "fail:error", "replay:transmitted"]);
    expect(history[2]).toMatchObject({ actorKind: "staff", actorUserId: w.adminId, detail: { messageId, replayed: true } });
    // Only a dead letter replays.
    await expect(replayOutbox(testDb(), admin, w.clinicId, messageId)).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
  });

  it("a relay killed mid-send: once its lease expires the message is resent with the same MessageID", async () => {
    const w = await world({ relay: false, backstop: false });
    const deps = depsFor(w.clinicId);
    const { messageId, prescriptionId } = await signAndEnqueue(w);
    // A relay claims it, then "dies" before sending (its claim committed, nothing recorded).
    const claimed = await claimNext(deps, messageId);
    scoped.add(w.clinicId);
    expect(claimed?.row).toMatchObject({ status: "in_flight", attempts: 1 });
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "transmitted" });
    // No one may take it while the lease runs.
    expect(await claimNext(deps, messageId)).toBeNull();
    const started = performance.now();
    // The claim wrote a job for the lease's end: the backstop worker resends it then.
    const [got] = await until(() => deliveries(messageId), (d) => d.length > 0, 10_000, "resend after the lease");
    expect(got!.at - started).toBeGreaterThan(1000);
    const row = await until(() => outboxRow(messageId), (r) => r.status === "delivered");
    expect(row.attempts).toBe(2);
  });

  it("CancelRx goes through the same outbox and names its NewRx", async () => {
    const w = await world();
    const { messageId, prescriptionId } = await signAndEnqueue(w);
    await until(() => outboxRow(messageId), (r) => r.status === "delivered");
    const { messageId: cancelId } = await requestCancel(w, prescriptionId);
    const [got] = await until(() => deliveries(cancelId), (d) => d.length > 0, 5000, "CancelRx");
    expect(got).toMatchObject({ type: "CancelRx", relatesTo: messageId, signed: true });
    expect(cancelId).not.toBe(messageId);
  });
});

describe("the sweep (rx.sweep)", () => {
  it("dead-letters a message past the maximum age with A9, and raises A9 once for a message pending too long", async () => {
    const w = await world({ relay: false, backstop: false });
    const { messageId: old, prescriptionId: oldRx } = await signAndEnqueue(w);
    const { messageId: late } = await signAndEnqueue(w);
    const now = new Date();
    // As if signed 25 hours and 10 minutes ago (the owner moves created_at; the app cannot).
    const { ownerDb } = await import("./harness");
    await ownerDb().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update rx_outbox set created_at = now() - interval '25 hours', next_attempt_at = now() + interval '1 hour', status = 'retry_scheduled', attempts = 3 where message_id = ${old}`);
      await tx.execute(sql`update rx_outbox set created_at = now() - interval '10 minutes', next_attempt_at = now() + interval '1 hour', status = 'retry_scheduled', attempts = 1 where message_id = ${late}`);
      await tx.execute(sql`update prescription set status = 'transmitted', transmitted_at = now() where id = ${oldRx}`);
    });
    const result = await sweepOutbox(testDb(), { now, clinicIds: [w.clinicId] });
    expect(result).toMatchObject({ expired: 1, pendingAlerts: 0 });
    expect(await outboxRow(old)).toMatchObject({ status: "dead_lettered", lastError: "maximum age reached" });
    expect(await prescriptionRow(oldRx)).toMatchObject({ status: "error" });
    // The patient's open A9 (dead letter) already covers the late one: deduplicated.
    const alerts = await testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.clinicId, w.clinicId));
    expect(alerts.map((a) => (a.detail as { reason: string }).reason)).toEqual(["dead_lettered"]);
    await testDb().update(schema.safetyAlert).set({ status: "resolved", resolvedAt: new Date(), resolutionCode: "reviewed_no_action" }).where(eq(schema.safetyAlert.clinicId, w.clinicId));
    expect(await sweepOutbox(testDb(), { now, clinicIds: [w.clinicId] })).toMatchObject({ pendingAlerts: 1 });
    expect(await sweepOutbox(testDb(), { now, clinicIds: [w.clinicId] })).toMatchObject({ pendingAlerts: 0 });
    const pending = await testDb().select().from(schema.safetyAlert).where(and(eq(schema.safetyAlert.clinicId, w.clinicId), eq(schema.safetyAlert.status, "open")));
    expect(pending).toMatchObject([{ type: "A9", sourceId: late }]);
  });

  it("re-arms an orphaned message (expired lease, lost job)", async () => {
    const w = await world({ relay: false, backstop: false });
    const { messageId } = await signAndEnqueue(w);
    await claimNext(depsFor(w.clinicId), messageId);
    const { ownerDb } = await import("./harness");
    await ownerDb().execute(sql`delete from ${sql.identifier(JOB_SCHEMA)}.job where name = 'rx.deliver' and data->>'messageId' = ${messageId}`);
    scoped.add(w.clinicId);
    // Nothing would wake it now: the sweep finds it once its lease (2 s here) is over.
    expect(await sweepOutbox(testDb(), { clinicIds: [w.clinicId], graceMs: 0 })).toMatchObject({ requeued: 0 });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await sweepOutbox(testDb(), { clinicIds: [w.clinicId], graceMs: 0 })).toMatchObject({ requeued: 1 });
    await until(() => outboxRow(messageId), (r) => r.status === "delivered", 10_000, "delivered after the sweep");
  });
});
