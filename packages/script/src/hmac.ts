/**
 * Message authentication between Clearwell and the pharmacy network, both directions: HMAC-SHA256
 * over "<timestamp>.<raw body>" with a shared secret. The timestamp (ms since the epoch) is signed,
 * so a captured request cannot be replayed outside a 5-minute window; inside it, receivers dedupe
 * on the SCRIPT MessageID (DOMAIN §5.3), so a replay is answered like the original, never
 * processed twice. Comparison is constant-time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const TIMESTAMP_HEADER = "x-clearwell-timestamp";
export const SIGNATURE_HEADER = "x-clearwell-signature";
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;
const PREFIX = "v1=";

type Body = string | Uint8Array;

function mac(secret: string, timestampMs: number, body: Body): Buffer {
  if (!secret) throw new Error("signing secret is empty");
  const h = createHmac("sha256", secret);
  h.update(`${timestampMs}.`);
  h.update(body);
  return h.digest();
}

/** "v1=<hex HMAC-SHA256(secret, `${timestampMs}.${body}`)>" */
export function signMessage(secret: string, timestampMs: number, body: Body): string {
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) throw new Error("timestamp must be a non-negative integer (ms)");
  return PREFIX + mac(secret, timestampMs, body).toString("hex");
}

/** Both headers for a request carrying `body`, signed at `nowMs`. */
export function signedHeaders(secret: string, body: Body, nowMs: number = Date.now()): Record<typeof TIMESTAMP_HEADER | typeof SIGNATURE_HEADER, string> {
  const ts = Math.floor(nowMs);
  return { [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signMessage(secret, ts, body) };
}

export type SignatureFailure = "missing" | "malformed" | "stale" | "mismatch";
export type VerifyResult = { ok: true; timestampMs: number } | { ok: false; reason: SignatureFailure };

/** Fetch `Headers`, Node's IncomingHttpHeaders, or a plain record (names compared case-insensitively). */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : rec[key];
  // A repeated header is ambiguous: refuse rather than pick one.
  return Array.isArray(v) ? (v.length === 1 ? v[0] : "\u0000") : v;
}

export function verifySignature(secret: string, headers: HeaderSource, body: Body, nowMs: number = Date.now(), windowMs: number = SIGNATURE_WINDOW_MS): VerifyResult {
  const ts = header(headers, TIMESTAMP_HEADER);
  const sig = header(headers, SIGNATURE_HEADER);
  if (ts === undefined || sig === undefined) return { ok: false, reason: "missing" };
  if (!/^\d{1,16}$/.test(ts) || !/^v1=[0-9a-f]{64}$/.test(sig)) return { ok: false, reason: "malformed" };
  const timestampMs = Number(ts);
  if (Math.abs(nowMs - timestampMs) > windowMs) return { ok: false, reason: "stale" };
  const expected = mac(secret, timestampMs, body);
  const given = Buffer.from(sig.slice(PREFIX.length), "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "mismatch" };
  return { ok: true, timestampMs };
}
