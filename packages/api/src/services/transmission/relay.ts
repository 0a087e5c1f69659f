import { type AckMapping, DEFAULT_RETRY_POLICY, type OutboxEvent, type RetryPolicy, outboxFailureEvent, transitionOutbox } from "@clearwell/clinical";
import type { Database, Transaction } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, inArray, lte } from "drizzle-orm";

import { systemActor } from "../../actor";
import type { RxDeliverJob } from "./enqueue";
import { RenderError, renderOutbound } from "./render";
import { type OutboxRow, advancePrescription, clinicRxSettings, lockPrescription, outboxMessageOf, raiseA9, scheduleDelivery, writeOutboxTransition } from "./store";
import type { RxTransport, TransportOutcome } from "./vendor";

/** The states a relay may claim from (the partial index rx_outbox_due_idx covers exactly these). */
const CLAIMABLE = ["pending", "retry_scheduled", "in_flight"] as const;
const META = { requestId: "worker:rx-relay", ipAddress: null, userAgent: "clearwell-worker" };

export interface RelayDeps {
  db: Database;
  /**
   * How a message reaches the network: the built-in SCRIPT-over-HTTP transport, or a certified
   * EPCS vendor through transportFor({ kind: "vendor", … }) (vendor.ts). The relay's contract is the
   * same for either: one MessageID for every attempt, retries and terminal answers by the clinic's map.
   */
  transport: RxTransport;
  /** How long a claim is this relay's (RX_LEASE_SECONDS). A killed relay's messages are resent after it. */
  leaseMs: number;
  /** Only these clinics' messages (tests, sharding). Unset: every clinic. */
  clinicIds?: readonly string[];
  policy?: RetryPolicy;
  random?: () => number;
  now?: () => Date;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface Claimed {
  row: OutboxRow;
  relatesToMessageId: string | null;
  /** The clinic's acknowledgement map, read with the claim: a synchronous SCRIPT Error is classified with it (DOMAIN.md §5.4). */
  ackMapping?: AckMapping;
}

export type RelayStep = {
  messageId: string;
  attempt: number;
  outcome: TransportOutcome;
  status: OutboxRow["status"] | "superseded";
  /** retry_scheduled: when the retry is due. */
  nextAttemptAt: Date | null;
};

const clock = (deps: RelayDeps) => deps.now?.() ?? new Date();

/**
 * Claims one due message in a short transaction (SELECT … FOR UPDATE SKIP LOCKED, DOMAIN.md §5.3 (2)):
 * pending, retry due, or in flight with an expired lease (its relay died mid-send). Marks it
 * in_flight with a lease, counts the attempt, and writes the backstop job that resends it once the
 * lease runs out should this relay die. The first claim of a NewRx moves the prescription
 * signed -> transmitted (lifecycle.ts: "transmit fires when the relay first sends"). Commits
 * before any network I/O: no row lock is ever held across a send.
 */
export async function claimNext(deps: RelayDeps, messageId?: string): Promise<Claimed | null> {
  const o = schema.rxOutbox;
  const now = clock(deps);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(o)
      .where(
        and(
          inArray(o.status, [...CLAIMABLE]),
          lte(o.nextAttemptAt, now),
          messageId ? eq(o.messageId, messageId) : undefined,
          deps.clinicIds ? inArray(o.clinicId, [...deps.clinicIds]) : undefined,
        ),
      )
      .orderBy(asc(o.nextAttemptAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!row) return null;
    if (row.status === "in_flight" && row.leaseUntil && row.leaseUntil > now) return null;
    const t = transitionOutbox(await outboxMessageOf(tx, row), { type: "claim", leaseExpired: row.status === "in_flight" }, { now, policy: deps.policy ?? DEFAULT_RETRY_POLICY });
    if (!t.ok) return null;
    const leaseUntil = new Date(now.getTime() + deps.leaseMs);
    // While in flight, next_attempt_at is the lease's end: one indexed condition finds due and orphaned rows.
    const updated = await writeOutboxTransition(tx, row, t, now, { leaseUntil, nextAttemptAt: leaseUntil, ...(row.firstSentAt ? {} : { firstSentAt: now }) });
    await scheduleDelivery(tx, row, new Date(leaseUntil.getTime() + 1000));
    let relatesToMessageId: string | null = null;
    if (row.type === "NewRx" && !row.firstSentAt) {
      // The first send: signed -> transmitted (later attempts leave the prescription alone).
      const p = await lockPrescription(tx, row);
      if (p.status === "signed") {
        await advancePrescription(tx, systemActor(row.clinicId, META), p, "transmit", { now, actorKind: "system", detail: { messageId: row.messageId, attempt: updated.attempts } });
      }
    } else if (row.type === "CancelRx") {
      // CancelRx names the NewRx it cancels (Header/RelatesToMessageID).
      const [original] = await tx
        .select({ id: o.messageId })
        .from(o)
        .where(and(eq(o.clinicId, row.clinicId), eq(o.prescriptionId, row.prescriptionId), eq(o.type, "NewRx")));
      relatesToMessageId = original?.id ?? null;
    }
    const { ackMapping } = await clinicRxSettings(tx, row.clinicId);
    return { row: updated, relatesToMessageId, ackMapping };
  });
}

