import { describe, expect, it } from "vitest";

import { DEFAULT_RETRY_POLICY, newOutboxMessage, type OutboxEvent, type OutboxMessage, type OutboxStatus, retryDelayMs, transitionOutbox } from "./outbox";

const T0 = new Date("2026-12-01T17:00:00Z");
const plus = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;
const ID = "6f1c2a9e-0000-4000-8000-000000000001";

function step(msg: OutboxMessage, event: OutboxEvent, now: Date = T0): OutboxMessage {
  const r = transitionOutbox(msg, event, { now });
  if (!r.ok) throw new Error(`${msg.status} + ${event.type}: ${r.message}`);
  return r.message;
}

describe("outbox message lifecycle (DOMAIN.md §2, §5.3)", () => {
  it("pending -> in_flight -> delivered -> acked, one attempt, same MessageID", () => {
    let m = newOutboxMessage(ID, "NewRx", T0);
    expect(m).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: T0 });
    m = step(m, { type: "claim" });
    expect(m).toMatchObject({ status: "in_flight", attempts: 1 });
    m = step(m, { type: "delivered" });
    m = step(m, { type: "acked" });
    expect(m).toMatchObject({ status: "acked", messageId: ID, attempts: 1 });
  });

  it("in_flight -> retry_scheduled -> in_flight, backing off 30 s then 2 min (no jitter at random 0.5)", () => {
    let m = step(newOutboxMessage(ID, "NewRx", T0), { type: "claim" });
    m = step(m, { type: "transient_failure", error: "timeout", random: 0.5 });
    expect(m).toMatchObject({ status: "retry_scheduled", nextAttemptAt: plus(30_000), lastError: "timeout" });
    const early = transitionOutbox(m, { type: "claim" }, { now: plus(29_999) });
    expect(early).toMatchObject({ ok: false, code: "not_due" });
    m = step(m, { type: "claim" }, plus(30_000));
    expect(m).toMatchObject({ status: "in_flight", attempts: 2 });
    m = step(m, { type: "transient_failure", error: "HTTP 503", random: 0.5 }, plus(31_000));
    expect(m.nextAttemptAt).toEqual(plus(31_000 + 2 * MIN));
    expect(m.messageId).toBe(ID);
  });

  it("backoff 30 s, 2 min, 10 min, 30 min, 2 h, then 2 h; jitter stays within +-20 %", () => {
    expect([1, 2, 3, 4, 5, 6, 12].map((a) => retryDelayMs(a, 0.5))).toEqual([30_000, 2 * MIN, 10 * MIN, 30 * MIN, 2 * HOUR, 2 * HOUR, 2 * HOUR]);
    expect(retryDelayMs(1, 0)).toBe(24_000);
    expect(retryDelayMs(1, 0.999999)).toBeLessThanOrEqual(36_000);
    expect(retryDelayMs(1, 0.999999)).toBeGreaterThan(35_999);
  });

  it("dead-letters after the maximum attempts, with A9", () => {
    let m: OutboxMessage = { ...newOutboxMessage(ID, "NewRx", T0), status: "in_flight", attempts: DEFAULT_RETRY_POLICY.maxAttempts - 1 };
    expect(transitionOutbox(m, { type: "transient_failure", error: "timeout", random: 0.5 }, { now: plus(HOUR) })).toMatchObject({ ok: true, message: { status: "retry_scheduled" }, alert: null });
    m = { ...m, attempts: DEFAULT_RETRY_POLICY.maxAttempts };
    expect(transitionOutbox(m, { type: "transient_failure", error: "timeout", random: 0.5 }, { now: plus(HOUR) })).toMatchObject({ ok: true, message: { status: "dead_lettered", messageId: ID }, alert: "A9" });
  });

  it("dead-letters when the next attempt would fall past the maximum age (24 h)", () => {
    const m: OutboxMessage = { ...newOutboxMessage(ID, "NewRx", T0), status: "in_flight", attempts: 8 };
    // next = now + 2 h; at 22 h it lands exactly on 24 h (allowed), at 22 h + 1 ms past it.
    expect(transitionOutbox(m, { type: "transient_failure", error: "x", random: 0.5 }, { now: plus(22 * HOUR) })).toMatchObject({ message: { status: "retry_scheduled" } });
    expect(transitionOutbox(m, { type: "transient_failure", error: "x", random: 0.5 }, { now: plus(22 * HOUR + 1) })).toMatchObject({ message: { status: "dead_lettered" }, alert: "A9" });
  });

  it("a sweep expires a waiting row at the maximum age, not before", () => {
    const m: OutboxMessage = { ...newOutboxMessage(ID, "NewRx", T0), status: "retry_scheduled", attempts: 3, nextAttemptAt: plus(25 * HOUR) };
    expect(transitionOutbox(m, { type: "expire" }, { now: plus(24 * HOUR - 1) })).toMatchObject({ ok: false, code: "not_expired" });
    expect(transitionOutbox(m, { type: "expire" }, { now: plus(24 * HOUR) })).toMatchObject({ ok: true, message: { status: "dead_lettered" }, alert: "A9" });
  });

  it("admin replay: dead_lettered -> pending with the same MessageID, a fresh cycle", () => {
    const dead: OutboxMessage = { ...newOutboxMessage(ID, "NewRx", T0), status: "dead_lettered", attempts: 15, lastError: "timeout", nextAttemptAt: null };
    const later = plus(30 * HOUR);
    const r = step(dead, { type: "replay" }, later);
    expect(r).toEqual({ messageId: ID, type: "NewRx", status: "pending", attempts: 0, cycleStartedAt: later, nextAttemptAt: later, lastError: "timeout" });
    // And it can be delivered again.
    expect(step(step(r, { type: "claim" }, later), { type: "acked" }, later).status).toBe("acked");
  });

  it("terminal Error (601/900) rejects for good, with A9; a rejected message cannot be replayed", () => {
    const m = step(step(newOutboxMessage(ID, "NewRx", T0), { type: "claim" }), { type: "delivered" });
    const r = transitionOutbox(m, { type: "terminal_failure", error: "Error 900" }, { now: T0 });
    expect(r).toMatchObject({ ok: true, message: { status: "rejected" }, alert: "A9" });
    if (r.ok) expect(transitionOutbox(r.message, { type: "replay" }, { now: T0 })).toMatchObject({ ok: false, code: "invalid_transition" });
  });

  it("a crashed send is reclaimed only once its lease expired, resending the same MessageID", () => {
    const inFlight = step(newOutboxMessage(ID, "NewRx", T0), { type: "claim" });
    expect(transitionOutbox(inFlight, { type: "claim" }, { now: T0 })).toMatchObject({ ok: false, code: "lease_active" });
    expect(step(inFlight, { type: "claim", leaseExpired: true })).toMatchObject({ status: "in_flight", attempts: 2, messageId: ID });
  });

  it("an acknowledgement is accepted before the HTTP result is recorded, or after a timeout was", () => {
    const inFlight = step(newOutboxMessage(ID, "NewRx", T0), { type: "claim" });
    expect(step(inFlight, { type: "acked" }).status).toBe("acked");
    const waiting = step(inFlight, { type: "transient_failure", error: "timeout", random: 0.5 });
    expect(step(waiting, { type: "acked" }).status).toBe("acked");
  });
});

