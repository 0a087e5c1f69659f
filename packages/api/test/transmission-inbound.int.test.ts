import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { rxInboundHandler } from "../src/services/transmission/inbound";
import { type RelayDeps, relayOne } from "../src/services/transmission/relay";
import { PRESCRIPTION_CHANNEL } from "../src/services/transmission/store";
import { httpScriptTransport } from "../src/services/transmission/vendor";
import { ownerDb, testDb } from "./harness";
import { type FakeNetwork, NCPDP, type RxWorld, SECRET, fakeNetwork, inboundRequest, outboxRow, prescriptionRow, requestCancel, rxWorld, signAndEnqueue } from "./transmission-fixtures";

// Issue 12 §8, DOMAIN.md §5.3-5.4: what the pharmacy network sends back, through the provider app's
// handler (POST /api/rx/inbound): authenticated, deduplicated, correlated, mapped, in one transaction.

let net: FakeNetwork;
let w: RxWorld;
let deps: RelayDeps;
const inbound = rxInboundHandler(testDb(), { secret: SECRET, maxBytes: 64 * 1024, policy: { delaysMs: [60_000], jitter: 0, maxAttempts: 5, maxAgeMs: 24 * 3600_000 } });

beforeAll(async () => {
  net = await fakeNetwork();
  w = await rxWorld();
  // Every relayOne call here names its message, so no clinic scope is needed.
  deps = { db: testDb(), transport: httpScriptTransport({ url: net.url, secret: SECRET, timeoutMs: 2000 }), leaseMs: 5000 };
});
afterAll(async () => {
  await net.close();
});

/** A signed prescription whose NewRx the network has taken (delivered, waiting for its answer). */
async function delivered(world: RxWorld = w) {
  const { messageId, prescriptionId } = await signAndEnqueue(world);
  const step = await relayOne(deps, messageId);
  expect(step?.status).toBe("delivered");
  return { messageId, prescriptionId };
}

async function post(req: Request) {
  const res = await inbound(req);
  return { status: res.status, body: (await res.json()) as { result: string } };
}

const inboxRows = (messageId: string) => testDb().select().from(schema.rxInbox).where(eq(schema.rxInbox.messageId, messageId));
// In the order written (the bigserial id): an unordered read may come back in any order.
const events = (prescriptionId: string) =>
  testDb().select().from(schema.prescriptionEvent).where(eq(schema.prescriptionEvent.prescriptionId, prescriptionId)).orderBy(asc(schema.prescriptionEvent.id));
const alerts = (sourceId: string) => testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.sourceId, sourceId));

