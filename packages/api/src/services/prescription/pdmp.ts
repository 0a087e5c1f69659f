import { createHash } from "node:crypto";

import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { PdmpAttemptRecord } from "@clearwell/db/schema";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { canonicalJson } from "../note/canonical";

const p = schema.pdmpCheck;
const SCOPE = "prescription.pdmp";
/** A time a little ahead of the server's clock is a clock difference; further ahead is a typing error. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface RecordPdmpInput {
  patientId: string;
  state: string;
  result: "reviewed" | "unavailable";
  checkedAt?: Date | undefined;
  interpretation?: string | undefined;
  attempts?: { at: Date; reason: string }[] | undefined;
  idempotencyKey?: string | undefined;
}

export type PdmpRowWithName = typeof p.$inferSelect & { checkedByName: string };

export function pdmpView(r: PdmpRowWithName) {
  return {
    id: r.id,
    state: r.state,
    result: r.result,
    checkedAt: r.checkedAt,
    checkedBy: { userId: r.checkedByUserId, name: r.checkedByName },
    interpretation: r.interpretation,
    attempts: r.attempts ?? [],
    createdAt: r.createdAt,
  };
}

/**
 * prescription.recordPdmp (DOMAIN.md §4.3 "PDMP: record state/time/result/user"; §4.5 "PDMP result
 * and interpretation" recorded): reviewed at a time (default now) with the interpretation, or
 * unavailable with each attempt (time, reason; who = the signed-in clinician). Append-only: a new
 * check is a new row. Times in the future are refused. A retry with the same key records one row.
 */
export async function recordPdmp(db: Database, actor: Actor, clinicId: string, input: RecordPdmpInput, now = new Date()) {
  return db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, input.patientId, "pdmp.record");
    const hash = createHash("sha256").update(canonicalJson({ ...input, idempotencyKey: undefined })).digest("hex");
    if (input.idempotencyKey) {
      const keyWhere = and(eq(schema.idempotencyKey.userId, actor.userId!), eq(schema.idempotencyKey.scope, SCOPE), eq(schema.idempotencyKey.key, input.idempotencyKey));
      const [claimed] = await tx.insert(schema.idempotencyKey).values({ userId: actor.userId!, scope: SCOPE, key: input.idempotencyKey, requestHash: hash }).onConflictDoNothing().returning();
      if (!claimed) {
        const [prior] = await tx.select().from(schema.idempotencyKey).where(keyWhere);
        if (prior?.requestHash !== hash) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This request key was already used for another PDMP record.");
        const id = (prior.response as { id: string }).id;
        const [row] = await tx
          .select({ check: p, checkedByName: schema.user.name })
          .from(p)
          .innerJoin(schema.user, eq(schema.user.id, p.checkedByUserId))
          .where(and(eq(p.clinicId, clinicId), eq(p.patientId, input.patientId), eq(p.id, id)));
        await recordAudit(tx, actor, { action: "prescription.read", resourceType: "pdmp_check", resourceId: id, patientId: input.patientId, detail: { replay: "pdmp.record" } });
        return pdmpView({ ...row!.check, checkedByName: row!.checkedByName });
      }
    }
    const latestAllowed = now.getTime() + CLOCK_SKEW_MS;
    const attempts: PdmpAttemptRecord[] = (input.attempts ?? []).map((a) => ({ at: a.at.toISOString(), reason: a.reason, by: actor.userId! }));
    if ((input.checkedAt && input.checkedAt.getTime() > latestAllowed) || (input.attempts ?? []).some((a) => a.at.getTime() > latestAllowed)) {
      throw new DomainError("BAD_INPUT", "A PDMP check or attempt cannot be in the future.", [input.checkedAt && input.checkedAt.getTime() > latestAllowed ? "checkedAt" : "attempts"]);
    }
    if (input.result === "unavailable" && attempts.length === 0) throw new DomainError("BAD_INPUT", "Record each attempt to reach the PDMP: when, and why it failed.", ["attempts"]);
    const checkedAt =
      input.result === "reviewed" ? (input.checkedAt ?? now) : new Date(Math.max(...(input.attempts ?? []).map((a) => a.at.getTime())));
    const [row] = await tx
      .insert(p)
      .values({
        clinicId,
        patientId: input.patientId,
        state: input.state,
        result: input.result,
        checkedAt,
        checkedByUserId: actor.userId!,
        interpretation: input.interpretation?.trim() ? input.interpretation.trim() : null,
        attempts: input.result === "unavailable" ? attempts : [],
        createdAt: now,
      })
      .returning();
    if (input.idempotencyKey) {
      await tx
        .update(schema.idempotencyKey)
        .set({ response: { id: row!.id } })
        .where(and(eq(schema.idempotencyKey.userId, actor.userId!), eq(schema.idempotencyKey.scope, SCOPE), eq(schema.idempotencyKey.key, input.idempotencyKey)));
    }
    const [me] = await tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, actor.userId!));
    // Result and state only: the interpretation is clinical content (admins read the audit log).
    await recordAudit(tx, actor, { action: "pdmp.record", resourceType: "pdmp_check", resourceId: row!.id, patientId: input.patientId, detail: { state: input.state, result: input.result, attempts: attempts.length } });
    return pdmpView({ ...row!, checkedByName: me?.name ?? "" });
  });
}
