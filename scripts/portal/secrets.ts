// The local portal's own secrets. `start` serves production builds, which refuse the development
// defaults (AUTH_SECRET, the LiveKit --dev key pair, RX_SIGNING_KEY, the pharmacy network secret),
// so each checkout makes its own once and keeps them beside its database in .data/ (git-ignored,
// readable by the owner only). A variable set in the environment wins over the file.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const SECRET_NAMES = ["AUTH_SECRET", "RX_SIGNING_KEY", "PHARMACY_SHARED_SECRET", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"] as const;
export type PortalSecrets = Record<(typeof SECRET_NAMES)[number], string>;

const fresh: Record<keyof PortalSecrets, () => string> = {
  AUTH_SECRET: () => randomBytes(36).toString("base64url"),
  // An Ed25519 private key as its base64 32-byte seed (packages/api/src/services/prescription/signing-key.ts).
  RX_SIGNING_KEY: () => randomBytes(32).toString("base64"),
  PHARMACY_SHARED_SECRET: () => randomBytes(32).toString("hex"),
  LIVEKIT_API_KEY: () => `clearwell-${randomBytes(4).toString("hex")}`,
  // Production wants 32 characters or more.
  LIVEKIT_API_SECRET: () => randomBytes(36).toString("base64url"),
};

/** Reads the file, adds any secret it lacks (written back), then lets non-empty environment variables override. */
export function loadPortalSecrets(file: string, env: NodeJS.ProcessEnv = process.env): PortalSecrets {
  let stored: Partial<PortalSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<PortalSecrets>;
  const missing = SECRET_NAMES.filter((k) => typeof stored[k] !== "string" || !stored[k]);
  if (missing.length) {
    for (const k of missing) stored[k] = fresh[k]();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const out = {} as PortalSecrets;
  for (const k of SECRET_NAMES) out[k] = env[k] || stored[k]!;
  return out;
}
