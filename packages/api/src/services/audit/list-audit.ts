import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, desc, eq, gte, lt, lte, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { recordAudit } from "./record-audit";

export interface AuditQuery {
  patientId?: string;
  actorUserId?: string;
  action?: string;
  outcome?: "success" | "denied" | "error";
  from?: Date;
  to?: Date;
  cursor?: number;
  limit: number;
}

/**
 * The clinic's audit log for its admins (DOMAIN.md §1 "View audit log: own clinic"),
 * newest first, keyset-paged on id. Names come from joins, not per-row lookups.
 */
export async function listAudit(db: Database, actor: Actor, clinicId: string, q: AuditQuery) {
  const a = schema.auditEvent;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: a.id,
        occurredAt: a.occurredAt,
        action: a.action,
        outcome: a.outcome,
        resourceType: a.resourceType,
        resourceId: a.resourceId,
        actorUserId: a.actorUserId,
        actorKind: a.actorKind,
        actorRoles: a.actorRoles,
        actorName: schema.user.name,
        patientId: a.patientId,
        patientName: sql<string | null>`${schema.patient.givenName} || ' ' || ${schema.patient.familyName}`,
        patientMrn: schema.patient.mrn,
        ipAddress: a.ipAddress,
        userAgent: a.userAgent,
        requestId: a.requestId,
        detail: a.detail,
      })
      .from(a)
      .leftJoin(schema.user, eq(schema.user.id, a.actorUserId))
      .leftJoin(schema.patient, and(eq(schema.patient.id, a.patientId), eq(schema.patient.clinicId, clinicId)))
      .where(
        and(
          eq(a.clinicId, clinicId),
          q.patientId ? eq(a.patientId, q.patientId) : undefined,
          q.actorUserId ? eq(a.actorUserId, q.actorUserId) : undefined,
          q.action ? sql`${a.action} like ${`${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined,
          q.outcome ? eq(a.outcome, q.outcome) : undefined,
          q.from ? gte(a.occurredAt, q.from) : undefined,
          q.to ? lte(a.occurredAt, q.to) : undefined,
          q.cursor ? lt(a.id, q.cursor) : undefined,
        ),
      )
      .orderBy(desc(a.id))
      .limit(q.limit + 1);
    const items = rows.slice(0, q.limit);
    await recordAudit(tx, actor, {
      action: "audit.list",
      resourceType: "audit_event",
      detail: { filters: { ...q, cursor: undefined, limit: undefined }, returned: items.length },
    });
    return { items, nextCursor: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
  });
}
