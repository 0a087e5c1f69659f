import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TAlertListInput } from "@clearwell/validators/alert";
import { type SQL, and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import type { Actor } from "../../actor";
import { recordAudit, recordListRead } from "../audit/record-audit";
import { activeRegimenOf } from "../regimen/lifecycle";
import { denied } from "../../errors";
import { type AlertRow, type AlertView, assignedSql, isClinicOps, viewOf, visibleSql } from "./access";
import { allowedActions } from "./work";

const a = schema.safetyAlert;
const owner = alias(schema.user, "alert_owner");
const RANK = sql<number>`(case ${a.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end)`;
const UNRESOLVED = inArray(a.status, ["open", "acknowledged", "escalated"]);

/** The list row as the caller may see it (minimum necessary: the view decides every field). */
function rowFor(actor: Actor, r: { alert: AlertRow; assigned: boolean; patientName: string; mrn: string; ownerName: string | null }) {
  const view = viewOf(actor, r.alert, r.assigned)!;
  const x = r.alert;
  const full = view === "clinical";
  const restricted = view === "escalation";
  return {
    id: x.id,
    view,
    patient: { id: x.patientId, name: r.patientName, mrn: r.mrn },
    type: restricted ? null : x.type,
    severity: restricted ? null : x.severity,
    clinical: x.clinical,
    status: x.status,
    tier: x.tier,
    summary: full ? x.summary : x.neutralSummary,
    ownerUserId: x.ownerUserId,
    ownerName: r.ownerName,
    slaDueAt: x.status === "open" || x.status === "escalated" ? x.slaDueAt : null,
    createdAt: x.createdAt,
    acknowledgedAt: x.acknowledgedAt,
    escalatedAt: x.escalatedAt,
    resolvedAt: x.resolvedAt,
    resolutionCode: restricted ? null : x.resolutionCode,
    ...allowedActions(actor, x, view),
  };
}

function selectRows(db: DbOrTx, actor: Actor) {
  return db
    .select({
      alert: a,
      assigned: assignedSql(actor),
      patientName: sql<string>`coalesce(${schema.patient.preferredName}, ${schema.patient.givenName}) || ' ' || ${schema.patient.familyName}`,
      mrn: schema.patient.mrn,
      ownerName: owner.name,
    })
    .from(a)
    .innerJoin(schema.patient, and(eq(schema.patient.clinicId, a.clinicId), eq(schema.patient.id, a.patientId)))
    .leftJoin(owner, eq(owner.id, a.ownerUserId));
}

const SCOPE: Record<TAlertListInput["scope"], (actor: Actor) => SQL | undefined> = {
  mine: (actor) => and(UNRESOLVED, eq(a.ownerUserId, actor.userId ?? "")),
  open: () => UNRESOLVED,
  escalated: () => eq(a.status, "escalated"),
  resolved: () => eq(a.status, "resolved"),
};

/**
 * alert.list: one page of the inbox (DOMAIN.md §7), filtered in the query by what the caller may
 * see (§1: the patient's clinicians everything of their patients; admin and staff non-clinical alerts
 * and the escalation line of clinical ones). Open scopes: most severe first, then newest; resolved:
 * newest resolution first. Keyset pages. One audit row per request, naming the patients shown.
 */
export async function listAlerts(db: Database, actor: Actor, clinicId: string, input: TAlertListInput) {
  const limit = input.limit ?? 50;
  const resolved = input.scope === "resolved";
  const after = input.cursor ? cursorSql(input.cursor, resolved) : undefined;
  return db.transaction(async (tx) => {
    const rows = await selectRows(tx, actor)
      .where(and(eq(a.clinicId, clinicId), visibleSql(actor), SCOPE[input.scope](actor), input.patientId ? eq(a.patientId, input.patientId) : undefined, after))
      .orderBy(...(resolved ? [desc(a.resolvedAt), desc(a.id)] : [asc(RANK), desc(a.createdAt), desc(a.id)]))
      .limit(limit + 1);
    const page = rows.slice(0, limit).map((r) => rowFor(actor, { ...r, assigned: !!r.assigned }));
    const last = rows.length > limit ? rows[limit - 1]! : null;
    const nextCursor = last ? (resolved ? `${last.alert.resolvedAt!.toISOString()}~${last.alert.id}` : `${rankOf(last.alert.severity)}~${last.alert.createdAt.toISOString()}~${last.alert.id}`) : null;
    await recordListRead(tx, actor, { action: "alert.list", patientIds: page.map((r) => r.patient.id) });
    return { items: page, nextCursor };
  });
}

const rankOf = (s: AlertRow["severity"]) => ({ critical: 0, high: 1, medium: 2, low: 3 })[s];

function cursorSql(cursor: string, resolved: boolean): SQL {
  const parts = cursor.split("~");
  if (resolved) {
    const [at, id] = parts.length === 2 ? parts : [parts[1]!, parts[2]!];
    return sql`(${a.resolvedAt}, ${a.id}) < (${at}::timestamptz, ${id}::uuid)`;
  }
  const [rank, at, id] = parts.length === 3 ? parts : ["0", parts[0]!, parts[1]!];
  return sql`(${RANK} > ${Number(rank)} or (${RANK} = ${Number(rank)} and (${a.createdAt}, ${a.id}) < (${at}::timestamptz, ${id}::uuid)))`;
}

/**
 * alert.counts: the navigation badge (no patient data, so no audit row). Role-filtered like the
 * list; `critical` counts only alerts whose severity the caller may see.
 */
export async function alertCounts(db: Database, actor: Actor, clinicId: string) {
  const assigned = assignedSql(actor);
  const seesSeverity = isClinicOps(actor) ? sql`(${assigned} or not ${a.clinical})` : assigned;
  const [row] = await db
    .select({
      open: sql<number>`count(*)::int`,
      critical: sql<number>`(count(*) filter (where ${a.severity} = 'critical' and ${seesSeverity}))::int`,
      escalated: sql<number>`(count(*) filter (where ${a.status} = 'escalated'))::int`,
      mine: sql<number>`(count(*) filter (where ${a.ownerUserId} = ${actor.userId ?? ""}))::int`,
    })
    .from(a)
    .where(and(eq(a.clinicId, clinicId), UNRESOLVED, visibleSql(actor)));
  return row ?? { open: 0, critical: 0, escalated: 0, mine: 0 };
}

/**
 * alert.get: one alert as the caller may see it, with its history (who and when, never the
 * content), the resolution (clinical view: the linked note and outreach), and for the resolve
 * dialog the patient's signed notes and regimen. Audited as a read of the patient.
 */
export async function getAlert(db: Database, actor: Actor, clinicId: string, alertId: string) {
  return db.transaction(async (tx) => {
    const { alert, assigned, view } = await alertForRead(tx, actor, clinicId, alertId);
    const full = view === "clinical";
    const ev = schema.alertEvent;
    const evActor = alias(schema.user, "event_actor");
    const o = schema.outreachRecord;
    const n = schema.clinicalNote;
    const noteAuthor = alias(schema.user, "note_author");
    const [[head], events, outreach, notes, regimen, [resolvedBy]] = await Promise.all([
      selectRows(tx, actor).where(and(eq(a.clinicId, clinicId), eq(a.id, alert.id))),
      tx
        .select({ kind: ev.kind, fromStatus: ev.fromStatus, toStatus: ev.toStatus, tier: ev.tier, actorName: evActor.name, occurredAt: ev.occurredAt })
        .from(ev)
        .leftJoin(evActor, eq(evActor.id, ev.actorUserId))
        .where(and(eq(ev.clinicId, clinicId), eq(ev.alertId, alert.id), view === "escalation" ? ne(ev.kind, "routed") : undefined))
        .orderBy(asc(ev.occurredAt), asc(ev.id)),
      alert.outreachId
        ? tx
            .select({ method: o.method, reached: o.reached, riskAssessment: o.riskAssessment, plan: o.plan, authorName: schema.user.name, occurredAt: o.occurredAt })
            .from(o)
            .innerJoin(schema.user, eq(schema.user.id, o.authorUserId))
            .where(and(eq(o.clinicId, clinicId), eq(o.id, alert.outreachId)))
        : Promise.resolve([]),
      full
        ? tx
            .select({ id: n.id, kind: n.kind, signedAt: n.signedAt, authorName: noteAuthor.name })
            .from(n)
            .innerJoin(noteAuthor, eq(noteAuthor.id, n.authorUserId))
            .where(and(eq(n.clinicId, clinicId), eq(n.patientId, alert.patientId), eq(n.status, "signed")))
            .orderBy(desc(n.signedAt))
            .limit(20)
        : Promise.resolve([]),
      full ? activeRegimenOf(tx, clinicId, alert.patientId) : Promise.resolve(null),
      alert.resolvedByUserId ? tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, alert.resolvedByUserId)) : Promise.resolve([]),
    ]);
    await recordAudit(tx, actor, { action: "alert.read", resourceType: "safety_alert", resourceId: alert.id, patientId: alert.patientId, detail: { view } });
    const row = rowFor(actor, { ...head!, assigned });
    const out = outreach[0];
    const pausedBy = alert.type === "A1" ? "alert_A1" : alert.type === "A4" ? "alert_A4" : null;
    return {
      ...row,
      detail: full ? (alert.detail ?? null) : null,
      sourceType: view === "escalation" ? null : alert.sourceType,
      sourceId: full ? alert.sourceId : null,
      events,
      resolution:
        alert.status === "resolved" && view !== "escalation"
          ? {
              code: alert.resolutionCode ?? "legacy",
              comment: full ? alert.resolutionComment : null,
              noteId: full ? alert.resolutionNoteId : null,
              resolvedByName: resolvedBy?.name ?? null,
              outreach: out
                ? { ...out, riskAssessment: full ? out.riskAssessment : null, plan: full || !alert.clinical ? out.plan : null }
                : null,
            }
          : null,
      signedNotes: notes.map((x) => ({ ...x, signedAt: x.signedAt! })),
      regimen: regimen ? { id: regimen.id, status: regimen.status, pauseReason: regimen.pauseReason, pausedByThisRule: !!pausedBy && regimen.pauseReason === pausedBy } : null,
    };
  });
}

/** The alert with the caller's view of it; one they may not see is NOT_FOUND (its existence is not confirmed). */
async function alertForRead(tx: DbOrTx, actor: Actor, clinicId: string, alertId: string): Promise<{ alert: AlertRow; assigned: boolean; view: AlertView }> {
  const [row] = await tx
    .select({ alert: a, assigned: assignedSql(actor) })
    .from(a)
    .where(and(eq(a.clinicId, clinicId), eq(a.id, alertId)));
  const view = row ? viewOf(actor, row.alert, !!row.assigned) : null;
  if (!row || !view) {
    throw denied(actor, { action: "alert.read", resourceType: "safety_alert", resourceId: alertId, patientId: row?.alert.patientId ?? null }, "NOT_FOUND", "No such alert among those you may see.");
  }
  return { alert: row.alert, assigned: !!row.assigned, view };
}
