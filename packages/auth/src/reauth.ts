import { schema } from "@clearwell/db/client";
import { createOTP } from "@better-auth/utils/otp";
import { base32 } from "@better-auth/utils/base32";
import { symmetricDecrypt } from "better-auth/crypto";
import { and, eq } from "drizzle-orm";

import type { Auth } from "./index";
import { clearPasswordFailures, recordPasswordFailure } from "./index";
import { randomBytes, timingSafeEqual } from "node:crypto";

import { hashPassword, verifyPassword } from "./password";

/** A signer proves again who they are: the account password or a current TOTP code. */
export type Reauth = { password: string } | { totp: string };
export type ReauthMethod = "password" | "totp";

export type ReauthResult =
  | { ok: true; method: ReauthMethod }
  | { ok: false; method: ReauthMethod; reason: "wrong" | "locked"; lockedNow: boolean; lockedUntil: Date | null };

// better-auth stores some TOTP secrets base32-encoded behind this prefix (two-factor/totp).
const BASE32_PREFIX = "base32:";

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomBytes(32).toString("base64url")));

/**
 * Re-authentication of a signed-in user for a signing step (DOMAIN.md §9 "re-auth before signing";
 * the idle session alone is not enough). A wrong answer counts toward the account's sign-in lockout,
 * as a wrong password at sign-in does, and a locked account is refused without checking, so a stolen
 * session cannot guess the password here. Touches the database only through its own statements, so
 * the caller runs it outside its transaction: the failure count must survive the caller's rollback.
 */
export async function verifyReauth(auth: Auth, userId: string, reauth: Reauth): Promise<ReauthResult> {
  const { db, lockout } = auth.clearwell;
  const method: ReauthMethod = "password" in reauth ? "password" : "totp";
  const u = await db.query.user.findFirst({ where: eq(schema.user.id, userId), columns: { email: true, lockedUntil: true } });
  if (!u) return { ok: false, method, reason: "wrong", lockedNow: false, lockedUntil: null };
  if (u.lockedUntil && u.lockedUntil > new Date()) return { ok: false, method, reason: "locked", lockedNow: false, lockedUntil: u.lockedUntil };

  const ok = "password" in reauth ? await passwordMatches(auth, userId, reauth.password) : await totpMatches(auth, userId, reauth.totp);
  if (ok) {
    await clearPasswordFailures(db, u.email);
    return { ok: true, method };
  }
  const lockedNow = await recordPasswordFailure(db, u.email, lockout);
  return { ok: false, method, reason: lockedNow ? "locked" : "wrong", lockedNow, lockedUntil: null };
}

async function passwordMatches(auth: Auth, userId: string, password: string) {
  const account = await auth.clearwell.db.query.account.findFirst({
    where: and(eq(schema.account.userId, userId), eq(schema.account.providerId, "credential")),
    columns: { password: true },
  });
  // No credential account: still spend an argon2 verify, so timing tells nothing.
  return verifyPassword({ hash: account?.password ?? (await dummyHash()), password });
}

/** Checks a code against the user's verified TOTP secret the way better-auth's verify-totp does. */
async function totpMatches(auth: Auth, userId: string, code: string) {
  const row = await auth.clearwell.db.query.twoFactor.findFirst({ where: eq(schema.twoFactor.userId, userId), columns: { secret: true, verified: true } });
  if (!row || !row.verified) return false;
  const ctx = await auth.$context;
  const stored = await symmetricDecrypt({ key: ctx.secretConfig, data: row.secret });
  const secret = stored.startsWith(BASE32_PREFIX) ? base32.decode(stored.slice(BASE32_PREFIX.length).toUpperCase()) : stored;
  return createOTP(secret, { digits: 6, period: 30 }).verify(code);
}

export type TwoFactorResult =
  | { ok: true; totpStep: number }
  | { ok: false; reason: "wrong" | "locked" | "no_totp"; failed: ReauthMethod[]; lockedNow: boolean };

