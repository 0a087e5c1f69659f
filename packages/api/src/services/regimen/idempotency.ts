import { createHash } from "node:crypto";

import { canonicalJson } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";

const k = schema.idempotencyKey;

export interface IdempotentCall {
  scope: string;
  key: string;
  /** The request without its key: the same key with another request is refused. */
  request: unknown;
  /** Whose data the answer holds: a replay is a read of it (audited). */
  patientId: string;
}

const hashOf = (v: unknown) => createHash("sha256").update(canonicalJson(v)).digest("hex");

/**
 * Claims a user-retryable write's key in the caller's transaction (idempotency_key). Returns
 * `{ replay }` with the answer the first request gave when this is a retry; `null` when this request
 * is the first (a replay is audited as a read). The same key with a different request is refused. A key claimed by a request still
 * in flight waits on its row (the insert blocks until that transaction ends).
 */
export async function claimIdempotency<T>(tx: DbOrTx, actor: Actor, c: IdempotentCall): Promise<{ replay: T } | null> {
  const requestHash = hashOf(c.request);
  const [claimed] = await tx.insert(k).values({ userId: actor.userId!, scope: c.scope, key: c.key, requestHash }).onConflictDoNothing().returning({ key: k.key });
  if (claimed) return null;
  const [prior] = await tx
    .select()
    .from(k)
    .where(and(eq(k.userId, actor.userId!), eq(k.scope, c.scope), eq(k.key, c.key)));
  if (!prior || prior.requestHash !== hashOf(c.request) || prior.response == null) {
    throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This request key was already used for a different request. Reload the page and try again.");
  }
  await recordAudit(tx, actor, { action: `${c.scope}.replay`, resourceType: "idempotency_key", resourceId: c.scope, patientId: c.patientId });
  return { replay: superjson.deserialize(prior.response as Parameters<typeof superjson.deserialize>[0]) as T };
}

/** Stores the answer to replay for the claimed key (dates and all, through superjson). */
export async function storeIdempotentResponse(tx: DbOrTx, actor: Actor, c: Pick<IdempotentCall, "scope" | "key">, response: unknown) {
  await tx
    .update(k)
    .set({ response: superjson.serialize(response) })
    .where(and(eq(k.userId, actor.userId!), eq(k.scope, c.scope), eq(k.key, c.key)));
}

/** Gives the key back (a refused request that decided nothing may be retried with it). */
export async function releaseIdempotency(tx: DbOrTx, actor: Actor, c: Pick<IdempotentCall, "scope" | "key">) {
  await tx.delete(k).where(and(eq(k.userId, actor.userId!), eq(k.scope, c.scope), eq(k.key, c.key)));
}
