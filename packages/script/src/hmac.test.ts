import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";

import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signMessage, signedHeaders, verifySignature } from "./hmac";

const secret = "test-shared-secret-0123456789";
const body = '<Message xmlns="http://www.ncpdp.org/schema/SCRIPT">é</Message>';
const now = 1_790_000_000_000;

describe("signMessage", () => {
  it("is v1= HMAC-SHA256 over '<timestamp>.<body>' in hex", () => {
    const expected = createHmac("sha256", secret).update(`${now}.${body}`).digest("hex");
    expect(signMessage(secret, now, body)).toBe(`v1=${expected}`);
    expect(signMessage(secret, now, Buffer.from(body))).toBe(`v1=${expected}`);
  });
  it("refuses an empty secret and a bad timestamp", () => {
    expect(() => signMessage("", now, body)).toThrow();
    expect(() => signMessage(secret, 1.5, body)).toThrow();
    expect(() => signMessage(secret, -1, body)).toThrow();
  });
});

describe("verifySignature", () => {
  const headers = signedHeaders(secret, body, now);

  it("accepts a fresh signature (plain record, Node-style arrays, fetch Headers; any header case)", () => {
    expect(verifySignature(secret, headers, body, now)).toEqual({ ok: true, timestampMs: now });
    expect(verifySignature(secret, { "X-Clearwell-Timestamp": [headers[TIMESTAMP_HEADER]], "X-CLEARWELL-SIGNATURE": headers[SIGNATURE_HEADER] }, body, now).ok).toBe(true);
    expect(verifySignature(secret, new Headers(headers), body, now + 60_000).ok).toBe(true);
  });

  it("accepts inside the 5-minute window both ways, refuses outside as stale", () => {
    expect(verifySignature(secret, headers, body, now + 5 * 60_000).ok).toBe(true);
    expect(verifySignature(secret, headers, body, now - 5 * 60_000).ok).toBe(true);
    expect(verifySignature(secret, headers, body, now + 5 * 60_000 + 1)).toEqual({ ok: false, reason: "stale" });
    expect(verifySignature(secret, headers, body, now - 5 * 60_000 - 1)).toEqual({ ok: false, reason: "stale" });
  });

  it("refuses a changed body, another secret, a moved timestamp", () => {
    expect(verifySignature(secret, headers, `${body} `, now)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature("another-secret-0123456789", headers, body, now)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(secret, { ...headers, [TIMESTAMP_HEADER]: String(now + 1) }, body, now)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses missing, repeated and malformed headers", () => {
    expect(verifySignature(secret, {}, body, now)).toEqual({ ok: false, reason: "missing" });
    expect(verifySignature(secret, { [TIMESTAMP_HEADER]: headers[TIMESTAMP_HEADER] }, body, now)).toEqual({ ok: false, reason: "missing" });
    expect(verifySignature(secret, { ...headers, [SIGNATURE_HEADER]: [headers[SIGNATURE_HEADER], headers[SIGNATURE_HEADER]] }, body, now).ok).toBe(false);
    for (const sig of ["", "v0=" + "a".repeat(64), "v1=" + "A".repeat(64), "v1=" + "a".repeat(63), headers[SIGNATURE_HEADER].slice(3)])
      expect(verifySignature(secret, { ...headers, [SIGNATURE_HEADER]: sig }, body, now)).toEqual({ ok: false, reason: "malformed" });
    for (const ts of ["", "abc", "-1", "1e12", String(now) + ".5"])
      expect(verifySignature(secret, { ...headers, [TIMESTAMP_HEADER]: ts }, body, now)).toEqual({ ok: false, reason: "malformed" });
  });
});
