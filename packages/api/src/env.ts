import { z } from "zod";

/**
 * The api package's own settings, validated on first use (README "Configuration").
 *
 * RX_SIGNING_KEY: the Ed25519 key the server signs each prescription's canonical bytes with
 * (DOMAIN.md §5.1 1311.140(a)(6) "application digitally signs and archives"; §9 (c) integrity):
 * base64 of a PKCS#8 DER private key or of a 32-byte seed. Development and test fall back to a
 * fixed development key; production refuses a missing key and the development key.
 */
export const DEV_RX_SIGNING_KEY = "UfcNacaiq0EJoYreWQKO4k31dXBkeAAy5AsaC9S4McM=";

const ZApiEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  RX_SIGNING_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "RX_SIGNING_KEY must be base64 (a PKCS#8 DER Ed25519 key or a 32-byte seed)")
    .optional(),
});

export interface ApiEnv {
  nodeEnv: "development" | "test" | "production";
  rxSigningKey: string;
}

export function apiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const parsed = ZApiEnv.parse({ NODE_ENV: source.NODE_ENV || undefined, RX_SIGNING_KEY: source.RX_SIGNING_KEY || undefined });
  if (parsed.NODE_ENV === "production" && (!parsed.RX_SIGNING_KEY || parsed.RX_SIGNING_KEY === DEV_RX_SIGNING_KEY)) {
    throw new Error("RX_SIGNING_KEY must be set to a private Ed25519 key (base64 PKCS#8 or 32-byte seed) in production");
  }
  return { nodeEnv: parsed.NODE_ENV, rxSigningKey: parsed.RX_SIGNING_KEY ?? DEV_RX_SIGNING_KEY };
}
