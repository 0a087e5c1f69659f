import { schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { ownerDb, staffSession, testDb } from "./harness";
import { outboxRow, prescriptionRow, requestCancel, rxWorld, signAndEnqueue } from "./transmission-fixtures";

// Issue 12 §11 "outbox (pending, dead letters, replay)": rxOutbox.list / rxOutbox.replay, admins only,
// no clinical content (DOMAIN.md §1), cross-clinic = not found. No relay runs in this file.

/** As the relay leaves a NewRx dead letter (relay.ts failPrescription): outbox dead_lettered, prescription error 'dead_lettered'. */
async function deadLetter(messageId: string, prescriptionId: string, errorCode = "dead_lettered") {
  await ownerDb().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`update rx_outbox set status = 'dead_lettered', attempts = 15, last_error = 'HTTP 503', dead_lettered_at = now() where message_id = ${messageId}`);
    await tx.execute(sql`update prescription set status = 'error', transmitted_at = now(), error_code = ${errorCode} where id = ${prescriptionId}`);
  });
}

/**
 * As the relay leaves a CancelRx dead letter: the CancelRx dead_lettered and the prescription
 * cancel_denied with the history entry failPrescription writes (reason 'dead_lettered'), or, with
 * `pharmacyDenied`, as a Denied CancelRxResponse leaves it (no reason).
 */
async function cancelDeadLetter(w: Awaited<ReturnType<typeof rxWorld>>, prescriptionId: string, o: { pharmacyDenied?: boolean } = {}) {
  await ownerDb().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`update prescription set status = 'acknowledged', transmitted_at = now(), acknowledged_at = now() where id = ${prescriptionId}`);
  });
  const { messageId } = await requestCancel(w, prescriptionId);
  const detail = o.pharmacyDenied ? { messageId, type: "CancelRxResponse", code: "Denied" } : { messageId, messageType: "CancelRx", reason: "dead_lettered", code: "dead_lettered" };
  await ownerDb().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`update rx_outbox set status = 'dead_lettered', attempts = 15, last_error = 'HTTP 503', dead_lettered_at = now() where message_id = ${messageId}`);
    await tx.execute(sql`update prescription set status = 'cancel_denied', cancel_denied_at = now() where id = ${prescriptionId}`);
    await tx.execute(
      sql`insert into prescription_event (clinic_id, prescription_id, from_status, to_status, event, actor_kind, detail) values (${w.clinicId}, ${prescriptionId}, 'cancel_requested', 'cancel_denied', 'cancel_denied', ${o.pharmacyDenied ? "pharmacy" : "system"}, ${JSON.stringify(detail)}::jsonb)`,
    );
  });
  return messageId;
}

const replayEvents = (prescriptionId: string) =>
  testDb()
    .select()
    .from(schema.prescriptionEvent)
    .where(and(eq(schema.prescriptionEvent.prescriptionId, prescriptionId), eq(schema.prescriptionEvent.event, "replay")));