describe("acknowledgement (DOMAIN.md §5.4)", () => {
  it("Status 010: the outbox message acked, the prescription acknowledged, history, audit and a live notification", async () => {
    const { messageId, prescriptionId } = await delivered();
    const heard: string[] = [];
    const listening = await testDb().$client.listen(PRESCRIPTION_CHANNEL, (p) => heard.push(p));
    try {
      const inboundId = randomUUID();
      expect(await post(inboundRequest({ type: "Status", code: "010" }, messageId, { messageId: inboundId }))).toEqual({ status: 200, body: { result: "applied" } });
      expect(await outboxRow(messageId)).toMatchObject({ status: "acked" });
      expect((await outboxRow(messageId)).ackedAt).not.toBeNull();
      const p = await prescriptionRow(prescriptionId);
      expect(p.status).toBe("acknowledged");
      expect(p.acknowledgedAt).not.toBeNull();
      expect((await events(prescriptionId)).map((e) => [e.event, e.fromStatus, e.toStatus, e.actorKind])).toEqual([
        ["transmit", "signed", "transmitted", "system"],
        ["acknowledge", "transmitted", "acknowledged", "pharmacy"],
      ]);
      expect(await inboxRows(inboundId)).toMatchObject([{ clinicId: w.clinicId, relatesToMessageId: messageId, type: "Status", code: "010", outcome: "applied" }]);
      const [audit] = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.clinicId, w.clinicId), eq(schema.auditEvent.action, "rx.inbound"), eq(schema.auditEvent.resourceId, prescriptionId)));
      expect(audit).toMatchObject({ patientId: w.patientId, outcome: "success" });
      await new Promise((r) => setTimeout(r, 200));
      // Ids only on the channel, never content.
      expect(heard.map((h) => JSON.parse(h) as unknown)).toContainEqual({ c: w.clinicId, p: prescriptionId, pt: w.patientId });
    } finally {
      await listening.unlisten();
    }
  });

  it("Verify acknowledges too; a second answer to an acknowledged message changes nothing", async () => {
    const { messageId, prescriptionId } = await delivered();
    expect((await post(inboundRequest({ type: "Verify" }, messageId))).body.result).toBe("applied");
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "acknowledged" });
    expect((await post(inboundRequest({ type: "Status", code: "010" }, messageId))).body.result).toBe("applied");
    expect(await events(prescriptionId)).toHaveLength(2);
  });

  it("Status 000 (in transit) waits; the clinic's ack_status_map can say otherwise", async () => {
    const { messageId, prescriptionId } = await delivered();
    expect((await post(inboundRequest({ type: "Status", code: "000" }, messageId))).body.result).toBe("applied");
    expect(await outboxRow(messageId)).toMatchObject({ status: "delivered" });
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "transmitted" });

    const other = await rxWorld();
    await testDb().insert(schema.clinicPrescribingSettings).values({ clinicId: other.clinicId, ackStatusMap: { status: { "000": "acknowledged" } } });
    const { messageId: m2, prescriptionId: p2 } = await delivered(other);
    expect((await post(inboundRequest({ type: "Status", code: "000" }, m2))).body.result).toBe("applied");
    expect(await prescriptionRow(p2)).toMatchObject({ status: "acknowledged" });
  });

  it("Error 600 / 602 schedule a retry of the same message; 601 / 900 end it: error and A9", async () => {
    for (const code of ["600", "602"] as const) {
      const { messageId, prescriptionId } = await delivered();
      expect((await post(inboundRequest({ type: "Error", code }, messageId))).body.result).toBe("applied");
      const row = await outboxRow(messageId);
      expect(row).toMatchObject({ status: "retry_scheduled", lastError: `Error ${code}`, attempts: 1 });
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
      expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "transmitted" });
    }
    for (const code of ["601", "900"] as const) {
      const { messageId, prescriptionId } = await delivered();
      expect((await post(inboundRequest({ type: "Error", code, description: "Receiver unable to process" }, messageId))).body.result).toBe("applied");
      // Only the code is kept as last_error: a pharmacy's description may name the patient.
      expect(await outboxRow(messageId)).toMatchObject({ status: "rejected", lastError: `Error ${code}` });
      expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "error", errorCode: code });
      const [alert] = await testDb().select().from(schema.safetyAlert).where(and(eq(schema.safetyAlert.clinicId, w.clinicId), eq(schema.safetyAlert.type, "A9")));
      expect(alert).toMatchObject({ severity: "high", patientId: w.patientId });
      expect((await events(prescriptionId)).at(-1)).toMatchObject({ event: "fail", toStatus: "error", actorKind: "pharmacy" });
    }
  });

  it("RxFill is kept for the regimen and changes no state", async () => {
    const { messageId, prescriptionId } = await delivered();
    await post(inboundRequest({ type: "Status", code: "010" }, messageId));
    const fillId = randomUUID();
    const res = await post(inboundRequest({ type: "RxFill", fillStatus: "Dispensed", quantity: { value: 4, codeListQualifier: "38", unitOfMeasure: "C48548" }, dispensedDate: "2026-11-21" }, messageId, { messageId: fillId }));
    expect(res.body.result).toBe("applied");
    const [row] = await inboxRows(fillId);
    expect(row).toMatchObject({ type: "RxFill", outcome: "applied", clinicId: w.clinicId });
    expect(row!.detail).toMatchObject({ fillStatus: "Dispensed", quantity: { value: "4" } });
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "acknowledged" });
  });
});

