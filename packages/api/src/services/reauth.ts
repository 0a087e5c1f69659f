import type { Reauth, ReauthResult, TwoFactorResult } from "@clearwell/auth/reauth";

import type { Actor } from "../actor";
import { denied } from "../errors";

/** Checks a re-authentication of `userId` (packages/auth verifyReauth bound to the app's auth). */
export type ReauthVerifier = (userId: string, reauth: Reauth) => Promise<ReauthResult>;

/**
 * DOMAIN.md §9 "re-auth before signing": the password or a current TOTP code, checked before any
 * transaction opens so that a wrong answer's lockout count survives the refusal. A missing or wrong
 * answer is refused and audited as denied on the resource being signed (a lockout it causes too).
 * `verb` completes "Re-enter your password or an authenticator code to …".
 */
export async function requireReauth(
  verify: ReauthVerifier,
  actor: Actor,
  reauth: Reauth | undefined,
  event: { action: string; resourceType: string; resourceId: string },
  verb: string,
) {
  if (!reauth) throw denied(actor, { ...event, detail: { reason: "reauth_missing" } }, "STEP_UP_REQUIRED", `Re-enter your password or an authenticator code to ${verb}.`);
  const result = await verify(actor.userId!, reauth);
  if (result.ok) return result.method;
  const message =
    result.reason === "locked"
      ? "Too many failed attempts: your account is locked for a while. Try again later or reset your password."
      : result.method === "password"
        ? "That password is not right."
        : "That code is not right, or it has expired.";
  const error = denied(actor, { ...event, detail: { reason: result.reason === "locked" ? "reauth_locked" : "reauth_failed", method: result.method } }, "STEP_UP_REQUIRED", message);
  if (result.lockedNow) error.denial!.events.push({ action: "auth.locked_out", resourceType: "session", outcome: "denied", detail: { during: event.action } });
  throw error;
}

/** Checks the password AND a TOTP code of `userId` (packages/auth verifyTwoFactors bound to the app's auth). */
export type TwoFactorVerifier = (userId: string, factors: { password: string; totp: string }) => Promise<TwoFactorResult>;

/**
 * EPCS two-factor signing (21 CFR 1311.115, 1311.140(a)(4)): the password and a current TOTP code,
 * both required, checked before any transaction opens so a wrong answer's lockout count survives
 * the refusal (as `requireReauth`). Refusals are audited as `event` denied; returns the TOTP time
 * step the code matched, which the caller records once (replay refused).
 */
export async function requireTwoFactors(verify: TwoFactorVerifier, actor: Actor, factors: { password: string; totp: string }, event: { action: string; resourceType: string; resourceId: string; patientId?: string }) {
  const result = await verify(actor.userId!, factors);
  if (result.ok) return result.totpStep;
  const message =
    result.reason === "locked"
      ? "Too many failed attempts: your account is locked for a while. Try again later or reset your password."
      : result.reason === "no_totp"
        ? "Set up an authenticator app (Account → Security): signing needs your password and a code from it."
        : result.failed.length === 2
          ? "That password and that code are not right."
          : result.failed[0] === "password"
            ? "That password is not right."
            : "That code is not right, or it has expired.";
  const reason = result.reason === "locked" ? "two_factor_locked" : result.reason === "no_totp" ? "totp_not_enrolled" : "two_factor_failed";
  const error = denied(actor, { ...event, detail: { reason, failed: result.failed } }, "STEP_UP_REQUIRED", message);
  if (result.lockedNow) error.denial!.events.push({ action: "auth.locked_out", resourceType: "session", outcome: "denied", detail: { during: event.action } });
  throw error;
}
