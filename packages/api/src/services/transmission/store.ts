import {
  type AckMapping,
  DEFAULT_ACK_MAPPING,
  type OutboxMessage,
  type OutboxTransition,
  type PrescriptionEvent,
  type PrescriptionGuard,
  type PrescriptionRefusalCode,
  ackMappingWith,
  transitionPrescription,
} from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { jobSender } from "@clearwell/db/jobs";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import type { Actor } from "../../actor";
import { type AuditInput, recordAudit } from "../audit/record-audit";
import { raiseAlert } from "../safety/alerts";
import type { RxDeliverJob } from "./enqueue";

export type OutboxRow = typeof schema.rxOutbox.$inferSelect;
type PrescriptionRow = typeof schema.prescription.$inferSelect;

/**
 * Channel the chart's live prescription status listens on (services/prescription/feed.ts), ids only.
 * The prescription trigger (migration 0021) notifies status changes; this also tells the chart about
 * history entries that change no status (replay, a fill notice, an answer still in transit).
 */
export const PRESCRIPTION_CHANNEL = "prescription_changed";

const sender = jobSender();

/** Wakes a relay for one message no earlier than `at` (default: now), the durable backstop of LISTEN/NOTIFY. */
export async function scheduleDelivery(tx: DbOrTx, row: Pick<OutboxRow, "messageId" | "clinicId">, at?: Date) {
  const job: RxDeliverJob = { messageId: row.messageId, clinicId: row.clinicId };
  await sender.send(tx, "rx.deliver", job, at ? { startAfter: at } : {});
}

/**
 * Start of the message's current delivery cycle: its creation, or its last admin replay (DOMAIN.md
 * §5.4: a replay starts a fresh cycle, so the 24 h maximum age counts from it). The replay time is
 * the replay's own audit row, the authoritative record of it.
 */
export async function cycleStartedAt(tx: DbOrTx, row: OutboxRow): Promise<Date> {
  if (row.replayedCount === 0) return row.createdAt;
  const a = schema.auditEvent;
  const [last] = await tx
    .select({ at: a.occurredAt })
    .from(a)
    .where(and(eq(a.clinicId, row.clinicId), eq(a.action, "epcs.outbox.replay"), eq(a.resourceId, row.messageId), eq(a.outcome, "success")))
    .orderBy(desc(a.id))
    .limit(1);
  return last && last.at > row.createdAt ? last.at : row.createdAt;
}

/** The pure machine's view of a row (packages/clinical outbox.ts). */
export async function outboxMessageOf(tx: DbOrTx, row: OutboxRow): Promise<OutboxMessage> {
  return {
    messageId: row.messageId,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    cycleStartedAt: await cycleStartedAt(tx, row),
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
  };
}

/**
 * Writes an outbox transition decided by transitionOutbox, with its timestamps, and schedules the
 * retry job in the same transaction when one is due later (DOMAIN.md §5.3 (3)).
 */
export async function writeOutboxTransition(tx: DbOrTx, row: OutboxRow, t: Extract<OutboxTransition, { ok: true }>, now: Date, extra: Partial<OutboxRow> = {}) {
  const m = t.message;
  const patch: Partial<typeof schema.rxOutbox.$inferInsert> = {
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    // next_attempt_at is NOT NULL; outside the due states it is not read (the claim index excludes them).
    nextAttemptAt: m.nextAttemptAt ?? row.nextAttemptAt,
    leaseUntil: m.status === "in_flight" ? (extra.leaseUntil ?? row.leaseUntil) : null,
    ...(m.status === "delivered" && !row.deliveredAt ? { deliveredAt: now } : {}),
    ...(m.status === "acked" ? { ackedAt: now } : {}),
    ...(m.status === "dead_lettered" ? { deadLetteredAt: now } : {}),
    ...extra,
  };
  const [updated] = await tx
    .update(schema.rxOutbox)
    .set(patch)
    .where(and(eq(schema.rxOutbox.clinicId, row.clinicId), eq(schema.rxOutbox.messageId, row.messageId)))
    .returning();
  if (m.status === "retry_scheduled" && m.nextAttemptAt) await scheduleDelivery(tx, row, m.nextAttemptAt);
  return updated!;
}

