/**
 * Delivers the simulator's stored responses to Clearwell's inbound endpoint, signed (HMAC), as
 * soon as they are committed (kick() right after the transaction, no polling sleep), and again
 * with exponential backoff and jitter while Clearwell is down. Rows are claimed with a lease
 * (FOR UPDATE SKIP LOCKED), so a killed simulator's claims expire and a restart resumes them.
 */
import { signedHeaders } from "@clearwell/script";

import type { Sql } from "./db";

export interface DeliveryOptions {
  sql: Sql;
  inboundUrl: string;
  secret: string;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  concurrency: number;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

interface Claimed {
  message_id: string;
  payload: string;
  attempts: number;
  type: string;
}

export function createDelivery(o: DeliveryOptions) {
  let running = false;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let drained: Promise<void> = Promise.resolve();
  // A claim outlives the send it covers by a second; then (a killed simulator) it is free again.
  const leaseSeconds = Math.ceil(o.timeoutMs / 1000) + 1;

  async function claimOne(): Promise<Claimed | undefined> {
    const [row] = await o.sql<Claimed[]>`
      update outbound_message set attempts = attempts + 1, lease_until = now() + make_interval(secs => ${leaseSeconds})
      where message_id = (
        select message_id from outbound_message
        where status = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
        order by next_attempt_at limit 1 for update skip locked)
      returning message_id, payload, attempts, type`;
    return row;
  }

  async function deliver(row: Claimed) {
    let outcome: { kind: "delivered" } | { kind: "retry" | "rejected"; error: string };
    try {
      const res = await fetch(o.inboundUrl, {
        method: "POST",
        headers: { "content-type": "application/xml; charset=utf-8", ...signedHeaders(o.secret, row.payload) },
        body: row.payload,
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) outcome = { kind: "delivered" };
      // Clearwell refused it (bad signature, unknown RelatesToMessageID…): resending will not help.
      else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) outcome = { kind: "rejected", error: `HTTP ${res.status}` };
      else outcome = { kind: "retry", error: `HTTP ${res.status}` };
    } catch (e) {
      outcome = { kind: "retry", error: e instanceof Error ? (e.name === "TimeoutError" ? "timeout" : (e.cause as { code?: string } | undefined)?.code ?? e.name) : "error" };
    }
    if (outcome.kind === "delivered") {
      await o.sql`update outbound_message set status = 'delivered', delivered_at = now(), delivered_count = delivered_count + 1, lease_until = null, last_error = null
        where message_id = ${row.message_id}`;
      o.log("response delivered", { messageId: row.message_id, type: row.type, attempts: row.attempts });
    } else if (outcome.kind === "rejected" || row.attempts >= o.maxAttempts) {
      const status = outcome.kind === "rejected" ? "rejected" : "failed";
      await o.sql`update outbound_message set status = ${status}, lease_until = null, last_error = ${outcome.error} where message_id = ${row.message_id}`;
      o.log(`response ${status}`, { messageId: row.message_id, type: row.type, attempts: row.attempts, error: outcome.error });
    } else {
      const delay = backoffMs(row.attempts, o.retryBaseMs, o.retryMaxMs);
      await o.sql`update outbound_message set next_attempt_at = now() + make_interval(secs => ${delay / 1000}), lease_until = null, last_error = ${outcome.error}
        where message_id = ${row.message_id}`;
      if (row.attempts === 1 || row.attempts % 10 === 0) o.log("response not delivered, will retry", { messageId: row.message_id, attempts: row.attempts, error: outcome.error, retryInMs: delay });
    }
  }

  async function worker() {
    while (!stopped) {
      const row = await claimOne();
      if (!row) return;
      await deliver(row);
    }
  }

  /** Wakes up for the next retry that falls due (and every 30 s at most, for expired leases). */
  async function scheduleNext() {
    if (stopped) return;
    const [row] = await o.sql<{ wait_ms: number | null }[]>`
      select greatest(0, extract(epoch from (min(greatest(next_attempt_at, coalesce(lease_until, next_attempt_at))) - now())) * 1000)::float8 as wait_ms
      from outbound_message where status = 'pending'`;
    const wait = row?.wait_ms == null ? 30_000 : Math.min(30_000, Math.ceil(row.wait_ms) + 5);
    clearTimeout(timer);
    timer = setTimeout(kick, wait);
    timer.unref();
  }

  async function drain() {
    try {
      do {
        again = false;
        await Promise.all(Array.from({ length: o.concurrency }, () => worker()));
      } while (again && !stopped);
      await scheduleNext();
    } catch (e) {
      o.log("delivery error", { error: e instanceof Error ? e.message.slice(0, 200) : String(e) });
      if (!stopped) {
        clearTimeout(timer);
        timer = setTimeout(kick, 1_000);
        timer.unref();
      }
    } finally {
      running = false;
      // A kick that came while scheduling the timer: drain again at once.
      if (again && !stopped) kick();
    }
  }

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    drained = drain();
  }

  return {
    kick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await drained;
    },
  };
}