describe("rxOutbox (admin)", () => {
  it("lists the clinic's messages by status with counts, newest first, paged, with no clinical content", async () => {
    const w = await rxWorld();
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await signAndEnqueue(w));
    await deadLetter(sent[0]!.messageId, sent[0]!.prescriptionId);
    const { caller } = await staffSession(w.clinicId, ["admin"]);

    const all = await caller.rxOutbox.list({});
    expect(all.counts).toMatchObject({ pending: 2, dead_lettered: 1, in_flight: 0, acked: 0 });
    expect(all.items.map((i) => i.messageId)).toEqual(sent.map((s) => s.messageId).reverse());
    const text = JSON.stringify(all);
    for (const phi of ["Tester", "Ketamine", "1985-05-05", "AT1234563", "Dissolve", w.patientId, sent[0]!.prescriptionId]) expect(text).not.toContain(phi);
    expect(Object.keys(all.items[0]!).sort()).toEqual(
      ["ackedAt", "attempts", "createdAt", "deadLetteredAt", "deliveredAt", "firstSentAt", "lastError", "messageId", "nextAttemptAt", "replayedCount", "status", "type"].sort(),
    );

    const dead = await caller.rxOutbox.list({ status: "dead_lettered" });
    expect(dead.items).toMatchObject([{ messageId: sent[0]!.messageId, status: "dead_lettered", attempts: 15, lastError: "HTTP 503", nextAttemptAt: null }]);

    // Keyset pages of 50: a short list has no next page; a forged cursor is refused.
    const page = await caller.rxOutbox.list({ status: "pending" });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
    await expect(caller.rxOutbox.list({ cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const audit = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.clinicId, w.clinicId), eq(schema.auditEvent.action, "rx_outbox.list")));
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it("replays a dead letter with the same MessageID and payload; refuses anything else, and other clinics' messages", async () => {
    const w = await rxWorld();
    const a = await signAndEnqueue(w);
    const b = await signAndEnqueue(w);
    await deadLetter(a.messageId, a.prescriptionId);
    const before = await outboxRow(a.messageId);
    const { caller, user } = await staffSession(w.clinicId, ["admin"]);

    const out = await caller.rxOutbox.replay({ messageId: a.messageId });
    expect(out).toMatchObject({ messageId: a.messageId, status: "pending", attempts: 0, replayedCount: 1 });
    const after = await outboxRow(a.messageId);
    expect(after).toMatchObject({ payload: before.payload, payloadSha256: before.payloadSha256, replayedByUserId: user.id, status: "pending" });
    const [audit] = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.clinicId, w.clinicId), eq(schema.auditEvent.action, "epcs.outbox.replay")));
    expect(audit).toMatchObject({ actorUserId: user.id, resourceId: a.messageId, outcome: "success", patientId: w.patientId });
    // The prescription follows its message (lifecycle.ts replay): back to transmitted, in the same transaction, by the admin.
    expect(await prescriptionRow(a.prescriptionId)).toMatchObject({ status: "transmitted" });
    expect(await replayEvents(a.prescriptionId)).toMatchObject([
      { fromStatus: "error", toStatus: "transmitted", actorKind: "staff", actorUserId: user.id, detail: { messageId: a.messageId, replayed: true, replayedCount: 1 } },
    ]);

    // Not a dead letter (pending now, and the other one): refused, audited as denied.
    await expect(caller.rxOutbox.replay({ messageId: a.messageId })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.rxOutbox.replay({ messageId: b.messageId })).rejects.toMatchObject({ code: "CONFLICT" });
    // Another clinic's admin: not found, and nothing changes.
    const other = await rxWorld();
    const { caller: stranger } = await staffSession(other.clinicId, ["admin"]);
    await deadLetter(b.messageId, b.prescriptionId);
    await expect(stranger.rxOutbox.replay({ messageId: b.messageId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await outboxRow(b.messageId)).toMatchObject({ status: "dead_lettered", replayedCount: 0 });
    expect((await stranger.rxOutbox.list({})).items).toHaveLength(0);
    const denials = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "epcs.outbox.replay"), eq(schema.auditEvent.outcome, "denied"), eq(schema.auditEvent.resourceId, b.messageId)));
    expect(denials.length).toBe(2);
  });

  it("refuses to replay a NewRx when a later prescription for the patient was signed after the dead letter (the replacement)", async () => {
    const w = await rxWorld();
    const a = await signAndEnqueue(w);
    await deadLetter(a.messageId, a.prescriptionId);
    const b = await signAndEnqueue(w);
    const { caller, user } = await staffSession(w.clinicId, ["admin"]);

    await expect(caller.rxOutbox.replay({ messageId: a.messageId })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already replaced it") });
    expect(await outboxRow(a.messageId)).toMatchObject({ status: "dead_lettered", replayedCount: 0 });
    expect(await prescriptionRow(a.prescriptionId)).toMatchObject({ status: "error" });
    expect(await replayEvents(a.prescriptionId)).toHaveLength(0);
    const denials = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "epcs.outbox.replay"), eq(schema.auditEvent.resourceId, a.messageId)));
    expect(denials).toMatchObject([{ outcome: "denied", actorUserId: user.id }]);

    // Once the replacement is itself failed (not a live prescription), the replay goes through.
    await ownerDb().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update prescription set status = 'error', transmitted_at = now(), error_code = '900' where id = ${b.prescriptionId}`);
    });
    await expect(caller.rxOutbox.replay({ messageId: a.messageId })).resolves.toMatchObject({ status: "pending", replayedCount: 1 });
    expect(await prescriptionRow(a.prescriptionId)).toMatchObject({ status: "transmitted" });
  });

  it("refuses a failure that was not a dead letter: a terminal 601/900, a pharmacy's Denied, a message the pharmacy already answered", async () => {
    const w = await rxWorld();
    const { caller } = await staffSession(w.clinicId, ["admin"]);
    // The prescription failed on the pharmacy's Error 601 (its message somehow dead-lettered too): final.
    const a = await signAndEnqueue(w);
    await deadLetter(a.messageId, a.prescriptionId, "601");
    await expect(caller.rxOutbox.replay({ messageId: a.messageId })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("refused this prescription") });
    expect(await prescriptionRow(a.prescriptionId)).toMatchObject({ status: "error", errorCode: "601" });
    // A CancelRx the pharmacy denied: final.
    const b = await signAndEnqueue(w);
    const bCancel = await cancelDeadLetter(w, b.prescriptionId, { pharmacyDenied: true });
    await expect(caller.rxOutbox.replay({ messageId: bCancel })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("refused this cancellation") });
    expect(await prescriptionRow(b.prescriptionId)).toMatchObject({ status: "cancel_denied" });
    // A dead-lettered NewRx the pharmacy acknowledged after all: it would only repeat its answer.
    const c = await signAndEnqueue(w);
    await deadLetter(c.messageId, c.prescriptionId);
    await ownerDb().execute(
      sql`insert into rx_inbox (message_id, clinic_id, relates_to_message_id, type, code, payload, outcome) values (${crypto.randomUUID()}, ${w.clinicId}, ${c.messageId}, 'Status', '010', '<x/>', 'applied')`,
    );
    await expect(caller.rxOutbox.replay({ messageId: c.messageId })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already answered") });
    for (const m of [a.messageId, bCancel, c.messageId]) expect(await outboxRow(m)).toMatchObject({ status: "dead_lettered", replayedCount: 0 });
  });

  it("replays a dead-lettered CancelRx: cancel_denied -> cancel_requested with the same MessageID", async () => {
    const w = await rxWorld();
    const a = await signAndEnqueue(w);
    const cancel = await cancelDeadLetter(w, a.prescriptionId);
    const before = await outboxRow(cancel);
    const { caller, user } = await staffSession(w.clinicId, ["admin"]);
    await expect(caller.rxOutbox.replay({ messageId: cancel })).resolves.toMatchObject({ messageId: cancel, type: "CancelRx", status: "pending", replayedCount: 1 });
    expect(await outboxRow(cancel)).toMatchObject({ payload: before.payload, status: "pending" });
    expect(await prescriptionRow(a.prescriptionId)).toMatchObject({ status: "cancel_requested" });
    expect(await replayEvents(a.prescriptionId)).toMatchObject([{ fromStatus: "cancel_denied", toStatus: "cancel_requested", actorUserId: user.id, detail: { messageType: "CancelRx", replayed: true } }]);
  });

  it("the database (migration 0025) admits only the two replay edges, and only for a replayed dead letter", async () => {
    const w = await rxWorld();
    /** The database's own message (drizzle wraps it: the cause carries it). */
    const reason = async (q: ReturnType<typeof sql>) => {
      try {
        await ownerDb().execute(q);
      } catch (e) {
        return String((e as { cause?: { message?: string } }).cause?.message ?? e);
      }
      return "accepted";
    };
    const refused = async (q: ReturnType<typeof sql>) => expect(await reason(q)).toMatch(/a prescription cannot go from/);
    const a = await signAndEnqueue(w);
    await deadLetter(a.messageId, a.prescriptionId);
    // Out of error: never to acknowledged or signed; to transmitted only while its NewRx is back in the outbox after a replay.
    await refused(sql`update prescription set status = 'acknowledged' where id = ${a.prescriptionId}`);
    await refused(sql`update prescription set status = 'signed' where id = ${a.prescriptionId}`);
    await refused(sql`update prescription set status = 'transmitted' where id = ${a.prescriptionId}`);
    await ownerDb().execute(sql`update rx_outbox set status = 'pending', replayed_count = 1 where message_id = ${a.messageId}`);
    await ownerDb().execute(sql`update prescription set status = 'transmitted' where id = ${a.prescriptionId}`);
    expect(await prescriptionRow(a.prescriptionId)).toMatchObject({ status: "transmitted" });
    // A 601/900 rejection (error_code is the pharmacy's code): never, even with a replayed row.
    const b = await signAndEnqueue(w);
    await deadLetter(b.messageId, b.prescriptionId, "900");
    await ownerDb().execute(sql`update rx_outbox set status = 'pending', replayed_count = 1 where message_id = ${b.messageId}`);
    await refused(sql`update prescription set status = 'transmitted' where id = ${b.prescriptionId}`);
    // Out of cancel_denied: never to cancelled; to cancel_requested only with its CancelRx replayed.
    const c = await signAndEnqueue(w);
    const cancel = await cancelDeadLetter(w, c.prescriptionId);
    await refused(sql`update prescription set status = 'cancelled' where id = ${c.prescriptionId}`);
    await refused(sql`update prescription set status = 'acknowledged' where id = ${c.prescriptionId}`);
    await refused(sql`update prescription set status = 'cancel_requested' where id = ${c.prescriptionId}`);
    await ownerDb().execute(sql`update rx_outbox set status = 'pending', replayed_count = 1 where message_id = ${cancel}`);
    await ownerDb().execute(sql`update prescription set status = 'cancel_requested' where id = ${c.prescriptionId}`);
    // Signed content stays frozen after a replay.
    expect(await reason(sql`update prescription set refills = 1 where id = ${c.prescriptionId}`)).toMatch(/cannot be modified/);
  });

  it("clinicians and staff cannot list or replay", async () => {
    const w = await rxWorld();
    const a = await signAndEnqueue(w);
    await deadLetter(a.messageId, a.prescriptionId);
    for (const role of ["provider", "prescriber", "staff"] as const) {
      const { caller } = await staffSession(w.clinicId, [role]);
      await expect(caller.rxOutbox.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.rxOutbox.replay({ messageId: a.messageId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await outboxRow(a.messageId)).toMatchObject({ status: "dead_lettered", replayedCount: 0 });
    expect(await prescriptionRow(a.prescriptionId)).toMatchObject({ status: "error" });
  });
});