/** Renders the SCRIPT XML at the edge from the signed payload and hands it to the transport, with the clinic's acknowledgement map. */
export async function sendClaimed(deps: RelayDeps, c: Claimed, signal?: AbortSignal): Promise<TransportOutcome> {
  let body: string;
  try {
    body = renderOutbound(c.row.payload, { messageId: c.row.messageId, type: c.row.type, toNcpdpId: c.row.toNcpdpId, createdAt: c.row.createdAt, relatesToMessageId: c.relatesToMessageId });
  } catch (e) {
    // Signed bytes that cannot be rendered never will be: a person must look (A9), not a retry loop.
    if (e instanceof RenderError) return { kind: "terminal", error: e.message };
    throw e;
  }
  try {
    return await deps.transport.send({ messageId: c.row.messageId, type: c.row.type, toNcpdpId: c.row.toNcpdpId, body }, signal, { ackMapping: c.ackMapping });
  } catch (e) {
    return { kind: "retryable", error: `transport failed: ${e instanceof Error ? e.name : "unknown"}` };
  }
}

/**
 * Records a send's outcome in a new transaction (DOMAIN.md §5.3 (3)): delivered; retry_scheduled
 * with backoff and jitter (retryDelayMs) and its job; dead_lettered after the attempts or the
 * 24 h age; rejected on a terminal answer (601/900 unless the clinic's map says otherwise). Dead letters and rejections end the prescription in error (a
 * CancelRx: cancel_denied) with A9. If the row moved on meanwhile (the pharmacy's answer arrived
 * first, or our lease expired and another relay took it), this attempt's result is superseded.
 */
export async function recordOutcome(deps: RelayDeps, c: Claimed, outcome: TransportOutcome): Promise<OutboxRow | "superseded"> {
  const o = schema.rxOutbox;
  const now = clock(deps);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(o)
      .where(and(eq(o.clinicId, c.row.clinicId), eq(o.messageId, c.row.messageId)))
      .for("update");
    if (!row || row.status !== "in_flight" || row.attempts !== c.row.attempts) return "superseded";
    const event: OutboxEvent =
      outcome.kind === "delivered"
        ? { type: "delivered" }
        : outcome.kind === "retryable"
          ? { type: "transient_failure", error: outcome.error, random: (deps.random ?? Math.random)() }
          : { type: "terminal_failure", error: outcome.error };
    const t = transitionOutbox(await outboxMessageOf(tx, row), event, { now, policy: deps.policy ?? DEFAULT_RETRY_POLICY });
    if (!t.ok) return "superseded";
    const updated = await writeOutboxTransition(tx, row, t, now);
    if (t.alert === "A9") await failPrescription(tx, row, updated.status === "rejected" ? "rejected" : "dead_lettered", outcome, now);
    return updated;
  });
}

/** Dead letter or terminal rejection: the prescription goes to error (CancelRx: cancel_denied) and A9 is raised, in the caller's transaction. */
export async function failPrescription(
  tx: Transaction,
  row: OutboxRow,
  reason: "dead_lettered" | "rejected",
  outcome: TransportOutcome | { kind: "expired"; error: string },
  now: Date,
  actorKind: "system" | "pharmacy" = "system",
) {
  const actor = systemActor(row.clinicId, META);
  let p = await lockPrescription(tx, row);
  const code = outcome.kind === "terminal" && outcome.code ? outcome.code : reason;
  const error = "error" in outcome ? outcome.error : reason;
  if (p.status === "signed") {
    // Never claimed (no relay ran for its whole life): DOMAIN.md §2 reaches error only through
    // transmitted, so the record says plainly that nothing was sent.
    await advancePrescription(tx, actor, p, "transmit", { now, actorKind: "system", detail: { messageId: row.messageId, attempt: 0, sent: false } });
    p = await lockPrescription(tx, row);
  }
  await advancePrescription(tx, actor, p, outboxFailureEvent(row.type), {
    now,
    actorKind,
    detail: { messageId: row.messageId, messageType: row.type, reason, code },
    ...(row.type === "NewRx" ? { error: { code, detail: error } } : {}),
  });
  await raiseA9(tx, actor, p, row, row.type === "CancelRx" ? "cancel_denied" : reason, code);
}

