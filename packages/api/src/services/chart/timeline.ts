import { type SQL, sql } from "drizzle-orm";

/** How many entries the chart's timeline shows (newest first); older history stays in the audit log. */
export const TIMELINE_LIMIT = 100;

/**
 * Writes that belong on a clinical timeline (reads stay in the audit log). The intake's submission
 * and completed visits are not here: they come from their own records (timelineJson below).
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

// The actions are constants of this module (checked here), so they go into the statement's text
// instead of 28 parameters rebuilt on every chart read.
if (!TIMELINE_ACTIONS.every((a) => /^[a-z_.]+$/.test(a))) throw new Error("TIMELINE_ACTIONS: lower-case names only");
const ACTIONS_SQL = sql.raw(TIMELINE_ACTIONS.map((a) => `'${a}'`).join(", "));
const LIMIT_SQL = sql.raw(String(TIMELINE_LIMIT));

/**
 * The chart's timeline as a JSON array expression, for the chart's one statement (chart.ts): three
 * bounded parts (each newest first, LIMIT 100, on an index that starts with the patient) united
 * and cut to the newest 100. Writes come from the audit trail; the intake's submissions and the
 * completed visits from their own records, with the time the record itself holds (when the
 * patient pressed Submit, when the visit ended): the instant the chart's other sections show, so
 * no view puts an intake on another day than the timeline does.
 */
export function timelineJson(clinicId: string, patientId: string): SQL {
  // audit_event_timeline_idx (patient_id, action, occurred_at desc) where outcome = 'success': the
  // patient's writes only, so the audit rows of reads (one per chart opened) never slow this down.
  // intake_patient_version_uq (patient_id, version): a patient has a handful of versions.
  // appointment_patient_start_idx (patient_id, starts_at); the visit by its unique appointment_id,
  // at the end the provider pressed; a visit closed without a room at its booked end.
  return sql`(select coalesce(json_agg(json_build_object('at', t.at, 'action', t.action, 'actorKind', t.actor_kind, 'actorName', t.actor_name, 'detail', t.detail) order by t.at desc), '[]'::json)
    from ((select e.occurred_at as at, e.action, e.actor_kind, u.name as actor_name, e.detail
        from audit_event e left join "user" u on u.id = e.actor_user_id
        where e.patient_id = ${patientId} and e.clinic_id = ${clinicId} and e.outcome = 'success' and e.action in (${ACTIONS_SQL})
        order by e.occurred_at desc limit ${LIMIT_SQL})
      union all
      (select i.submitted_at, 'intake.submit', 'patient'::audit_actor_kind, null::text, jsonb_build_object('version', i.version)
        from intake i
        where i.patient_id = ${patientId} and i.clinic_id = ${clinicId} and i.submitted_at is not null
        order by i.submitted_at desc limit ${LIMIT_SQL})
      union all
      (select coalesce(v.ended_at, a.ends_at), 'visit.complete', 'staff'::audit_actor_kind, u.name,
          jsonb_build_object('appointmentId', a.id, 'kind', a.kind, 'modality', v.modality,
            'minutes', case when v.started_at is not null and v.ended_at is not null
              then greatest(1, round(extract(epoch from v.ended_at - v.started_at) / 60))::int end)
        from appointment a join "user" u on u.id = a.provider_user_id
        left join visit v on v.appointment_id = a.id and v.clinic_id = a.clinic_id
        where a.patient_id = ${patientId} and a.clinic_id = ${clinicId} and a.status = 'completed'
        order by a.starts_at desc limit ${LIMIT_SQL})
      order by 1 desc limit ${LIMIT_SQL}) t)`;
}

/** The timeline's JSON entries as the chart returns them. */
export function timelineEntries(json: Array<Omit<TimelineEntry, "at"> & { at: string }>): TimelineEntry[] {
  return json.map((r) => ({ ...r, at: new Date(r.at), detail: r.detail ?? null }));
}