/** The prescription a message belongs to, locked (outbox row first, then prescription: one lock order everywhere). */
export async function lockPrescription(tx: DbOrTx, row: Pick<OutboxRow, "clinicId" | "prescriptionId">) {
  const [p] = await tx
    .select()
    .from(schema.prescription)
    .where(and(eq(schema.prescription.clinicId, row.clinicId), eq(schema.prescription.id, row.prescriptionId)))
    .for("update");
  if (!p) throw new Error("An outbox message without its prescription (foreign key broken?)");
  return p;
}

const TIMESTAMP_OF: Partial<Record<PrescriptionEvent, keyof PrescriptionRow>> = {
  transmit: "transmittedAt",
  acknowledge: "acknowledgedAt",
  cancel_approved: "cancelledAt",
  cancel_denied: "cancelDeniedAt",
};

export type AdvanceResult = { changed: true; from: PrescriptionRow["status"]; to: PrescriptionRow["status"] } | { changed: false; code: PrescriptionRefusalCode };

/**
 * One DOMAIN.md §2 prescription transition driven by the pharmacy network (transmit, acknowledge,
 * fail, cancel answers) or by an admin's replay of a dead letter (`replay`, with its guard), via
 * packages/clinical transitionPrescription: the status and its time, a prescription_event and the
 * audit row. A time already written stays (the trigger writes them once): after a replayed CancelRx
 * is dead-lettered again, cancel_denied_at keeps the first denial; the history has both.
 */
export async function advancePrescription(
  tx: DbOrTx,
  actor: Actor,
  p: PrescriptionRow,
  event: PrescriptionEvent,
  o: {
    now: Date;
    actorKind: "system" | "pharmacy" | "staff";
    detail: Record<string, unknown>;
    error?: { code: string; detail: string };
    /** Collects the audit row for the caller to write last, with its own (one chain lock, held briefly). */
    audit?: AuditInput[];
    /** The lifecycle guard (replay: `replayOfDeadLetter`, checked by the caller). */
    guard?: PrescriptionGuard;
  },
): Promise<AdvanceResult> {
  const t = transitionPrescription(p.status, event, o.guard);
  if (!t.ok) return { changed: false, code: t.code };
  const field = TIMESTAMP_OF[event];
  const stamp = field && p[field] == null ? field : undefined;
  await tx
    .update(schema.prescription)
    .set({
      status: t.to,
      updatedAt: o.now,
      ...(stamp ? { [stamp]: o.now } : {}),
      ...(o.error ? { errorCode: o.error.code, errorDetail: o.error.detail } : {}),
    })
    .where(and(eq(schema.prescription.clinicId, p.clinicId), eq(schema.prescription.id, p.id)));
  await tx.insert(schema.prescriptionEvent).values({
    clinicId: p.clinicId,
    prescriptionId: p.id,
    fromStatus: t.from,
    toStatus: t.to,
    event,
    actorKind: o.actorKind,
    actorUserId: o.actorKind === "staff" ? actor.userId : null,
    at: o.now,
    detail: o.detail,
  });
  // The status change itself notifies prescription_changed (trigger, migration 0021): open charts update live.
  const audit: AuditInput = {
    action: `prescription.${event}`,
    resourceType: "prescription",
    resourceId: p.id,
    patientId: p.patientId,
    clinicId: p.clinicId,
    detail: { from: t.from, to: t.to, ...o.detail },
  };
  if (o.audit) o.audit.push(audit);
  else await recordAudit(tx, actor, audit);
  return { changed: true, from: t.from, to: t.to };
}

/**
 * A history entry that changes no status (an admin replay, a pharmacy answer the lifecycle cannot
 * take, such as an acknowledgement of a prescription already in error): the chart shows it.
 */
