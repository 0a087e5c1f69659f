/**
 * A typed client for the simulator's control API and its /script endpoint, for tests and
 * benchmarks: every request is signed with the shared secret like the real traffic.
 */
import { signedHeaders } from "@clearwell/script";

import type { ModeRequest } from "./modes";
import type { SimStats } from "./stats";

export type { ModeRequest } from "./modes";
export type { MessageRecord, SimStats } from "./stats";

export interface SimControl {
  setMode(req: ModeRequest): Promise<{ mode: string; remaining: number; statusCode: string; answer: string }>;
  fill(req: { messageId: string; quantity: number | string; fillStatus?: "Dispensed" | "PartiallyDispensed"; dispensedDate?: string }): Promise<{ messageId: string; fillStatus: string }>;
  stats(messageIds?: readonly string[]): Promise<SimStats & { mode: { mode: string; remaining: number; statusCode: string; answer: string } }>;
  reset(): Promise<void>;
  /** POSTs a SCRIPT message to /script, signed (or not, to test refusals); returns the raw response. */
  sendScript(xml: string, opts?: { sign?: boolean; timestampMs?: number; secret?: string; timeoutMs?: number }): Promise<Response>;
}

export function simControl(baseUrl: string, secret: string): SimControl {
  const call = async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const text = body === undefined ? "" : JSON.stringify(body);
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(method === "POST" ? { "content-type": "application/json" } : {}), ...signedHeaders(secret, text) },
      ...(method === "POST" ? { body: text } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const out = await res.text();
    if (!res.ok) throw new Error(`pharmacy simulator ${method} ${path}: HTTP ${res.status} ${out.slice(0, 200)}`);
    return JSON.parse(out) as T;
  };
  return {
    setMode: (req) => call("POST", "/control/mode", req),
    fill: (req) => call("POST", "/control/fill", req),
    stats: (ids = []) => call("GET", `/control/stats${ids.length ? `?${ids.map((id) => `messageId=${encodeURIComponent(id)}`).join("&")}` : ""}`),
    reset: async () => void (await call("POST", "/control/reset", {})),
    sendScript: (xml, opts = {}) =>
      fetch(`${baseUrl}/script`, {
        method: "POST",
        headers: { "content-type": "application/xml; charset=utf-8", ...(opts.sign === false ? {} : signedHeaders(opts.secret ?? secret, xml, opts.timestampMs ?? Date.now())) },
        body: xml,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      }),
  };
}
