// Pure helpers of the clinic benchmark: percentiles, the staff TOTP code, the printed table.
import { createHmac } from "node:crypto";

/** The p-th percentile (0-1) of `sorted` (ascending), nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export interface Summary {
  requests: number;
  errors: number;
  median: number;
  p95: number;
  /** Requests per second over the segment. */
  rps: number;
}

export function summarize(latencies: number[], errors: number, seconds: number): Summary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: sorted.length, errors, median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), rps: sorted.length / seconds };
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret, as an authenticator app shows it. */
export function totp(base32Secret: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of base32Secret.replace(/=+$/, "").toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error("not a base32 secret");
    bits += v.toString(2).padStart(5, "0");
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

export interface Row {
  read: string;
  users: number;
  service: Summary;
  floor: Summary;
  floorAudit: Summary;
  serviceStatements: number;
  floorStatements: number;
  /** CPU time of the app's processes per service request in the run (Node's cost; null when not measured). */
  appCpuMs?: number | null;
}

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : "-");
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(1)}x` : "-");

/** A Markdown table: one line per read and concurrency. */
export function table(rows: readonly Row[]): string {
  const head = [
    "read",
    "users",
    "service med / p95 ms",
    "req/s",
    "floor med / p95 ms",
    "req/s",
    "floor+audit med / p95 ms",
    "req/s",
    "÷ floor (med / p95)",
    "÷ floor+audit (med / p95)",
    "stmts/req svc / floor",
    "app CPU ms/req",
    "errors",
  ];
  const lines = rows.map((r) => [
    r.read,
    String(r.users),
    `${ms(r.service.median)} / ${ms(r.service.p95)}`,
    r.service.rps.toFixed(0),
    `${ms(r.floor.median)} / ${ms(r.floor.p95)}`,
    r.floor.rps.toFixed(0),
    `${ms(r.floorAudit.median)} / ${ms(r.floorAudit.p95)}`,
    r.floorAudit.rps.toFixed(0),
    `${ratio(r.service.median, r.floor.median)} / ${ratio(r.service.p95, r.floor.p95)}`,
    `${ratio(r.service.median, r.floorAudit.median)} / ${ratio(r.service.p95, r.floorAudit.p95)}`,
    `${r.serviceStatements} / ${r.floorStatements}`,
    r.appCpuMs == null ? "-" : ms(r.appCpuMs),
    String(r.service.errors + r.floor.errors + r.floorAudit.errors),
  ]);
  return [head, head.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
