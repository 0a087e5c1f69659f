// Which AUTH_SECRET the portal runs with. The seed encrypts each demo staff member's TOTP secret
// with it, so the apps must use the one the database was seeded with. Databases seeded before
// `start` served production builds used the development default, which production refuses: those
// keep working in --dev mode instead of being thrown away.
import { authEnv } from "@clearwell/auth/env";
import type { Database } from "@clearwell/db/client";
import { demoTotpSecrets } from "@clearwell/seed";

/** The development default of packages/auth (what AUTH_SECRET is when unset). */
export function developmentAuthSecret(): string {
  const saved = process.env.AUTH_SECRET;
  delete process.env.AUTH_SECRET;
  try {
    return authEnv().AUTH_SECRET;
  } finally {
    if (saved !== undefined) process.env.AUTH_SECRET = saved;
  }
}

/** "empty": no demo staff seeded yet; "fits": their TOTP secrets open with `secret`; "other": they do not. */
export async function seededWith(db: Database, secret: string): Promise<"empty" | "fits" | "other"> {
  try {
    return (await demoTotpSecrets(db, secret)).length ? "fits" : "empty";
  } catch {
    return "other";
  }
}

export type SecretChoice = { secret: string; devOnly: boolean } | { error: string };

/**
 * The portal's own secret when the database is new or was seeded with it; the development default
 * (which only --dev accepts) when the database was seeded with that; otherwise a plain refusal.
 */
export async function authSecretFor(db: Database, portalSecret: string, dataHint: string): Promise<SecretChoice> {
  const dev = developmentAuthSecret();
  if (portalSecret === dev) return { secret: dev, devOnly: true };
  if ((await seededWith(db, portalSecret)) !== "other") return { secret: portalSecret, devOnly: false };
  if ((await seededWith(db, dev)) === "fits") return { secret: dev, devOnly: true };
  return {
    error: `The demo data in this database was seeded with another AUTH_SECRET, so staff sign-in codes cannot be read. Set AUTH_SECRET to the one it was seeded with, or start from an empty database (${dataHint}).`,
  };
}