describe("cancel (CancelRx / CancelRxResponse)", () => {
  it("Approved -> cancelled; Denied -> cancel_denied with A9; a CancelRxResponse to a NewRx is refused", async () => {
    const results: Record<string, string> = {};
    // Its own patient: alerts dedupe per patient and type while open.
    const cw = await rxWorld();
    for (const response of ["Approved", "Denied"] as const) {
      const { messageId, prescriptionId } = await delivered(cw);
      await post(inboundRequest({ type: "Status", code: "010" }, messageId));
      const { messageId: cancelId } = await requestCancel(cw, prescriptionId);
      const step = await relayOne(deps, cancelId);
      expect(step).toMatchObject({ status: "delivered" });
      expect(net.received.find((r) => r.messageId === cancelId)).toMatchObject({ type: "CancelRx", relatesTo: messageId });
      expect((await post(inboundRequest({ type: "CancelRxResponse", response }, cancelId))).body.result).toBe("applied");
      expect(await outboxRow(cancelId)).toMatchObject({ status: "acked" });
      results[response] = (await prescriptionRow(prescriptionId)).status;
      if (response === "Denied") expect(await alerts(cancelId)).toMatchObject([{ type: "A9", detail: { reason: "cancel_denied" } }]);
      else expect(await alerts(cancelId)).toHaveLength(0);
    }
    expect(results).toEqual({ Approved: "cancelled", Denied: "cancel_denied" });

    const { messageId } = await delivered();
    const id = randomUUID();
    expect(await post(inboundRequest({ type: "CancelRxResponse", response: "Approved" }, messageId, { messageId: id }))).toEqual({ status: 422, body: { result: "rejected" } });
    expect(await inboxRows(id)).toMatchObject([{ outcome: "rejected" }]);
    expect(await outboxRow(messageId)).toMatchObject({ status: "delivered" });
  });
});

describe("what the endpoint refuses", () => {
  it("a forged, unsigned or stale message: 401, audited with the reason only, nothing stored", async () => {
    const { messageId, prescriptionId } = await delivered();
    const cases = [
      { name: "bad signature", req: inboundRequest({ type: "Status", code: "010" }, messageId, { secret: "another-secret-of-enough-length-0123456789" }), reason: "mismatch" },
      { name: "unsigned", req: inboundRequest({ type: "Status", code: "010" }, messageId, { sign: false }), reason: "missing" },
      { name: "stale", req: inboundRequest({ type: "Status", code: "010" }, messageId, { timestampMs: Date.now() - 10 * 60_000 }), reason: "stale" },
    ];
    for (const c of cases) {
      expect(await post(c.req), c.name).toEqual({ status: 401, body: { result: "unauthorized" } });
    }
    // A signed body altered in transit fails too.
    const good = inboundRequest({ type: "Status", code: "010" }, messageId);
    const tampered = new Request(good.url, { method: "POST", headers: good.headers, body: (await good.text()).replace("010", "000") });
    expect((await post(tampered)).status).toBe(401);
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "transmitted" });
    const refused = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "rx.inbound.refused"), sql`${schema.auditEvent.occurredAt} > now() - interval '1 minute'`));
    const reasons = refused.map((a) => (a.detail as { reason: string }).reason);
    for (const r of ["mismatch", "missing", "stale"]) expect(reasons).toContain(r);
    for (const a of refused) {
      expect(a).toMatchObject({ outcome: "denied", patientId: null, clinicId: null });
      expect(Object.keys(a.detail ?? {}).sort()).toEqual(["bytes", "reason"]);
    }
  });

  it("a replayed message (same MessageID, freshly signed) is answered 'duplicate' and never applied twice", async () => {
    const { messageId, prescriptionId } = await delivered();
    const id = randomUUID();
    expect((await post(inboundRequest({ type: "Error", code: "600" }, messageId, { messageId: id }))).body.result).toBe("applied");
    const after = await outboxRow(messageId);
    expect(await post(inboundRequest({ type: "Error", code: "600" }, messageId, { messageId: id }))).toEqual({ status: 200, body: { result: "duplicate" } });
    expect(await outboxRow(messageId)).toEqual(after);
    expect(await inboxRows(id)).toHaveLength(1);
    expect(await events(prescriptionId)).toHaveLength(1);
  });

  it("two deliveries of one message at the same time: one applied, one duplicate", async () => {
    const { messageId, prescriptionId } = await delivered();
    const id = randomUUID();
    const results = await Promise.all([post(inboundRequest({ type: "Status", code: "010" }, messageId, { messageId: id })), post(inboundRequest({ type: "Status", code: "010" }, messageId, { messageId: id }))]);
    expect(results.map((r) => r.body.result).sort()).toEqual(["applied", "duplicate"]);
    expect(await inboxRows(id)).toHaveLength(1);
    expect((await events(prescriptionId)).filter((e) => e.event === "acknowledge")).toHaveLength(1);
  });

  it("an unknown or missing RelatesToMessageID: 404, kept as unmatched; a response from another pharmacy: 422", async () => {
    const unknown = randomUUID();
    const id = randomUUID();
    expect(await post(inboundRequest({ type: "Status", code: "010" }, unknown, { messageId: id }))).toEqual({ status: 404, body: { result: "unmatched" } });
    expect(await inboxRows(id)).toMatchObject([{ outcome: "unmatched", clinicId: null, relatesToMessageId: unknown }]);
    const none = randomUUID();
    expect((await post(inboundRequest({ type: "Status", code: "010" }, undefined, { messageId: none }))).status).toBe(404);
    expect(await inboxRows(none)).toMatchObject([{ outcome: "unmatched" }]);

    const { messageId, prescriptionId } = await delivered();
    const spoof = randomUUID();
    expect((await post(inboundRequest({ type: "Status", code: "010" }, messageId, { messageId: spoof, from: "1111111" }))).status).toBe(422);
    expect(await inboxRows(spoof)).toMatchObject([{ outcome: "rejected", clinicId: w.clinicId }]);
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "transmitted" });
    expect(NCPDP).toBe("7654321");
  });

  it("not SCRIPT, too large, wrong type or method", async () => {
    const { signedHeaders } = await import("@clearwell/script");
    const junk = "<html>not a SCRIPT message</html>";
    const h = new Headers({ "content-type": "application/xml", ...signedHeaders(SECRET, junk) });
    expect(await post(new Request("http://x/api/rx/inbound", { method: "POST", headers: h, body: junk }))).toEqual({ status: 400, body: { result: "invalid" } });
    const big = "x".repeat(65 * 1024);
    expect((await post(new Request("http://x/api/rx/inbound", { method: "POST", headers: new Headers({ "content-type": "application/xml", ...signedHeaders(SECRET, big) }), body: big }))).status).toBe(413);
    expect((await post(new Request("http://x/api/rx/inbound", { method: "POST", headers: new Headers({ "content-type": "application/json" }), body: "{}" }))).status).toBe(415);
    expect((await inbound(new Request("http://x/api/rx/inbound", { method: "GET" }))).status).toBe(405);
  });
});