/**
 * Both factors at once, for EPCS signing and approvals (21 CFR 1311.115: two of known / held;
 * a password alone never signs): the password AND a current TOTP code. Returns the TOTP time step
 * the code matched, so the caller refuses a step already used (replay). A wrong answer counts once
 * toward the account's lockout, as in `verifyReauth`; a locked account is refused unchecked. Runs
 * outside the caller's transaction for the same reason.
 */
export async function verifyTwoFactors(auth: Auth, userId: string, factors: { password: string; totp: string }, now = new Date()): Promise<TwoFactorResult> {
  const { db, lockout } = auth.clearwell;
  const u = await db.query.user.findFirst({ where: eq(schema.user.id, userId), columns: { email: true, lockedUntil: true } });
  if (!u) return { ok: false, reason: "wrong", failed: ["password", "totp"], lockedNow: false };
  if (u.lockedUntil && u.lockedUntil > new Date()) return { ok: false, reason: "locked", failed: [], lockedNow: false };
  // Both are always checked (equal work whichever is wrong).
  const [passwordOk, step] = await Promise.all([passwordMatches(auth, userId, factors.password), totpStep(auth, userId, factors.totp, now)]);
  if (passwordOk && typeof step === "number") {
    await clearPasswordFailures(db, u.email);
    return { ok: true, totpStep: step };
  }
  const failed: ReauthMethod[] = [...(passwordOk ? [] : ["password" as const]), ...(typeof step === "number" ? [] : ["totp" as const])];
  const lockedNow = await recordPasswordFailure(db, u.email, lockout);
  return { ok: false, reason: lockedNow ? "locked" : step === "no_totp" ? "no_totp" : "wrong", failed, lockedNow };
}

export type TotpStepResult = { ok: true; step: number } | { ok: false; reason: "wrong" | "locked" | "no_totp"; lockedNow: boolean };

/**
 * A current TOTP code alone, with the step it matched, for EPCS steps that need a fresh code from the
 * device the person holds (1311.125(a): the approver of an access change "with 2FA"); the caller spends
 * the step so a code is accepted once. Lockout and "outside the caller's transaction" as verifyTwoFactors.
 */
export async function verifyTotpStep(auth: Auth, userId: string, code: string, now = new Date()): Promise<TotpStepResult> {
  const { db, lockout } = auth.clearwell;
  const u = await db.query.user.findFirst({ where: eq(schema.user.id, userId), columns: { email: true, lockedUntil: true } });
  if (!u) return { ok: false, reason: "wrong", lockedNow: false };
  if (u.lockedUntil && u.lockedUntil > new Date()) return { ok: false, reason: "locked", lockedNow: false };
  const step = await totpStep(auth, userId, code, now);
  if (typeof step === "number") {
    await clearPasswordFailures(db, u.email);
    return { ok: true, step };
  }
  const lockedNow = await recordPasswordFailure(db, u.email, lockout);
  return { ok: false, reason: lockedNow ? "locked" : step === "no_totp" ? "no_totp" : "wrong", lockedNow };
}

/** The 30-second step (now ±1, as better-auth accepts) a code matches, compared in constant time; null if none. */
async function totpStep(auth: Auth, userId: string, code: string, now: Date): Promise<number | null | "no_totp"> {
  const row = await auth.clearwell.db.query.twoFactor.findFirst({ where: eq(schema.twoFactor.userId, userId), columns: { secret: true, verified: true } });
  if (!row || !row.verified) return "no_totp";
  const ctx = await auth.$context;
  const stored = await symmetricDecrypt({ key: ctx.secretConfig, data: row.secret });
  const secret = stored.startsWith(BASE32_PREFIX) ? base32.decode(stored.slice(BASE32_PREFIX.length).toUpperCase()) : stored;
  const otp = createOTP(secret, { digits: 6, period: 30 });
  const counter = Math.floor(now.getTime() / 30_000);
  let matched: number | null = null;
  for (const c of [counter - 1, counter, counter + 1]) {
    const expected = await otp.hotp(c);
    const same = code.length === expected.length && timingSafeEqual(Buffer.from(code), Buffer.from(expected));
    if (same && matched === null) matched = c;
  }
  return matched;
}
