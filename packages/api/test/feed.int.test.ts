import { randomUUID } from "node:crypto";

import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { createFeed, idPayload, type WatchOptions } from "../src/services/feed";
import { testDb } from "./harness";

// The generic LISTEN/NOTIFY feed behind every live stream (visit, prescription, alerts): a channel of
// its own per test, so files running in parallel do not hear each other.

interface Change {
  clinicId: string;
  itemId: string;
}

function feedOnFreshChannel() {
  const channel = `feed_test_${randomUUID().replaceAll("-", "")}`;
  const feed = createFeed<Change>({ channel, parse: idPayload({ c: "clinicId", i: "itemId" }) });
  const stops: AbortController[] = [];
  return {
    feed,
    notify: (c: string, i?: string) => testDb().execute(sql`select pg_notify(${channel}, ${JSON.stringify(i === undefined ? { c } : { c, i })})`),
    notifyRaw: (payload: string) => testDb().execute(sql`select pg_notify(${channel}, ${payload})`),
    /** A stream ended by abort (as tRPC does when the client goes): return() would wait behind a pending next(). */
    watch(opts: Partial<WatchOptions<Change>> = {}) {
      const stop = new AbortController();
      stops.push(stop);
      return feed.watch(testDb(), { signal: stop.signal, match: () => true, stillAllowed: async () => true, coalesceMs: 10, ...opts });
    },
    stopAll: () => stops.forEach((s) => s.abort()),
  };
}

/** What a pending next() came to within `ms`. */
function within(next: Promise<IteratorResult<void>>, ms: number) {
  return Promise.race([next.then((r) => (r.done ? "done" : "push")), new Promise<"none">((r) => setTimeout(() => r("none"), ms))]);
}

describe("createFeed", () => {
  it("pushes at the start and after a matching change; not for another's change or a malformed payload", async () => {
    const f = feedOnFreshChannel();
    const stream = f.watch({ match: (c) => c.clinicId === "mine" });
    expect(await within(stream.next(), 2000)).toBe("push");
    await f.feed.ready(testDb());
    const pending = stream.next();
    await f.notify("theirs", "x");
    await f.notifyRaw("not json");
    await f.notify("mine");
    expect(await within(pending, 300)).toBe("none");
    await f.notify("mine", "y");
    expect(await within(pending, 2000)).toBe("push");
    f.stopAll();
  });

  it("coalesces a burst into one push", async () => {
    const f = feedOnFreshChannel();
    const stream = f.watch({ coalesceMs: 200 });
    await stream.next();
    const first = stream.next();
    for (let n = 0; n < 5; n++) await f.notify("mine", String(n));
    expect(await within(first, 2000)).toBe("push");
    expect(await within(stream.next(), 400)).toBe("none");
    f.stopAll();
  });

  it("ends when the signal aborts, even while it is asking whether the caller may still see it", async () => {
    const f = feedOnFreshChannel();
    const stop = new AbortController();
    const stream = f.feed.watch(testDb(), { signal: stop.signal, match: () => true, stillAllowed: async () => true });
    await stream.next();
    const pending = stream.next();
    stop.abort();
    expect(await within(pending, 2000)).toBe("done");
  });

  it("ends once the caller may no longer see it", async () => {
    const f = feedOnFreshChannel();
    let allowed = true;
    const stream = f.watch({ stillAllowed: async () => allowed, recheckMs: 20 });
    await stream.next();
    allowed = false;
    expect(await within(stream.next(), 2000)).toBe("done");
    f.stopAll();
  });

  it("fans one notification out to every stream watching it", async () => {
    const f = feedOnFreshChannel();
    const streams = [0, 1, 2].map(() => f.watch());
    for (const s of streams) await s.next();
    const pending = streams.map((s) => within(s.next(), 2000));
    await f.notify("mine", "z");
    expect(await Promise.all(pending)).toEqual(["push", "push", "push"]);
    f.stopAll();
  });
});
