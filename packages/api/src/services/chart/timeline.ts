import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";

/** How many entries the chart's timeline shows (newest first); older history stays in the audit log. */
export const TIMELINE_LIMIT = 100;

/**
 * Writes that belong on a clinical timeline (reads stay in the audit log). The intake's submission
 * and completed visits are not here: they come from their own records (chartTimeline below).
 */
export const TIMELINE_ACTIONS = [
  "intake.start",
  "intake.review",
  "alert.raise",
  "appointment.book",
  "appointment.reschedule",
  "appointment.cancel",
  "patient.enrol",
  "patient.create",
  "invitation.accept",
  "profile.update",
  "care_team.claim",
  "care_team.assign",
  "care_team.remove",
  "appointment.confirm",
  "appointment.no_show",
  "alert.acknowledge",
  // Issue 13: the alert loop closing, and who was brought in to close it.
  "alert.escalate",
  "alert.resolve",
  "outreach.record",
  "care_team.on_call",
  "note.sign",
  "note.addendum",
  "note.discard",
  "decision.record",
  "decision.co_sign",
  "decision.co_sign_decline",
  "questionnaire.submit",
  "questionnaire.enter",
];

export interface TimelineEntry {
  at: Date;
  action: string;
  actorKind: "staff" | "patient" | "system" | "anonymous";
  actorName: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * The chart's timeline in one statement: three bounded parts (each newest first, LIMIT 100, on an
 * index that starts with the patient) united and cut to the newest 100. Writes come from the audit
 * trail; the intake's submissions and the completed visits from their own records, with the time
 * the record itself holds (when the patient pressed Submit, when the visit ended): the instant the
 * chart's other sections show, so no view puts an intake on another day than the timeline does.
 */
export async function chartTimeline(tx: DbOrTx, clinicId: string, patientId: string): Promise<TimelineEntry[]> {
  const a = schema.appointment;
  const v = schema.visit;
  // audit_event_timeline_idx (patient_id, action, occurred_at desc) where outcome = 'success': the
  // patient's writes only, so the audit rows of reads (one per chart opened) never slow this down.
  const audited = tx
    .select({
      at: schema.auditEvent.occurredAt,
      action: schema.auditEvent.action,
      actorKind: schema.auditEvent.actorKind,
      actorName: schema.user.name,
      detail: sql<Record<string, unknown> | null>`${schema.auditEvent.detail}`,
    })
    .from(schema.auditEvent)
    .leftJoin(schema.user, eq(schema.user.id, schema.auditEvent.actorUserId))
    .where(
      and(
        eq(schema.auditEvent.patientId, patientId),
        eq(schema.auditEvent.clinicId, clinicId),
        eq(schema.auditEvent.outcome, "success"),
        inArray(schema.auditEvent.action, TIMELINE_ACTIONS),
      ),
    )
    .orderBy(desc(schema.auditEvent.occurredAt))
    .limit(TIMELINE_LIMIT);
  // intake_patient_version_uq (patient_id, version): a patient has a handful of versions.
  const submissions = tx
    .select({
      at: sql<Date>`${schema.intake.submittedAt}`,
      action: sql<string>`'intake.submit'`,
      actorKind: sql<"patient">`'patient'::audit_actor_kind`,
      actorName: sql<string | null>`null::text`,
      detail: sql<Record<string, unknown> | null>`jsonb_build_object('version', ${schema.intake.version})`,
    })
    .from(schema.intake)
    .where(and(eq(schema.intake.patientId, patientId), eq(schema.intake.clinicId, clinicId), isNotNull(schema.intake.submittedAt)))
    .orderBy(desc(schema.intake.submittedAt))
    .limit(TIMELINE_LIMIT);
  // appointment_patient_start_idx (patient_id, starts_at); the visit by its unique appointment_id.
  // At the end the provider pressed; a visit closed without a room at its booked end.
  const visits = tx
    .select({
      at: sql<Date>`coalesce(${v.endedAt}, ${a.endsAt})`,
      action: sql<string>`'visit.complete'`,
      actorKind: sql<"staff">`'staff'::audit_actor_kind`,
      actorName: sql<string | null>`${schema.user.name}`,
      detail: sql<Record<string, unknown> | null>`jsonb_build_object(
        'appointmentId', ${a.id}, 'kind', ${a.kind}, 'modality', ${v.modality},
        'minutes', case when ${v.startedAt} is not null and ${v.endedAt} is not null
          then greatest(1, round(extract(epoch from ${v.endedAt} - ${v.startedAt}) / 60))::int end)`,
    })
    .from(a)
    .innerJoin(schema.user, eq(schema.user.id, a.providerUserId))
    .leftJoin(v, and(eq(v.appointmentId, a.id), eq(v.clinicId, a.clinicId)))
    .where(and(eq(a.patientId, patientId), eq(a.clinicId, clinicId), eq(a.status, "completed")))
    .orderBy(desc(a.startsAt))
    .limit(TIMELINE_LIMIT);
  const rows = await unionAll(audited, submissions, visits).orderBy(sql`1 desc`).limit(TIMELINE_LIMIT);
  // Each part's column decides how its values are read; the first part's (a timestamptz column) reads all.
  return rows.map((r) => ({ ...r, at: r.at instanceof Date ? r.at : new Date(r.at), detail: r.detail ?? null }));
}