describe("refused outbox transitions", () => {
  const statuses: OutboxStatus[] = ["pending", "in_flight", "delivered", "acked", "retry_scheduled", "dead_lettered", "rejected"];
  const events: OutboxEvent[] = [
    { type: "claim", leaseExpired: true },
    { type: "delivered" },
    { type: "acked" },
    { type: "transient_failure", error: "x", random: 0.5 },
    { type: "terminal_failure", error: "x" },
    { type: "expire" },
    { type: "replay" },
  ];
  const allowed = new Set([
    "pending:claim",
    "retry_scheduled:claim",
    "in_flight:claim",
    "in_flight:delivered",
    "in_flight:acked",
    "delivered:acked",
    "retry_scheduled:acked",
    "in_flight:transient_failure",
    "delivered:transient_failure",
    "in_flight:terminal_failure",
    "delivered:terminal_failure",
    "retry_scheduled:terminal_failure",
    "pending:expire",
    "retry_scheduled:expire",
    "dead_lettered:replay",
  ]);
  for (const s of statuses) {
    for (const e of events) {
      const key = `${s}:${e.type}`;
      it(`${s} + ${e.type} -> ${allowed.has(key) ? "allowed" : "invalid_transition"}`, () => {
        const m: OutboxMessage = { ...newOutboxMessage(ID, "NewRx", T0), status: s, nextAttemptAt: T0 };
        const r = transitionOutbox(m, e, { now: plus(25 * HOUR) });
        if (allowed.has(key)) expect(r.ok).toBe(true);
        else expect(r).toMatchObject({ ok: false, code: "invalid_transition" });
      });
    }
  }
});
