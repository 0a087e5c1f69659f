import type { TotpStepResult } from "@clearwell/auth/reauth";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";

import type { Actor } from "../actor";
import { denied } from "../errors";
import type { AuditInput } from "./audit/record-audit";

/**
 * A TOTP code checked for the EPCS steps that need a *fresh* one (1311.125(a) approval of access
 * changes; 1311.140 signing): the 30-second step it matched, so the step can be spent once.
 */
/** Checks `code` against `userId`'s verified TOTP secret (packages/auth verifyTotpStep bound to the app's auth). */
export type TotpStepVerifier = (userId: string, code: string) => Promise<TotpStepResult>;

/**
 * Checks the code before any transaction opens, so a wrong code's lockout count survives the
 * refusal (as requireReauth). A wrong code is refused and audited as `event` denied; a lockout it
 * causes is audited too. Returns the matched step for `spendTotpStep` inside the transaction.
 */
export async function checkFreshTotp(verify: TotpStepVerifier, actor: Actor, code: string, event: AuditInput): Promise<number> {
  const result = await verify(actor.userId!, code);
  if (result.ok) return result.step;
  const message =
    result.reason === "locked"
      ? "Too many failed attempts: your account is locked for a while. Try again later or reset your password."
      : result.reason === "no_totp"
        ? "Set up an authenticator app (Account → Security) first: this step needs a code from it."
        : "That code is not right, or it has expired. Enter the current code from your authenticator app.";
  const error = denied(actor, { ...event, detail: { ...event.detail, reason: `totp_${result.reason}` } }, "STEP_UP_REQUIRED", message);
  if (result.lockedNow) error.denial!.events.push({ action: "auth.locked_out", resourceType: "session", outcome: "denied", detail: { during: event.action } });
  throw error;
}

/**
 * Spends the step in the caller's transaction (totp_step_use primary key (user, step)): a code is
 * accepted once, so a code seen over a shoulder or replayed from a captured request is refused.
 * A concurrent request with the same code waits on the key and is then refused. The refusal is
 * audited as `epcs.totp.replay` (flagged by the daily EPCS review) beside `event` denied.
 */
export async function spendTotpStep(tx: DbOrTx, actor: Actor, step: number, purpose: string, event: AuditInput) {
  const [row] = await tx
    .insert(schema.totpStepUse)
    .values({ userId: actor.userId!, timeStep: step, purpose })
    .onConflictDoNothing()
    .returning({ step: schema.totpStepUse.timeStep });
  if (row) return;
  const error = denied(actor, { ...event, detail: { ...event.detail, reason: "totp_replayed" } }, "STEP_UP_REQUIRED", "This code has already been used. Wait for the next code from your authenticator app and enter that.");
  error.denial!.events.push({ action: "epcs.totp.replay", resourceType: "user", resourceId: actor.userId, outcome: "denied", detail: { purpose } });
  throw error;
}
