import { createHmac } from "node:crypto";

import type { Page } from "@playwright/test";

export const E2E_PROVIDER_URL = "http://localhost:3200";
export const E2E_PATIENT_URL = "http://localhost:3201";
/** The browser tests' own LiveKit server (tcp +1, udp +2), apart from the portal's 7880. */
export const E2E_LIVEKIT_PORT = 7970;
export const E2E_LIVEKIT_URL = `ws://127.0.0.1:${E2E_LIVEKIT_PORT}`;
// The apps run with NODE_ENV=production, which refuses --dev's key pair.
export const E2E_LIVEKIT_KEY = "e2e-key";
export const E2E_LIVEKIT_SECRET = "e2e-livekit-secret-0123456789abcdefghijkl";
export const E2E_AUTH_SECRET = "e2e-only-secret-0123456789abcdefghijklmnop";
/** The apps run with NODE_ENV=production, which refuses a missing RX_SIGNING_KEY: an e2e-only Ed25519 seed. */
export const E2E_RX_SIGNING_KEY = "uPHrKqw+Wv9+x6jhXMuC1wp71FLxVXlaEIzZplLUA0M=";
export const E2E_DATABASE = "clearwell_e2e";
export const DEMO_PASSWORD = "Clearwell-demo-2026";
/** The browser tests' pharmacy simulator (apps/pharmacy-sim), apart from the portal's 7400. */
export const E2E_PHARMACY_SIM_PORT = 7401;
export const E2E_PHARMACY_SIM_URL = `http://127.0.0.1:${E2E_PHARMACY_SIM_PORT}`;
// The apps run with NODE_ENV=production, which refuses the development shared secret.
export const E2E_PHARMACY_SECRET = "e2e-pharmacy-network-secret-0123456789abcdef";
export const E2E_PHARMACY_SIM_DATABASE = "clearwell_e2e_pharmacy_sim";

/** The e2e database on DATABASE_URL's server, or on the embedded server (port EMBEDDED_PG_PORT). */
export function e2eDatabaseUrl(): string {
  const base = process.env.DATABASE_URL ?? `postgres://postgres:clearwell-dev@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/clearwell`;
  const url = new URL(base);
  url.pathname = `/${E2E_DATABASE}`;
  return url.toString();
}

/**
 * The visible alert with this text. Next.js renders an empty role="alert" route announcer
 * on every page, so a bare getByRole("alert") matches two elements.
 */
export function alert(page: Page, text: RegExp) {
  return page.getByRole("alert").filter({ hasText: text });
}

/**
 * The current TOTP code of a seeded staff account (RFC 6238, SHA-1, 6 digits, 30 s), from the
 * secrets global-setup read out of the seeded database: every staff member has a second factor.
 */
export function staffTotp(email: string, at = Date.now()): string {
  const secrets = JSON.parse(process.env.E2E_TOTP_SECRETS ?? "{}") as Record<string, string>;
  const secret = secrets[email];
  if (!secret) throw new Error(`no TOTP secret seeded for ${email}`);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secret.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/** After "Sign in" on the provider app: the second-factor step every staff account has. */
export async function completeSecondFactor(page: Page, email: string) {
  await page.waitForURL(/\/sign-in\/two-factor/);
  await page.getByLabel("Authentication code").fill(staffTotp(email));
  await page.getByRole("button", { name: "Verify" }).click();
  // Signed in once the portal has left the sign-in pages (a navigation before that would be overtaken).
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}
