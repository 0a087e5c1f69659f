/**
 * Outbox message state machine (DOMAIN.md §2 "Outbox message", §5.3):
 * `pending -> in_flight -> delivered -> acked`; `in_flight -> retry_scheduled -> in_flight`;
 * `-> dead_lettered` after max attempts or age; admin replay `dead_lettered -> pending` with the
 * same MessageID and payload (never a new prescription).
 *
 * Additions the table leaves implicit, each for a stated reason:
 * - `rejected`: a terminal Error (601/900) ends delivery for good. It is not a dead letter because
 *   replaying the same bytes cannot succeed; the prescriber issues a new prescription (A9).
 * - an acknowledgement is accepted from `in_flight` and `retry_scheduled` too: the pharmacy may
 *   answer before the relay records the HTTP result, or answer an attempt that timed out here.
 * - an asynchronous retryable Error (600/602) after `delivered` schedules a retry.
 * - a relay that crashed mid-send leaves `in_flight`; once its lease expired the row is claimed
 *   again and resent with the same MessageID (at-least-once; receivers dedupe on it).
 */

export type OutboxStatus = "pending" | "in_flight" | "delivered" | "acked" | "retry_scheduled" | "dead_lettered" | "rejected";
export type OutboxMessageType = "NewRx" | "CancelRx";

export interface OutboxMessage {
  /** NCPDP MessageID: immutable, reused by every retry and by replay. */
  messageId: string;
  type: OutboxMessageType;
  status: OutboxStatus;
  /** Sends started in the current cycle. */
  attempts: number;
  /** Start of the current delivery cycle (creation, or the last replay): max age counts from here. */
  cycleStartedAt: Date;
  nextAttemptAt: Date | null;
  lastError: string | null;
}

/** DOMAIN.md §5.3 (C): backoff 30 s, 2 min, 10 min, 30 min, 2 h (then 2 h), with jitter; give up after the attempts or 24 h. */
export interface RetryPolicy {
  delaysMs: readonly number[];
  /** Each delay is scaled by a factor in [1 - jitter, 1 + jitter). */
  jitter: number;
  maxAttempts: number;
  maxAgeMs: number;
}

const MINUTE = 60_000;
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  delaysMs: [30_000, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, 120 * MINUTE],
  jitter: 0.2,
  maxAttempts: 15,
  maxAgeMs: 24 * 60 * MINUTE,
};

/** Delay before the next send after `attempts` failed sends; `random` in [0, 1) (pass Math.random() from the caller). */
export function retryDelayMs(attempts: number, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const i = Math.min(Math.max(attempts, 1), policy.delaysMs.length) - 1;
  const base = policy.delaysMs[i] ?? 0;
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(base * (1 - policy.jitter + 2 * policy.jitter * r));
}

export type OutboxEvent =
  /** The relay takes the row to send it; counts an attempt. `leaseExpired`: reclaim a crashed send. */
  | { type: "claim"; leaseExpired?: boolean }
  /** The receiver accepted the transport (HTTP 2xx). */
  | { type: "delivered" }
  /** Status / Verify answered this message (ack.ts decides). */
  | { type: "acked" }
  /** Timeout, 5xx, Error 600/602: retry with backoff, or dead-letter when out of attempts/age. */
  | { type: "transient_failure"; error: string; random: number }
  /** Error 601/900: no retry. */
  | { type: "terminal_failure"; error: string }
  /** Sweep: a waiting row past max age is dead-lettered. */
  | { type: "expire" }
  /** Admin replay of a dead letter: same MessageID and payload, a fresh cycle. */
  | { type: "replay" };

export type OutboxRefusalCode = "invalid_transition" | "not_due" | "not_expired" | "lease_active";

export type OutboxTransition =
  | { ok: true; message: OutboxMessage; /** A9 on dead letter or terminal error (DOMAIN.md §7). */ alert: "A9" | null }
  | { ok: false; code: OutboxRefusalCode; message: string };

const FROM: Readonly<Record<OutboxEvent["type"], readonly OutboxStatus[]>> = {
  claim: ["pending", "retry_scheduled", "in_flight"],
  delivered: ["in_flight"],
  acked: ["in_flight", "delivered", "retry_scheduled"],
  transient_failure: ["in_flight", "delivered"],
  terminal_failure: ["in_flight", "delivered", "retry_scheduled"],
  expire: ["pending", "retry_scheduled"],
  replay: ["dead_lettered"],
};

/** The first outbox row for a message, written in the signing (or cancel) transaction. */
export function newOutboxMessage(messageId: string, type: OutboxMessageType, now: Date): OutboxMessage {
  return { messageId, type, status: "pending", attempts: 0, cycleStartedAt: now, nextAttemptAt: now, lastError: null };
}

/** One step of the outbox machine. The MessageID never changes. */
export function transitionOutbox(msg: OutboxMessage, event: OutboxEvent, ctx: { now: Date; policy?: RetryPolicy }): OutboxTransition {
  const policy = ctx.policy ?? DEFAULT_RETRY_POLICY;
  const now = ctx.now;
  if (!FROM[event.type].includes(msg.status)) {
    return { ok: false, code: "invalid_transition", message: `An outbox message that is ${msg.status.replace(/_/g, " ")} cannot take "${event.type}".` };
  }
  const ok = (patch: Partial<OutboxMessage>, alert: "A9" | null = null): OutboxTransition => ({ ok: true, message: { ...msg, ...patch, messageId: msg.messageId }, alert });
  const age = now.getTime() - msg.cycleStartedAt.getTime();

  switch (event.type) {
    case "claim":
      if (msg.status === "in_flight" && !event.leaseExpired) return { ok: false, code: "lease_active", message: "Another relay is sending this message." };
      if (msg.status === "retry_scheduled" && msg.nextAttemptAt && msg.nextAttemptAt.getTime() > now.getTime()) {
        return { ok: false, code: "not_due", message: `The next attempt is due at ${msg.nextAttemptAt.toISOString()}.` };
      }
      return ok({ status: "in_flight", attempts: msg.attempts + 1, nextAttemptAt: null });
    case "delivered":
      return ok({ status: "delivered", lastError: null });
    case "acked":
      return ok({ status: "acked", nextAttemptAt: null });
    case "transient_failure": {
      const next = now.getTime() + retryDelayMs(msg.attempts, event.random, policy);
      const outOfAttempts = msg.attempts >= policy.maxAttempts;
      const outOfTime = next - msg.cycleStartedAt.getTime() > policy.maxAgeMs;
      if (outOfAttempts || outOfTime) return ok({ status: "dead_lettered", nextAttemptAt: null, lastError: event.error }, "A9");
      return ok({ status: "retry_scheduled", nextAttemptAt: new Date(next), lastError: event.error });
    }
    case "terminal_failure":
      return ok({ status: "rejected", nextAttemptAt: null, lastError: event.error }, "A9");
    case "expire":
      if (age < policy.maxAgeMs) return { ok: false, code: "not_expired", message: "The message is still within its maximum age." };
      return ok({ status: "dead_lettered", nextAttemptAt: null, lastError: msg.lastError ?? "maximum age reached" }, "A9");
    case "replay":
      return ok({ status: "pending", attempts: 0, cycleStartedAt: now, nextAttemptAt: now });
  }
}

export const TERMINAL_OUTBOX_STATUSES: readonly OutboxStatus[] = ["acked", "rejected"];
