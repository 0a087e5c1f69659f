import { createHash, randomInt, timingSafeEqual } from "node:crypto";

import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, desc, eq } from "drizzle-orm";

/** A support code is good for 15 minutes and 5 tries (issue 13 §4; the table's CHECKs agree). */
export const CODE_TTL_MS = 15 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;

const c = schema.supportConfirmation;

/** sha256 of the 6-digit code salted with its row id (so equal codes never share a hash). */
export const codeHash = (code: string, id: string) => createHash("sha256").update(`${code}:${id}`).digest("hex");

export const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, "0");

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export type CodeCheck =
  | { ok: true; confirmationId: string }
  | { ok: false; reason: "wrong" | "burned" | "expired" | "used" | "superseded" | "none"; message: string; attemptsLeft?: number };

const ASK_AGAIN = "Ask your support person to tap “I'm with them now” again for a new code.";

/**
 * Checks the code the patient typed at the gate against this session's confirmations (the
 * caller holds the session lock). A match on a live code uses it (once, trigger-enforced); a
 * reused, replaced, expired or burned code is refused in plain words; a wrong code counts against
 * the live confirmation, which burns after 5 wrong tries. Another patient's code never matches:
 * only this session's rows are compared.
 */
export async function verifySupportCode(tx: DbOrTx, session: { clinicId: string; id: string }, code: string, now: Date): Promise<CodeCheck> {
  const rows = await tx
    .select()
    .from(c)
    .where(and(eq(c.clinicId, session.clinicId), eq(c.doseSessionId, session.id)))
    .orderBy(desc(c.createdAt))
    .limit(50)
    .for("no key update");
  const match = rows.find((row) => same(codeHash(code, row.id), row.codeHash));
  if (match) {
    if (match.usedAt) return { ok: false, reason: "used", message: `This code was already used. ${ASK_AGAIN}` };
    if (match.supersededAt) return { ok: false, reason: "superseded", message: `A newer code was asked for since: use the newest code your support person sees. ${ASK_AGAIN}` };
    if (match.attempts >= CODE_MAX_ATTEMPTS) return { ok: false, reason: "burned", message: `Too many wrong codes were entered. ${ASK_AGAIN}` };
    if (match.expiresAt <= now) return { ok: false, reason: "expired", message: `This code has expired (codes last 15 minutes). ${ASK_AGAIN}` };
    await tx.update(c).set({ usedAt: now }).where(eq(c.id, match.id));
    return { ok: true, confirmationId: match.id };
  }
  const live = rows.find((row) => !row.usedAt && !row.supersededAt);
  if (!live) return { ok: false, reason: "none", message: `That code is not right, and no code is waiting for this session. ${ASK_AGAIN}` };
  if (live.attempts >= CODE_MAX_ATTEMPTS) return { ok: false, reason: "burned", message: `Too many wrong codes were entered. ${ASK_AGAIN}` };
  if (live.expiresAt <= now) return { ok: false, reason: "expired", message: `That code is not right, and the code waiting for this session has expired. ${ASK_AGAIN}` };
  const attempts = live.attempts + 1;
  await tx.update(c).set({ attempts }).where(eq(c.id, live.id));
  const left = CODE_MAX_ATTEMPTS - attempts;
  if (left <= 0) return { ok: false, reason: "burned", message: `That code is not right, and that was the last try. ${ASK_AGAIN}` };
  return { ok: false, reason: "wrong", message: `That code is not right. Check it with your support person and try again (${left} ${left === 1 ? "try" : "tries"} left).`, attemptsLeft: left };
}
