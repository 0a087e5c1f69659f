import { verifySignature } from "@clearwell/script";
import { describe, expect, it } from "vitest";

import { httpScriptTransport } from "./vendor";

// The built-in transport's classification (DOMAIN.md §5.3): what is delivered, what is retried with
// the same MessageID, what ends for good.
const SECRET = "unit-test-network-secret-0123456789abcdef";
const message = { messageId: "11111111-1111-4111-8111-111111111111", type: "NewRx" as const, toNcpdpId: "7654321", body: "<Message>…</Message>" };

function transportAnswering(answer: () => Response | Promise<Response>, seen: { headers?: Headers; body?: string } = {}, timeoutMs = 1000) {
  return httpScriptTransport({
    url: "http://network.test/script",
    secret: SECRET,
    timeoutMs,
    fetch: (async (_url: string, init: RequestInit) => {
      seen.headers = new Headers(init.headers);
      seen.body = init.body as string;
      return answer();
    }) as typeof fetch,
  });
}

const scriptError = (code: string) => `<Message xmlns="http://www.ncpdp.org/schema/SCRIPT"><Body><Error><Code>${code}</Code></Error></Body></Message>`;

describe("httpScriptTransport", () => {
  it("signs the exact bytes it sends (HMAC over timestamp and body)", async () => {
    const seen: { headers?: Headers; body?: string } = {};
    expect(await transportAnswering(() => new Response(null, { status: 202 }), seen).send(message)).toEqual({ kind: "delivered", status: 202 });
    expect(seen.body).toBe(message.body);
    expect(verifySignature(SECRET, seen.headers!, seen.body!).ok).toBe(true);
    expect(verifySignature(`${SECRET}x`, seen.headers!, seen.body!).ok).toBe(false);
  });

  it.each([
    [503, "retryable"],
    [500, "retryable"],
    [429, "retryable"],
    [408, "retryable"],
    [401, "retryable"],
    [400, "terminal"],
    [422, "terminal"],
  ])("HTTP %i -> %s", async (status, kind) => {
    expect(await transportAnswering(() => new Response("", { status })).send(message)).toMatchObject({ kind, error: `HTTP ${status}` });
  });

  it("a synchronous SCRIPT Error is classified by its code: 600/602 retry, 601/900 terminal", async () => {
    for (const code of ["600", "602"]) expect(await transportAnswering(() => new Response(scriptError(code), { status: 200 })).send(message)).toEqual({ kind: "retryable", error: `Error ${code}` });
    for (const code of ["601", "900"]) expect(await transportAnswering(() => new Response(scriptError(code), { status: 400 })).send(message)).toEqual({ kind: "terminal", error: `Error ${code}`, code });
  });

  it("a connection error or a timeout is retried", async () => {
    const refused = transportAnswering(() => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })));
    expect(await refused.send(message)).toEqual({ kind: "retryable", error: "network error ECONNREFUSED" });
    const slow = httpScriptTransport({
      url: "http://network.test/script",
      secret: SECRET,
      timeoutMs: 50,
      fetch: ((_u: string, init: RequestInit) =>
        new Promise((_r, reject) => init.signal!.addEventListener("abort", () => reject(new DOMException("aborted", "TimeoutError"))))) as typeof fetch,
    });
    expect(await slow.send(message)).toEqual({ kind: "retryable", error: "timeout after 50 ms" });
  });
});
