import { EventEmitter } from "node:events";

import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, gt } from "drizzle-orm";

/** How a stream watches a feed: which changes concern it, and whether its caller may still see them. */
export interface WatchOptions<T> {
  signal: AbortSignal | undefined;
  match: (change: T) => boolean;
  /** Asked before every push; a session that ended while the stream stayed open says no. */
  stillAllowed: () => Promise<boolean>;
  /** Changes this close together become one push (a join is several webhooks). Default 150 ms. */
  coalesceMs?: number;
  /** How often `stillAllowed` is asked with no change in between. Default 30 s. */
  recheckMs?: number;
}

/** A LISTEN/NOTIFY channel read as typed changes. */
export interface Feed<T> {
  readonly channel: string;
  /** Resolves once this process listens on the channel for `db`; rejects if the LISTEN failed. */
  ready(db: Database): Promise<void>;
  /**
   * Yields once at the start, then after every matching change, bursts coalesced into one.
   * Ends when `signal` aborts or `stillAllowed` says no.
   */
  watch(db: Database, opts: WatchOptions<T>): AsyncGenerator<void>;
}

interface Listening {
  emitter: EventEmitter;
  ready: Promise<void>;
}

/**
 * A feed on `channel`. One LISTEN connection per process per channel per database (postgres-js
 * keeps it apart from the pool and re-listens after a reconnect), fanned out in memory to every
 * open stream. Postgres delivers a notification to every instance, so a change committed through
 * any app instance, the relay or a webhook reaches subscribers on all of them. `parse` turns a
 * payload into a change, or null for one to drop (malformed); payloads carry ids only, never
 * names or clinical content.
 */
export function createFeed<T>({ channel, parse }: { channel: string; parse: (payload: string) => T | null }): Feed<T> {
  const listening = new WeakMap<object, Listening>();

  function listenOn(db: Database): Listening {
    let l = listening.get(db);
    if (!l) {
      const emitter = new EventEmitter().setMaxListeners(0);
      const ready = new Promise<void>((resolve, reject) => {
        db.$client
          .listen(
            channel,
            (payload) => {
              const change = parse(payload);
              if (change) emitter.emit("change", change);
            },
            () => resolve(),
          )
          .catch(reject);
      });
      l = { emitter, ready };
      listening.set(db, l);
    }
    return l;
  }

  async function* watch(db: Database, opts: WatchOptions<T>): AsyncGenerator<void> {
    const { emitter, ready } = listenOn(db);
    await ready;
    const controller = new AbortController();
    const stop = () => controller.abort();
    opts.signal?.addEventListener("abort", stop, { once: true });
    let pending = true;
    let wake: (() => void) | null = null;
    const onChange = (c: T) => {
      if (!opts.match(c)) return;
      pending = true;
      wake?.();
    };
    emitter.on("change", onChange);
    // A session can end (idle or absolute logoff) while the stream stays open: look again now and then.
    const recheck = setInterval(() => wake?.(), opts.recheckMs ?? 30_000);
    try {
      while (!controller.signal.aborted) {
        if (!(await opts.stillAllowed())) return;
        if (pending) {
          pending = false;
          yield;
          continue;
        }
        await new Promise<void>((resolve) => {
          // An abort that landed while `stillAllowed` was being asked has already fired.
          if (controller.signal.aborted) return resolve();
          wake = resolve;
          controller.signal.addEventListener("abort", () => resolve(), { once: true });
        });
        wake = null;
        if (pending) await new Promise((r) => setTimeout(r, opts.coalesceMs ?? 150));
      }
    } finally {
      clearInterval(recheck);
      emitter.off("change", onChange);
      opts.signal?.removeEventListener("abort", stop);
    }
  }

  return { channel, ready: (db) => listenOn(db).ready, watch };
}

/**
 * A `parse` for the usual payload: a JSON object of short keys to ids, every one required.
 * `idPayload({ c: "clinicId", p: "prescriptionId" })` reads `{"c":"…","p":"…"}` as
 * `{ clinicId, prescriptionId }`; anything else (bad JSON, a key missing or empty) is null.
 */
export function idPayload<const M extends Record<string, string>>(keys: M): (payload: string) => { [K in keyof M as M[K]]: string } | null {
  const entries = Object.entries(keys);
  return (payload) => {
    let v: unknown;
    try {
      v = JSON.parse(payload);
    } catch {
      return null;
    }
    if (typeof v !== "object" || v === null) return null;
    const out: Record<string, string> = {};
    for (const [short, long] of entries) {
      const id = (v as Record<string, unknown>)[short];
      if (typeof id !== "string" || !id) return null;
      out[long] = id;
    }
    return out as { [K in keyof M as M[K]]: string };
  };
}

/** Whether the session behind a stream is still live (not signed out, idled out or past its absolute limit). */
export async function sessionStillLive(db: Database, sessionId: string, absoluteTimeoutSeconds: number) {
  const [row] = await db
    .select({ createdAt: schema.session.createdAt })
    .from(schema.session)
    .where(and(eq(schema.session.id, sessionId), gt(schema.session.expiresAt, new Date())));
  return !!row && Date.now() - row.createdAt.getTime() < absoluteTimeoutSeconds * 1000;
}

/**
 * The read audit of a stream: one event per patient and action per window (default 15 minutes)
 * rather than one per push, so a waiting room left open does not write a row every few seconds.
 */
export function auditWindow(windowMs = 15 * 60_000) {
  const last = new Map<string, number>();
  return (key: string) => {
    const now = Date.now();
    const seen = last.get(key);
    if (seen !== undefined && now - seen < windowMs) return false;
    last.set(key, now);
    return true;
  };
}
