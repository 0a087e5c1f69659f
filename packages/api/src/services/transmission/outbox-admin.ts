import { type InboundResponse, type OutboxStatus, mapAcknowledgement, transitionOutbox } from "@clearwell/clinical";
import type { Database, Transaction } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, desc, eq, gt, lt, ne, notInArray, or, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { type OutboxRow, advancePrescription, clinicRxSettings, lockPrescription, outboxMessageOf, scheduleDelivery, writeOutboxTransition } from "./store";

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

/** Statuses of a later prescription that do not count as a replacement already at (or on its way to) the pharmacy. */
const NOT_A_REPLACEMENT = ["draft", "pending_signature", "voided", "cancelled", "error"] as const;

type PrescriptionRow = typeof schema.prescription.$inferSelect;

/**
 * Why this dead letter must not be replayed, in words an admin can act on, or null. Says nothing of
 * the prescription's content (DOMAIN.md §1: admins see no clinical content).
 */
async function replayRefusal(tx: Transaction, row: OutboxRow, p: PrescriptionRow): Promise<string | null> {
  // 1. The prescription is where the dead letter left it. A NewRx dead letter leaves it `error` with
  //    error_code 'dead_lettered' (relay.ts failPrescription); a terminal Error 601/900 leaves another
  //    code (and the message `rejected`, which replay refuses before this): that failure is final.
  if (row.type === "NewRx") {
    if (p.status !== "error") return `This message's prescription is ${p.status.replace(/_/g, " ")} now, not failed, so it is not sent again. Nothing was sent.`;
    if (p.errorCode !== "dead_lettered") return "The pharmacy network refused this prescription (it was not a delivery failure), so sending it again cannot help: the prescriber writes a new one. Nothing was sent.";
  } else {
    if (p.status !== "cancel_denied") return `This cancellation's prescription is ${p.status.replace(/_/g, " ")} now, so the cancellation is not sent again. Nothing was sent.`;
    // cancel_denied from this dead letter, not from the pharmacy's Denied answer (which is final).
    const e = schema.prescriptionEvent;
    const [denial] = await tx
      .select({ detail: e.detail })
      .from(e)
      .where(and(eq(e.clinicId, p.clinicId), eq(e.prescriptionId, p.id), eq(e.toStatus, "cancel_denied"), ne(e.fromStatus, "cancel_denied")))
      .orderBy(desc(e.id))
      .limit(1);
    if ((denial?.detail as { reason?: unknown } | null)?.reason !== "dead_lettered") {
      return "The pharmacy refused this cancellation, so sending it again cannot help: the prescriber contacts the pharmacy. Nothing was sent.";
    }
  }
  // 2. The pharmacy has not settled the message already (an answer that arrived after the dead letter):
  //    it would only re-send the same answer, which the inbox drops as a duplicate.
  const i = schema.rxInbox;
  const answers = await tx
    .select({ type: i.type, code: i.code })
    .from(i)
    .where(and(eq(i.clinicId, row.clinicId), eq(i.relatesToMessageId, row.messageId), eq(i.outcome, "applied")));
  const { ackMapping } = await clinicRxSettings(tx, row.clinicId);
  const settled = answers.some((a) => {
    const response: InboundResponse | null =
      a.type === "Status"
        ? { kind: "Status", code: a.code ?? "" }
        : a.type === "Verify"
          ? { kind: "Verify" }
          : a.type === "Error"
            ? { kind: "Error", code: a.code ?? "" }
            : a.type === "CancelRxResponse" && (a.code === "Approved" || a.code === "Denied")
              ? { kind: "CancelRxResponse", response: a.code }
              : null;
    if (!response) return false;
    const d = mapAcknowledgement(row.type, response, ackMapping);
    return d.outbox === "acked" || d.outbox === "terminal_failure";
  });
  if (settled) return "The pharmacy already answered this message after it was given up on, so sending it again changes nothing. Nothing was sent; the prescriber sees the answer in the prescription's history.";
  // 3. NewRx: the prescriber has not replaced it. A prescription for the same patient signed after this
  //    dead letter and still live means a replacement is at (or on its way to) the pharmacy: replaying
  //    would put two Schedule III prescriptions there (DOMAIN.md §2 "prescriber issues new Rx").
  if (row.type === "NewRx") {
    const rx = schema.prescription;
    const failedAt = row.deadLetteredAt ?? new Date(0);
    const [replacement] = await tx
      .select({ id: rx.id })
      .from(rx)
      .where(and(eq(rx.clinicId, p.clinicId), eq(rx.patientId, p.patientId), ne(rx.id, p.id), gt(rx.signedAt, failedAt), notInArray(rx.status, [...NOT_A_REPLACEMENT])))
      .limit(1);
    if (replacement) {
      return "A newer prescription was signed for this patient after this message was given up on: the prescriber has already replaced it. Sending this one again would put two prescriptions at the pharmacy, so it is not sent. Nothing was sent.";
    }
  }
  return null;
}

/**
 * Admin replay of a dead letter (DOMAIN.md §2, §5.4): dead_lettered -> pending with the SAME
 * MessageID and payload and a fresh delivery cycle; never a new prescription (a change needs a new
 * signing ceremony). The pharmacy dedupes on the MessageID.
 *
 * The prescription follows its message (deliberate extension of DOMAIN.md §2, lifecycle.ts `replay`,
 * migration 0025): a replayed NewRx takes the prescription `error -> transmitted`, a replayed CancelRx
 * `cancel_denied -> cancel_requested`; the pharmacy's answer then moves it on as for any message
 * (acknowledged and a planned regimen; cancelled and the regimen stopped; or failed again, with a new
 * A9 only once the previous one is resolved: the alert engine dedupes per patient and rule).
 * Refused, in plain words and audited as denied, when the failure was not a dead letter, when the
 * pharmacy already answered the message, or, for a NewRx, when a later prescription for the patient
 * was signed and is live (replayRefusal). All in ONE transaction: the audit row (epcs.outbox.replay,
 * also the new cycle's start), the outbox row, the prescription's status with its event naming the
 * admin, and the delivery job; the trigger's NOTIFY wakes the relay on commit. The open A9 of the dead
 * letter stays open (alerts have no notes; its history kinds are fixed): the prescriber resolves it.
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
    const p = await lockPrescription(tx, row);
    const refusal = await replayRefusal(tx, row, p);
    if (refusal) throw denied(actor, { ...event, patientId: p.patientId, detail: { type: row.type, status: row.status, prescriptionStatus: p.status } }, "CONFLICT", refusal);
    // The audit row first: it is the record of this replay, and the cycle's start (store.cycleStartedAt).
    await recordAudit(tx, actor, {
      ...event,
      patientId: p.patientId,
      detail: { type: row.type, previousAttempts: row.attempts, replayedCount: row.replayedCount + 1, prescriptionStatus: p.status },
    });
    // The outbox row goes back to pending before the prescription moves: the trigger (0025) allows the
    // backward step only while the replayed message is pending.
    const updated = await writeOutboxTransition(tx, row, step, now, { replayedCount: row.replayedCount + 1, replayedByUserId: actor.userId, nextAttemptAt: now, leaseUntil: null });
    const moved = await advancePrescription(tx, actor, p, "replay", {
      now,
      actorKind: "staff",
      guard: { replayOfDeadLetter: true },
      detail: { messageId, messageType: row.type, replayed: true, replayedCount: updated.replayedCount },
    });
    if (!moved.changed) throw new Error(`replay: the prescription did not move (${moved.code}) although its guards passed`);
    await scheduleDelivery(tx, updated, now);
    return item(updated);
  });
}
