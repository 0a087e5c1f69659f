import { schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { ownerDb, staffSession, testDb } from "./harness";
import { outboxRow, rxWorld, signAndEnqueue } from "./transmission-fixtures";

// Issue 12 §11 "outbox (pending, dead letters, replay)": rxOutbox.list / rxOutbox.replay, admins only,
// no clinical content (DOMAIN.md §1), cross-clinic = not found. No relay runs in this file.

async function deadLetter(messageId: string, prescriptionId: string) {
  await ownerDb().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`update rx_outbox set status = 'dead_lettered', attempts = 15, last_error = 'HTTP 503', dead_lettered_at = now() where message_id = ${messageId}`);
    await tx.execute(sql`update prescription set status = 'error', transmitted_at = now(), error_code = 'dead_lettered' where id = ${prescriptionId}`);
  });
}

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

  it("clinicians and staff cannot list or replay", async () => {
    const w = await rxWorld();
    for (const role of ["provider", "prescriber", "staff"] as const) {
      const { caller } = await staffSession(w.clinicId, [role]);
      await expect(caller.rxOutbox.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
