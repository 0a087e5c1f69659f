import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type SQL, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { logger } from "../../logger";

export interface AuditInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  /** A list read's patients (see recordListRead); the row's patient_id stays empty. */
  patientIds?: string[] | null;
  clinicId?: string | null;
  outcome?: "success" | "denied" | "error";
  detail?: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The roles an actor held, in one order whatever order the membership rows came in, so the same
 * person reads the same on every row (the sign-in hook in packages/auth sorts the same way).
 */
export const canonicalRoles = (roles: readonly string[]) => [...new Set(roles)].sort();

/**
 * A patient resource's id is its patient, also when access was refused: a denied chart.read names
 * the patient asked for (known from the request) even though nothing of the patient was read.
 */
function patientOf(e: AuditInput): string | null {
  if (e.patientId) return e.patientId;
  return e.resourceType === "patient" && e.resourceId && UUID.test(e.resourceId) ? e.resourceId : null;
}

/**
 * Writes audit events with the caller's transaction, so the access and its record
 * commit or roll back together. Failures propagate: PHI access is never unaudited.
 */
export async function recordAudit(db: DbOrTx, actor: Actor, events: AuditInput | AuditInput[]) {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  const roles = canonicalRoles(actor.roles);
  await db.insert(schema.auditEvent).values(
    list.map((e) => ({
      clinicId: e.clinicId ?? actor.clinicId,
      actorUserId: actor.userId,
      actorKind: actor.kind,
      actorRoles: roles,
      patientId: patientOf(e),
      patientIds: e.patientIds ?? null,
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
 * One audit row for one list request (patient list, schedule, dashboard, alert inbox), naming every
 * patient it showed in patient_ids (GIN-indexed: the audit log's patient filter finds it), instead of
 * a row per patient: a 20-provider week is one insert, not 801. Written even when nothing matched,
 * so every request is on record. Same transaction as the read, like recordAudit.
 */
export async function recordListRead(
  db: DbOrTx,
  actor: Actor,
  read: { action: string; patientIds: Iterable<string>; clinicId?: string | null; detail?: Record<string, unknown> },
) {
  const patientIds = [...new Set(read.patientIds)];
  await recordAudit(db, actor, {
    action: read.action,
    resourceType: "patient_list",
    clinicId: read.clinicId ?? null,
    patientIds,
    detail: { ...read.detail, shown: patientIds.length },
  });
}

/**
 * recordListRead's row as SQL, for a list read that writes it from inside its own statement (a
 * data-modifying CTE: the read and its record are one statement, one round trip, one snapshot).
 * `patientIds` is an SQL uuid[] of the patients the statement returns; the row's columns and
 * detail (`shown`) are recordListRead's. chain_seq, prev_hash and hash are the trigger's.
 */
export function listReadAuditSql(actor: Actor, read: { action: string; clinicId?: string | null; detail?: Record<string, unknown> }, patientIds: SQL): SQL {
  const roles = canonicalRoles(actor.roles);
  const rolesSql = roles.length ? sql`array[${sql.join(roles.map((r) => sql`${r}`), sql`, `)}]::text[]` : sql`'{}'::text[]`;
  return sql`insert into audit_event (clinic_id, actor_user_id, actor_kind, actor_roles, patient_id, patient_ids, action, resource_type, outcome,
      request_id, ip_address, user_agent, detail, chain_seq, prev_hash, hash)
    select ${read.clinicId ?? actor.clinicId}::uuid, ${actor.userId}, ${actor.kind}::audit_actor_kind, ${rolesSql}, null, s.ids, ${read.action}, 'patient_list', 'success',
      ${actor.meta.requestId}, ${actor.meta.ipAddress}, ${actor.meta.userAgent}, ${JSON.stringify(read.detail ?? {})}::jsonb || jsonb_build_object('shown', cardinality(s.ids)), 0, '', ''
    from (select coalesce(${patientIds}, '{}'::uuid[]) as ids) s
    returning 1 as n`;
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
