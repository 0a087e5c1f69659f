import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";

import type { Actor } from "../../actor";
import { logger } from "../../logger";

export interface AuditInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  clinicId?: string | null;
  outcome?: "success" | "denied" | "error";
  detail?: Record<string, unknown>;
}

/**
 * Writes audit events with the caller's transaction, so the access and its record
 * commit or roll back together. Failures propagate: PHI access is never unaudited.
 */
export async function recordAudit(db: DbOrTx, actor: Actor, events: AuditInput | AuditInput[]) {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  await db.insert(schema.auditEvent).values(
    list.map((e) => ({
      clinicId: e.clinicId ?? actor.clinicId,
      actorUserId: actor.userId,
      actorKind: actor.kind,
      actorRoles: actor.roles,
      patientId: e.patientId ?? null,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId ?? null,
      outcome: e.outcome ?? "success",
      requestId: actor.meta.requestId,
      ipAddress: actor.meta.ipAddress,
      userAgent: actor.meta.userAgent,
      detail: e.detail ?? null,
    })),
  );
}

/**
 * Writes a refusal's audit rows after the refused request's transaction has rolled back.
 * The refusal is still returned to the caller if this fails, but the failure is reported.
 */
export async function recordDenial(db: DbOrTx, denial: { actor: Actor; events: AuditInput[] }) {
  try {
    await recordAudit(db, denial.actor, denial.events);
  } catch (error) {
    logger.error({ action: denial.events[0]?.action, err: error }, "audit: a denial could not be recorded");
  }
}
