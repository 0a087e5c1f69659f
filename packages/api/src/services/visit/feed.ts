import { EventEmitter } from "node:events";

import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, gt } from "drizzle-orm";

/** What a `visit_changed` notification says: ids only, never names or clinical content. */
export interface VisitChange {
  clinicId: string;
  appointmentId: string;
  providerUserId: string;
  patientId: string;
}

/** The channel the database's visit triggers notify on commit (migration 0012). */
export const VISIT_CHANNEL = "visit_changed";

interface Feed {
  emitter: EventEmitter;
  ready: Promise<void>;
}
const feeds = new WeakMap<object, Feed>();

function parse(payload: string): VisitChange | null {
  try {
    const v = JSON.parse(payload) as Partial<Record<"c" | "a" | "p" | "pt", string>>;
    return v.c && v.a && v.p && v.pt ? { clinicId: v.c, appointmentId: v.a, providerUserId: v.p, patientId: v.pt } : null;
  } catch {
    return null;
  }
}

/**
 * One LISTEN connection per process (postgres-js keeps it apart from the pool and re-listens
 * after a reconnect), fanned out in memory to every open stream. Because Postgres delivers the
 * notification to every instance, a change made through any app instance or the webhook reaches
 * subscribers on all of them.
 */
function feedFor(db: Database): Feed {
  let feed = feeds.get(db);
  if (!feed) {
    const emitter = new EventEmitter().setMaxListeners(0);
    const ready = new Promise<void>((resolve, reject) => {
      db.$client
        .listen(
          VISIT_CHANNEL,
          (payload) => {
            const change = parse(payload);
            if (change) emitter.emit("change", change);
          },
          () => resolve(),
        )
        .catch(reject);
    });
    feed = { emitter, ready };
    feeds.set(db, feed);
  }
  return feed;
}

/**
 * Yields once at the start, then after every matching change, bursts coalesced into one
 * (a join is several webhooks). Ends when `signal` aborts or `stillAllowed` says no.
 */
export async function* visitChanges(
  db: Database,
  opts: { signal: AbortSignal | undefined; match: (c: VisitChange) => boolean; stillAllowed: () => Promise<boolean>; coalesceMs?: number; recheckMs?: number },
): AsyncGenerator<void> {
  const feed = feedFor(db);
  await feed.ready;
  const controller = new AbortController();
  const stop = () => controller.abort();
  opts.signal?.addEventListener("abort", stop, { once: true });
  let pending = true;
  let wake: (() => void) | null = null;
  const onChange = (c: VisitChange) => {
    if (!opts.match(c)) return;
    pending = true;
    wake?.();
  };
  feed.emitter.on("change", onChange);
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
        wake = resolve;
        controller.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      wake = null;
      if (pending) await new Promise((r) => setTimeout(r, opts.coalesceMs ?? 150));
    }
  } finally {
    clearInterval(recheck);
    feed.emitter.off("change", onChange);
    opts.signal?.removeEventListener("abort", stop);
  }
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
