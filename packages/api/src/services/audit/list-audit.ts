import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, desc, eq, gte, lt, lte, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { recordAudit } from "./record-audit";
import { findAuditPatient } from "./patients";

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

const a = schema.auditEvent;

/**
 * Every event about one patient: their own rows (btree on patient_id) and the list reads that showed
 * them (GIN on patient_ids). Postgres ORs the two index scans, so this stays fast on a large log.
 */
export const aboutPatient = (patientId: string) => sql`(${a.patientId} = ${patientId} or ${a.patientIds} @> array[${patientId}]::uuid[])`;

/**
 * The clinic's audit log for its admins (DOMAIN.md §1 "View audit log: own clinic"),
 * newest first, keyset-paged on id (no count of the whole log). Names come from joins,
 * not per-row lookups.
 */
export async function listAudit(db: Database, actor: Actor, clinicId: string, q: AuditQuery) {
  // A list read found through the patient filter is shown as that patient's row.
  const shownPatient = q.patientId ? sql`coalesce(${a.patientId}, ${q.patientId}::uuid)` : sql`${a.patientId}`;
  return db.transaction(async (tx) => {
    const [rows, patient] = await Promise.all([
      tx
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
          patientId: sql<string | null>`${shownPatient}`,
          patientName: sql<string | null>`${schema.patient.givenName} || ' ' || ${schema.patient.familyName}`,
          patientMrn: schema.patient.mrn,
          listedCount: sql<number | null>`cardinality(${a.patientIds})`,
          ipAddress: a.ipAddress,
          userAgent: a.userAgent,
          requestId: a.requestId,
          detail: a.detail,
        })
        .from(a)
        .leftJoin(schema.user, eq(schema.user.id, a.actorUserId))
        .leftJoin(schema.patient, and(eq(schema.patient.clinicId, clinicId), sql`${schema.patient.id} = ${shownPatient}`))
        .where(
          and(
            eq(a.clinicId, clinicId),
            q.patientId ? aboutPatient(q.patientId) : undefined,
            q.actorUserId ? eq(a.actorUserId, q.actorUserId) : undefined,
            q.action ? sql`${a.action} like ${`${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined,
            q.outcome ? eq(a.outcome, q.outcome) : undefined,
            q.from ? gte(a.occurredAt, q.from) : undefined,
            q.to ? lte(a.occurredAt, q.to) : undefined,
            q.cursor ? lt(a.id, q.cursor) : undefined,
          ),
        )
        .orderBy(desc(a.id))
        .limit(q.limit + 1),
      q.patientId ? findAuditPatient(tx, clinicId, q.patientId) : Promise.resolve(null),
    ]);
    const items = rows.slice(0, q.limit);
    await recordAudit(tx, actor, {
      action: "audit.list",
      resourceType: "audit_event",
      // The filtered patient's demographics were shown: the row names them.
      patientId: patient?.id ?? null,
      detail: { filters: { ...q, cursor: undefined, limit: undefined }, returned: items.length },
    });
    return { items, nextCursor: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null, patient };
  });
}