describe("replay after a dead letter (lifecycle.ts replay: the prescription follows its message)", () => {
  const admin = () => ({ userId: w.adminId, kind: "staff" as const, roles: ["admin"], clinicId: w.clinicId, meta: { requestId: "t", ipAddress: null, userAgent: null } });
  const adminOf = (x: RxWorld) => ({ ...admin(), userId: x.adminId, clinicId: x.clinicId });

  /** As the relay leaves a NewRx dead letter (relay.ts failPrescription), without its A9. */
  async function deadLetterNewRx(messageId: string, prescriptionId: string) {
    await ownerDb().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update rx_outbox set status = 'dead_lettered', dead_lettered_at = now() where message_id = ${messageId}`);
      await tx.execute(sql`update prescription set status = 'error', error_code = 'dead_lettered' where id = ${prescriptionId}`);
    });
  }

  /** An acknowledged prescription whose CancelRx was dead-lettered (cancel_denied, history reason 'dead_lettered'). */
  async function deadLetteredCancel(world: RxWorld) {
    const { messageId, prescriptionId } = await delivered(world);
    await post(inboundRequest({ type: "Status", code: "010" }, messageId));
    const { messageId: cancelId } = await requestCancel(world, prescriptionId);
    expect((await relayOne(deps, cancelId))?.status).toBe("delivered");
    await ownerDb().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update rx_outbox set status = 'dead_lettered', dead_lettered_at = now() where message_id = ${cancelId}`);
      await tx.execute(sql`update prescription set status = 'cancel_denied', cancel_denied_at = now() where id = ${prescriptionId}`);
      await tx.execute(
        sql`insert into prescription_event (clinic_id, prescription_id, from_status, to_status, event, actor_kind, detail) values (${world.clinicId}, ${prescriptionId}, 'cancel_requested', 'cancel_denied', 'cancel_denied', 'system', ${JSON.stringify({ messageId: cancelId, messageType: "CancelRx", reason: "dead_lettered", code: "dead_lettered" })}::jsonb)`,
      );
    });
    return { messageId, prescriptionId, cancelId };
  }

  it("the pharmacy's acknowledgement of a replayed NewRx moves the prescription error -> transmitted -> acknowledged, as for any NewRx", async () => {
    const { messageId, prescriptionId } = await delivered();
    await deadLetterNewRx(messageId, prescriptionId);
    const { replayOutbox } = await import("../src/services/transmission/outbox-admin");
    await replayOutbox(testDb(), admin(), w.clinicId, messageId);
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "transmitted" });
    expect((await relayOne(deps, messageId))?.status).toBe("delivered");
    expect((await post(inboundRequest({ type: "Status", code: "010" }, messageId))).body.result).toBe("applied");
    expect(await outboxRow(messageId)).toMatchObject({ status: "acked", replayedCount: 1 });
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "acknowledged" });
    expect((await events(prescriptionId)).map((e) => `${e.event}:${e.fromStatus}->${e.toStatus}`)).toEqual([
      "transmit:signed->transmitted",
      "replay:error->transmitted",
      "acknowledge:transmitted->acknowledged",
    ]);
    expect(await alerts(messageId)).toHaveLength(0);
  });

  it("an Approved CancelRxResponse to a replayed CancelRx moves the prescription cancel_denied -> cancel_requested -> cancelled", async () => {
    const cw = await rxWorld();
    const { prescriptionId, cancelId } = await deadLetteredCancel(cw);
    const { replayOutbox } = await import("../src/services/transmission/outbox-admin");
    await replayOutbox(testDb(), adminOf(cw), cw.clinicId, cancelId);
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "cancel_requested" });
    expect((await relayOne(deps, cancelId))?.status).toBe("delivered");
    expect((await post(inboundRequest({ type: "CancelRxResponse", response: "Approved" }, cancelId))).body.result).toBe("applied");
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "cancelled" });
    expect(await outboxRow(cancelId)).toMatchObject({ status: "acked", replayedCount: 1 });
    expect((await events(prescriptionId)).map((e) => `${e.event}:${e.toStatus}`).slice(-3)).toEqual(["cancel_denied:cancel_denied", "replay:cancel_requested", "cancel_approved:cancelled"]);
  });

  it("a replayed CancelRx the pharmacy then denies ends cancel_denied again, the first denial time kept (times are written once)", async () => {
    const cw = await rxWorld();
    const { prescriptionId, cancelId } = await deadLetteredCancel(cw);
    const first = (await prescriptionRow(prescriptionId)).cancelDeniedAt;
    const { replayOutbox } = await import("../src/services/transmission/outbox-admin");
    await replayOutbox(testDb(), adminOf(cw), cw.clinicId, cancelId);
    expect((await relayOne(deps, cancelId))?.status).toBe("delivered");
    expect((await post(inboundRequest({ type: "CancelRxResponse", response: "Denied" }, cancelId))).body.result).toBe("applied");
    expect(await prescriptionRow(prescriptionId)).toMatchObject({ status: "cancel_denied", cancelDeniedAt: first });
    expect((await events(prescriptionId)).map((e) => `${e.event}:${e.toStatus}`).slice(-2)).toEqual(["replay:cancel_requested", "cancel_denied:cancel_denied"]);
    expect(await alerts(cancelId)).toMatchObject([{ type: "A9", detail: { reason: "cancel_denied" } }]);
  });

  it("an answer to a dead letter nobody replayed is never dropped silently: history and A9 (the prescription stays where it is)", async () => {
    // NewRx: the pharmacy acknowledges a message given up on.
    const nw = await rxWorld();
    const n = await delivered(nw);
    await deadLetterNewRx(n.messageId, n.prescriptionId);
    expect((await post(inboundRequest({ type: "Status", code: "010" }, n.messageId))).body.result).toBe("applied");
    expect(await prescriptionRow(n.prescriptionId)).toMatchObject({ status: "error" });
    expect((await events(n.prescriptionId)).map((e) => e.event)).toEqual(["transmit", "acknowledged_after_error"]);
    expect(await alerts(n.messageId)).toMatchObject([{ type: "A9", detail: { reason: "acknowledged_after_error" } }]);
    // CancelRx: the pharmacy approves a cancellation given up on.
    const cw = await rxWorld();
    const c = await deadLetteredCancel(cw);
    expect((await post(inboundRequest({ type: "CancelRxResponse", response: "Approved" }, c.cancelId))).body.result).toBe("applied");
    expect(await prescriptionRow(c.prescriptionId)).toMatchObject({ status: "cancel_denied" });
    expect((await events(c.prescriptionId)).map((e) => e.event).at(-1)).toBe("cancel_approved_after_denied");
    expect(await alerts(c.cancelId)).toMatchObject([{ type: "A9", detail: { reason: "cancelled_after_denied" } }]);
  });
});
