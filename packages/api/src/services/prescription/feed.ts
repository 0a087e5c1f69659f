import { EventEmitter } from "node:events";

import type { Database } from "@clearwell/db/client";

/** What a `prescription_changed` notification says: ids only, never content (migration 0021). */
export interface PrescriptionChange {
  clinicId: string;
  prescriptionId: string;
  patientId: string;
}

/** The channel the prescription trigger notifies on commit: any status change, by anyone (the relay, inbound messages). */
export const PRESCRIPTION_CHANNEL = "prescription_changed";

interface Feed {
  emitter: EventEmitter;
  ready: Promise<void>;
}
const feeds = new WeakMap<object, Feed>();

function parse(payload: string): PrescriptionChange | null {
  try {
    const v = JSON.parse(payload) as Partial<Record<"c" | "p" | "pt", string>>;
    return v.c && v.p && v.pt ? { clinicId: v.c, prescriptionId: v.p, patientId: v.pt } : null;
  } catch {
    return null;
  }
}

/** One LISTEN connection per process, fanned out to every open stream (as services/visit/feed.ts). */
function feedFor(db: Database): Feed {
  let feed = feeds.get(db);
  if (!feed) {
    const emitter = new EventEmitter().setMaxListeners(0);
    const ready = new Promise<void>((resolve, reject) => {
      db.$client
        .listen(
          PRESCRIPTION_CHANNEL,
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
 * Yields once at the start, then after every matching change (bursts coalesced). Ends when
 * `signal` aborts or `stillAllowed` says no (a session that ended while the stream stayed open).
 */
export async function* prescriptionChanges(
  db: Database,
  opts: { signal: AbortSignal | undefined; match: (c: PrescriptionChange) => boolean; stillAllowed: () => Promise<boolean>; coalesceMs?: number; recheckMs?: number },
): AsyncGenerator<void> {
  const feed = feedFor(db);
  await feed.ready;
  const controller = new AbortController();
  const stop = () => controller.abort();
  opts.signal?.addEventListener("abort", stop, { once: true });
  let pending = true;
  let wake: (() => void) | null = null;
  const onChange = (c: PrescriptionChange) => {
    if (!opts.match(c)) return;
    pending = true;
    wake?.();
  };
  feed.emitter.on("change", onChange);
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
