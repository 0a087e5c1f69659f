import { type OutboxStatus, transitionOutbox } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { type OutboxRow, lockPrescription, notePrescriptionEvent, outboxMessageOf, scheduleDelivery, writeOutboxTransition } from "./store";

export const OUTBOX_STATUSES = ["pending", "in_flight", "delivered", "acked", "retry_scheduled", "dead_lettered", "rejected"] as const satisfies readonly OutboxStatus[];

/**
 * What an admin sees of a message (DOMAIN.md §1: admins see no clinical content): ids, type,
 * status, attempts, the transport's last error (status codes and SCRIPT error codes only) and times.
 * No patient, drug, pharmacy or payload.
 */
export interface OutboxItem {
  messageId: string;
  type: "NewRx" | "CancelRx";
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  firstSentAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  ackedAt: Date | null;
  deadLetteredAt: Date | null;
  replayedCount: number;
}

const DUE = new Set<OutboxStatus>(["pending", "retry_scheduled", "in_flight"]);

function item(r: OutboxRow): OutboxItem {
  return {
    messageId: r.messageId,
    type: r.type,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt,
    firstSentAt: r.firstSentAt,
    nextAttemptAt: DUE.has(r.status) ? r.nextAttemptAt : null,
    deliveredAt: r.deliveredAt,
    ackedAt: r.ackedAt,
    deadLetteredAt: r.deadLetteredAt,
    replayedCount: r.replayedCount,
  };
}

/** Keyset cursor: "<created_at ISO>_<message id>". */
const encode = (r: OutboxRow) => `${r.createdAt.toISOString()}_${r.messageId}`;
function decode(cursor: string | undefined) {
  if (!cursor) return null;
  const [at, id] = cursor.split("_");
  const date = at ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) throw new DomainError("BAD_INPUT", "That page link is not valid.");
  return { at: date, id };
}

/**
 * The clinic's outbox for its admins (issue 12 §11 "outbox (pending, dead letters, replay)"):
 * newest first, keyset-paged, optionally one status, with the count in each status. Audited.
 */
export async function listOutbox(db: Database, actor: Actor, clinicId: string, q: { status?: OutboxStatus; cursor?: string; limit?: number }) {
  const t = schema.rxOutbox;
  const limit = q.limit ?? 50;
  const after = decode(q.cursor);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(t)
      .where(
        and(
          eq(t.clinicId, clinicId),
          q.status ? eq(t.status, q.status) : undefined,
          after ? or(lt(t.createdAt, after.at), and(eq(t.createdAt, after.at), lt(t.messageId, after.id))) : undefined,
        ),
      )
      .orderBy(desc(t.createdAt), desc(t.messageId))
      .limit(limit + 1);
    const grouped = await tx
      .select({ status: t.status, n: sql<number>`count(*)::int` })
      .from(t)
      .where(eq(t.clinicId, clinicId))
      .groupBy(t.status);
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, grouped.find((g) => g.status === s)?.n ?? 0])) as Record<OutboxStatus, number>;
    const page = rows.slice(0, limit);
    await recordAudit(tx, actor, { action: "rx_outbox.list", resourceType: "rx_outbox", detail: { status: q.status ?? null, returned: page.length } });
    return { items: page.map(item), counts, nextCursor: rows.length > limit ? encode(page.at(-1)!) : null };
  });
}

/**
 * Admin replay of a dead letter (DOMAIN.md §2, §5.4): dead_lettered -> pending with the SAME
 * MessageID and payload and a fresh delivery cycle; never a new prescription (a change needs a new
 * signing ceremony). The pharmacy dedupes on the MessageID. Audited as epcs.outbox.replay; the
 * prescription's history notes it; the trigger's NOTIFY wakes the relay at once.
 */
export async function replayOutbox(db: Database, actor: Actor, clinicId: string, messageId: string, now = new Date()): Promise<OutboxItem> {
  const t = schema.rxOutbox;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(t)
      .where(and(eq(t.clinicId, clinicId), eq(t.messageId, messageId)))
      .for("update");
    const event = { action: "epcs.outbox.replay", resourceType: "rx_outbox", resourceId: messageId };
    if (!row) throw denied(actor, event, "NOT_FOUND", "No such message in this clinic.");
    const step = transitionOutbox(await outboxMessageOf(tx, row), { type: "replay" }, { now });
    if (!step.ok) {
      throw denied(actor, { ...event, detail: { status: row.status } }, "INVALID_TRANSITION", `Only a dead letter can be replayed; this message is ${row.status.replace(/_/g, " ")}.`);
    }
    // The audit row first: it is the record of this replay, and the cycle's start (store.cycleStartedAt).
    const p = await lockPrescription(tx, row);
    await recordAudit(tx, actor, {
      ...event,
      patientId: p.patientId,
      detail: { type: row.type, previousAttempts: row.attempts, replayedCount: row.replayedCount + 1, prescriptionStatus: p.status },
    });
    const updated = await writeOutboxTransition(tx, row, step, now, { replayedCount: row.replayedCount + 1, replayedByUserId: actor.userId, nextAttemptAt: now, leaseUntil: null });
    await scheduleDelivery(tx, updated, now);
    await notePrescriptionEvent(tx, actor, p, "outbox_replay", { actorKind: "staff", now, detail: { messageId, messageType: row.type } });
    return item(updated);
  });
}
