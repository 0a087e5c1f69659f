// Subscriptions as the browser's EventSource reaches them: a GET with Accept: text/event-stream
// through the real fetch handler. The stream carries the tab's clinic and never slides the session.
import { schema } from "@clearwell/db/client";
import { eq, sql } from "drizzle-orm";
import superjson from "superjson";
import { describe, expect, it } from "vitest";

import { createHandlers } from "../src/http";
import { PATIENT_URL, PROVIDER_URL, makeClinic, staffSession, testAuth, testDb, testVideo } from "./harness";

const provider = createHandlers({ db: testDb(), auth: testAuth("provider"), providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} }, video: testVideo() });

/** Opens a stream and returns its first `data:` event (parsed), then closes it. */
async function firstEvent(path: string, cookie: string, connectionParams?: Record<string, string>) {
  // As httpSubscriptionLink builds it: the connection parameters as JSON in the query.
  const url = new URL(`${PROVIDER_URL}/api/trpc/${path}`);
  if (connectionParams) url.searchParams.set("connectionParams", JSON.stringify(connectionParams));
  const abort = new AbortController();
  const res = await provider.trpc(
    new Request(url, {
      headers: { cookie, accept: "text/event-stream", "sec-fetch-site": "same-origin" },
      signal: abort.signal,
    }),
  );
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  let buffered = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream closed before any data");
      buffered += new TextDecoder().decode(value);
      // Complete events only; skip the connection handshake and pings.
      const events = buffered.split("\n\n").slice(0, -1);
      for (const e of events) {
        const kind = /^event: (.+)$/m.exec(e)?.[1] ?? "message";
        const data = /^data: (.*)$/m.exec(e)?.[1];
        if (kind === "serialized-error") throw new Error(`stream refused: ${data}`);
        if (kind === "message" && data) return superjson.deserialize(JSON.parse(data) as Parameters<typeof superjson.deserialize>[0]);
      }
    }
  } finally {
    abort.abort();
    await reader.cancel().catch(() => {});
  }
}

describe("subscriptions over server-sent events", () => {
  it("a stream answers with the first snapshot and does not slide the idle session", async () => {
    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["admin"]);
    const cookie = s.headers.get("cookie")!;
    // A session due to slide: a request that counted as activity would extend it.
    await testDb().update(schema.session).set({ expiresAt: sql`now() + interval '5 minutes'` }).where(eq(schema.session.userId, s.user.id));
    const [before] = await testDb().select({ expiresAt: schema.session.expiresAt }).from(schema.session).where(eq(schema.session.userId, s.user.id));
    expect(await firstEvent("visit.liveFeed", cookie)).toEqual([]);
    const [after] = await testDb().select({ expiresAt: schema.session.expiresAt }).from(schema.session).where(eq(schema.session.userId, s.user.id));
    expect(after!.expiresAt.getTime()).toBe(before!.expiresAt.getTime());
  });

  it("the tab's clinic travels as a connection parameter; a clinic the user is not in is refused", async () => {
    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["admin"]);
    const cookie = s.headers.get("cookie")!;
    expect(await firstEvent("visit.liveFeed", cookie, { clinic: clinic.id })).toEqual([]);
    const elsewhere = await makeClinic();
    await expect(firstEvent("visit.liveFeed", cookie, { clinic: elsewhere.id })).rejects.toThrow();
  });
});