/** Claim, send, record: one message end to end. Null when nothing (or not that message) was due. */
export async function relayOne(deps: RelayDeps, messageId?: string, signal?: AbortSignal): Promise<RelayStep | null> {
  const t0 = performance.now();
  const claimed = await claimNext(deps, messageId);
  if (!claimed) return null;
  const t1 = performance.now();
  const outcome = await sendClaimed(deps, claimed, signal);
  const t2 = performance.now();
  const recorded = await recordOutcome(deps, claimed, outcome);
  const status = recorded === "superseded" ? recorded : recorded.status;
  const ms = (a: number, b: number) => Math.round(b - a);
  deps.log?.("rx message sent", {
    messageId: claimed.row.messageId,
    type: claimed.row.type,
    attempt: claimed.row.attempts,
    outcome: outcome.kind,
    status,
    ms: { claim: ms(t0, t1), send: ms(t1, t2), record: ms(t2, performance.now()) },
  });
  return { messageId: claimed.row.messageId, attempt: claimed.row.attempts, outcome, status, nextAttemptAt: status === "retry_scheduled" && recorded !== "superseded" ? recorded.nextAttemptAt : null };
}

/**
 * The rx.deliver job (the durable backstop): delivers its message if due. A job that runs early for
 * a waiting message (pending or retry_scheduled not yet due) re-arms itself for the due time, so a
 * message never waits for the minute sweep; one held in flight under a live lease already has the
 * job its claim wrote for the lease's end.
 */
export async function deliverJob(deps: RelayDeps, job: RxDeliverJob): Promise<RelayStep | null> {
  if (deps.clinicIds && !deps.clinicIds.includes(job.clinicId)) return null;
  const step = await relayOne(deps, job.messageId);
  if (step) return step;
  const o = schema.rxOutbox;
  const [row] = await deps.db
    .select({ messageId: o.messageId, clinicId: o.clinicId, status: o.status, nextAttemptAt: o.nextAttemptAt })
    .from(o)
    .where(and(eq(o.clinicId, job.clinicId), eq(o.messageId, job.messageId)));
  const now = clock(deps);
  if (row && (row.status === "pending" || row.status === "retry_scheduled") && row.nextAttemptAt > now) {
    await scheduleDelivery(deps.db, row, new Date(row.nextAttemptAt.getTime() + 250));
  }
  return null;
}

export interface Relay {
  /** Something may be due: idle slots look now. */
  kick(): void;
  /** Resolves once listening (LISTEN registered and a first catch-up kicked). */
  ready: Promise<void>;
  stop(): Promise<void>;
  /** Sends completed since start (for logs and tests). */
  readonly sent: number;
}

/** Channel the rx_outbox trigger notifies (migration 0020) with the message id, on commit. */
export const RX_OUTBOX_CHANNEL = "rx_outbox";

/**
 * The running relay. Transmission is immediate (1311.170(a), DOMAIN.md §5.3): the worker LISTENs
 * on rx_outbox, so the signing transaction's commit wakes it and it claims at once; no timer
 * polls. `concurrency` slots each claim one due row at a time (SKIP LOCKED keeps them and other
 * workers apart) until none is due, then sleep until the next notification. pg-boss jobs
 * (rx.deliver) and the minute sweep are the durable backstops for retries and dead relays.
 */
export function startRelay(deps: RelayDeps & { concurrency: number; listen?: boolean }): Relay {
  let generation = 0;
  let stopped = false;
  let sent = 0;
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  const abort = new AbortController();
  const kick = () => {
    generation++;
    for (const w of waiters) w();
    waiters.clear();
  };
  const slot = async () => {
    while (!stopped) {
      const seen = generation;
      let step: RelayStep | null;
      try {
        step = await relayOne(deps, undefined, abort.signal);
      } catch (e) {
        if (stopped) return;
        deps.log?.("rx relay error", { name: e instanceof Error ? e.name : "unknown", code: (e as { code?: unknown }).code ?? null });
        // Database trouble: back off a little rather than spin (not a poll: a kick still wakes it early).
        await new Promise<void>((r) => {
          const t = setTimeout(r, 1000);
          waiters.add(() => {
            clearTimeout(t);
            r();
          });
        });
        continue;
      }
      if (step) {
        sent++;
        // This relay knows when its retry is due: wake then (the rx.deliver job stays the durable backstop).
        if (step.nextAttemptAt) {
          const t = setTimeout(
            () => {
              timers.delete(t);
              kick();
            },
            Math.max(0, step.nextAttemptAt.getTime() - Date.now()) + 20,
          );
          timers.add(t);
          t.unref();
        }
        continue;
      }
      if (generation !== seen || stopped) continue;
      await new Promise<void>((r) => waiters.add(r));
    }
  };
  let unlisten: (() => Promise<void>) | null = null;
  const ready =
    deps.listen === false
      ? Promise.resolve()
      : deps.db.$client
          .listen(RX_OUTBOX_CHANNEL, () => kick(), () => kick())
          .then((meta) => {
            unlisten = meta.unlisten;
          });
  const slots = Array.from({ length: deps.concurrency }, () => slot());
  void ready.then(kick, () => {});
  return {
    kick,
    ready,
    get sent() {
      return sent;
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      kick();
      await unlisten?.().catch(() => {});
      // Let sends in progress finish and record (a lease would cover them anyway), without holding the process open.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(slots), new Promise((r) => (timer = setTimeout(r, deps.leaseMs)))]);
      clearTimeout(timer);
      abort.abort();
    },
  };
}