export async function notePrescriptionEvent(
  tx: DbOrTx,
  actor: Actor,
  p: PrescriptionRow,
  event: string,
  o: { now: Date; actorKind: "system" | "pharmacy" | "staff"; detail: Record<string, unknown> },
) {
  await tx.insert(schema.prescriptionEvent).values({
    clinicId: p.clinicId,
    prescriptionId: p.id,
    fromStatus: p.status,
    toStatus: p.status,
    event,
    actorKind: o.actorKind,
    actorUserId: o.actorKind === "staff" ? actor.userId : null,
    at: o.now,
    detail: o.detail,
  });
  await notifyPrescriptionChanged(tx, p);
}

/** Delivered on commit to every listening app instance; ids only. */
export async function notifyPrescriptionChanged(tx: DbOrTx, p: Pick<PrescriptionRow, "clinicId" | "id" | "patientId">) {
  await tx.execute(sql`select pg_notify(${PRESCRIPTION_CHANNEL}, ${JSON.stringify({ c: p.clinicId, p: p.id, pt: p.patientId })})`);
}

/**
 * A9 (DOMAIN.md §7): eRx dead letter, terminal Error, CancelRx denied; HIGH, for the prescriber and
 * the admin. Deduplicated per (patient, type) while open, like every alert.
 */
export function raiseA9(tx: DbOrTx, actor: Actor, p: Pick<PrescriptionRow, "clinicId" | "patientId" | "id">, row: Pick<OutboxRow, "messageId" | "type">, reason: A9Reason, code?: string) {
  return raiseAlert(tx, actor, {
    clinicId: p.clinicId,
    patientId: p.patientId,
    type: "A9",
    severity: "high",
    summary: A9_SUMMARY[reason],
    sourceType: "rx_outbox",
    sourceId: row.messageId,
    detail: { reason, messageType: row.type, prescriptionId: p.id, ...(code ? { code } : {}) },
  });
}

export type A9Reason = "dead_lettered" | "rejected" | "cancel_denied" | "pending_too_long" | "acknowledged_after_error" | "cancelled_after_denied";
const A9_SUMMARY: Record<A9Reason, string> = {
  dead_lettered: "A prescription could not be delivered to the pharmacy (gave up after retries): issue a new one or contact the pharmacy.",
  rejected: "The pharmacy network rejected a prescription: issue a new one or contact the pharmacy.",
  cancel_denied: "A cancellation was not confirmed by the pharmacy: contact the pharmacy.",
  pending_too_long: "A prescription is waiting to be sent longer than the clinic allows: check the outbox.",
  // A replayed dead letter reached the pharmacy after the prescription was marked failed: a new one may exist too.
  acknowledged_after_error: "The pharmacy acknowledged a prescription that was marked failed (replayed): check it was not issued twice.",
  // A cancellation given up on (dead letter, not replayed) that the pharmacy confirmed after all.
  cancelled_after_denied: "The pharmacy confirmed a cancellation that was marked not confirmed: the prescription is cancelled at the pharmacy; check the chart and the regimen.",
};

const ZAckOverrides = z
  .object({
    status: z.record(z.string(), z.enum(["acknowledged", "in_transit"])).optional(),
    statusDefault: z.enum(["acknowledged", "in_transit"]).optional(),
    errors: z.record(z.string(), z.enum(["retry", "terminal"])).optional(),
    errorDefault: z.enum(["retry", "terminal"]).optional(),
  })
  .strict();

/** The clinic's acknowledgement map: DEFAULT_ACK_MAPPING with its configured overrides (DOMAIN.md §5.4); a malformed override is ignored, never half-applied. */
export async function clinicRxSettings(tx: DbOrTx, clinicId: string): Promise<{ ackMapping: AckMapping; pendingAlertMinutes: number }> {
  const s = schema.clinicPrescribingSettings;
  const [row] = await tx.select({ ack: s.ackStatusMap, pending: s.pendingAlertMinutes }).from(s).where(eq(s.clinicId, clinicId));
  const parsed = row?.ack ? ZAckOverrides.safeParse(row.ack) : null;
  const overrides = parsed?.success ? (parsed.data as Partial<AckMapping>) : undefined;
  return { ackMapping: overrides ? ackMappingWith(overrides) : DEFAULT_ACK_MAPPING, pendingAlertMinutes: row?.pending ?? 5 };
}
