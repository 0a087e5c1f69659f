import { DEFAULT_RETRY_POLICY, type RetryPolicy, transitionOutbox } from "@clearwell/clinical";
import type { Database, Transaction } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, inArray, lt, lte, ne, or, sql } from "drizzle-orm";

import { systemActor } from "../../actor";
import { failPrescription } from "./relay";
import { type OutboxRow, clinicRxSettings, cycleStartedAt, lockPrescription, outboxMessageOf, raiseA9, scheduleDelivery, writeOutboxTransition } from "./store";

const META = { requestId: "worker:rx-sweep", ipAddress: null, userAgent: "clearwell-worker" };
const WAITING = ["pending", "retry_scheduled", "in_flight"] as const;

export interface SweepResult {
  /** Due or orphaned (expired lease) rows whose delivery job was re-armed. */
  requeued: number;
  /** Rows past the maximum age, dead-lettered with A9. */
  expired: number;
  /** Clinics whose oldest waiting message is older than their pending_alert_minutes (A9 raised). */
  pendingAlerts: number;
}

/**
 * rx.sweep, every minute (DOMAIN.md §5.3-5.4), the last backstop behind LISTEN/NOTIFY and the
 * per-message jobs:
 * 1. re-arms delivery for rows overdue by more than `graceMs` (a relay killed mid-send leaves
 *    in_flight with an expired lease; a lost job leaves a due row);
 * 2. dead-letters waiting rows whose cycle passed the maximum age (24 h), with A9 and the
 *    prescription in error;
 * 3. raises A9 when a clinic's oldest waiting row is older than pending_alert_minutes, since
 *    transmission must be immediate (§5.4), once per message.
 * Every step is bounded (`batch`) and takes rows with SKIP LOCKED, so several workers may sweep.
 */
export async function sweepOutbox(
  db: Database,
  o: { now?: Date; policy?: RetryPolicy; graceMs?: number; batch?: number; clinicIds?: readonly string[] } = {},
): Promise<SweepResult> {
  const now = o.now ?? new Date();
  const policy = o.policy ?? DEFAULT_RETRY_POLICY;
  const batch = o.batch ?? 200;
  const t = schema.rxOutbox;
  const scope = o.clinicIds ? inArray(t.clinicId, [...o.clinicIds]) : undefined;

  // 1. Overdue: the message's own jobs should have fired by now.
  const overdueBefore = new Date(now.getTime() - (o.graceMs ?? 30_000));
  const requeued = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ messageId: t.messageId, clinicId: t.clinicId })
      .from(t)
      .where(and(inArray(t.status, [...WAITING]), lte(t.nextAttemptAt, overdueBefore), scope))
      .orderBy(asc(t.nextAttemptAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const r of rows) await scheduleDelivery(tx, r);
    return rows.length;
  });

  // 2. Maximum age. created_at bounds the candidates; the cycle (creation or last replay) decides.
  const ageCutoff = new Date(now.getTime() - policy.maxAgeMs);
  const candidates = await db
    .select({ messageId: t.messageId, clinicId: t.clinicId })
    .from(t)
    .where(and(inArray(t.status, ["pending", "retry_scheduled"]), lt(t.createdAt, ageCutoff), scope))
    .orderBy(asc(t.createdAt))
    .limit(batch);
  let expired = 0;
  for (const c of candidates) {
    const done = await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(t)
        .where(and(eq(t.clinicId, c.clinicId), eq(t.messageId, c.messageId), inArray(t.status, ["pending", "retry_scheduled"])))
        .for("update", { skipLocked: true });
      if (!row) return false;
      const step = transitionOutbox(await outboxMessageOf(tx, row), { type: "expire" }, { now, policy });
      if (!step.ok) return false;
      const updated = await writeOutboxTransition(tx, row, step, now);
      await failPrescription(tx, updated, "dead_lettered", { kind: "expired", error: "maximum age reached" }, now);
      return true;
    });
    if (done) expired++;
  }

  // 3. The oldest waiting message per clinic, against the clinic's pending_alert_minutes (default 5).
  const s = schema.clinicPrescribingSettings;
  const oldest = await db
    .selectDistinctOn([t.clinicId], { messageId: t.messageId, clinicId: t.clinicId })
    .from(t)
    .leftJoin(s, eq(s.clinicId, t.clinicId))
    .where(and(inArray(t.status, [...WAITING]), lt(t.createdAt, sql`${now.toISOString()}::timestamptz - make_interval(mins => coalesce(${s.pendingAlertMinutes}, 5))`), scope))
    .orderBy(t.clinicId, asc(t.createdAt))
    .limit(batch);
  let pendingAlerts = 0;
  for (const c of oldest) {
    const raised = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(t).where(and(eq(t.clinicId, c.clinicId), eq(t.messageId, c.messageId)));
      if (!row || !(WAITING as readonly string[]).includes(row.status)) return false;
      // A replayed message counts from its replay, not from its creation.
      const { pendingAlertMinutes } = await clinicRxSettings(tx, row.clinicId);
      if (now.getTime() - (await cycleStartedAt(tx, row)).getTime() < pendingAlertMinutes * 60_000) return false;
      const p = await lockPrescription(tx, row);
      if (await alertedFor(tx, row, p.patientId)) return false;
      const id = await raiseA9(tx, systemActor(row.clinicId, META), p, row, "pending_too_long");
      return id !== null;
    });
    if (raised) pendingAlerts++;
  }
  return { requeued, expired, pendingAlerts };
}

/**
 * Whether an A9 already covers this: one for this message (any status: raised once per message),
 * or an open one for the patient (alerts dedupe per patient and type while open).
 */
async function alertedFor(tx: Transaction, row: OutboxRow, patientId: string) {
  const a = schema.safetyAlert;
  const [hit] = await tx
    .select({ id: a.id })
    .from(a)
    .where(
      and(
        eq(a.clinicId, row.clinicId),
        eq(a.type, "A9"),
        or(and(eq(a.sourceType, "rx_outbox"), eq(a.sourceId, row.messageId)), and(eq(a.patientId, patientId), ne(a.status, "resolved"))),
      ),
    )
    .limit(1);
  return !!hit;
}
