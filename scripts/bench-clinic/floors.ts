// The raw-SQL floor of each read: the least a hand-written query needs to return the same rows as
// the service (one statement, bounded on both ends and by clinic), and the same statement with the
// request's audit row inserted by it ("floor + audit"). They run as the application role.
import type { Sql } from "postgres";

export interface Actor {
  userId: string;
  clinicId: string;
  roles: string[];
}

/** The longest visit the clinic settings allow (240 min): a range read never looks further back. */
const MAX_VISIT = "interval '240 minutes'";

function auditCte(sql: Sql, actor: Actor, action: string, resourceType: string, patientId: string | null, patientIdsFrom: string | null) {
  const ids = patientIdsFrom ? sql.unsafe(`(select array_agg(distinct patient_id) from ${patientIdsFrom})`) : sql`null::uuid[]`;
  return sql`audit as (insert into audit_event (clinic_id, actor_user_id, actor_kind, actor_roles, patient_id, patient_ids, action, resource_type, resource_id, outcome, request_id, user_agent)
    select ${actor.clinicId}::uuid, ${actor.userId}, 'staff', ${sql.array(actor.roles)}::text[], ${patientId}::uuid, ${ids}, ${action}, ${resourceType}, ${patientId}, 'success', 'bench-floor', 'bench'
    returning 1)`;
}

const TIMELINE_ACTIONS_SQL = `('intake.start','intake.review','alert.raise','appointment.book','appointment.reschedule','appointment.cancel','patient.enrol','patient.create',
  'invitation.accept','profile.update','care_team.claim','care_team.assign','care_team.remove','appointment.confirm','appointment.no_show','alert.acknowledge',
  'alert.escalate','alert.resolve','outreach.record','care_team.on_call','note.sign','note.addendum','note.discard','decision.record','decision.co_sign',
  'decision.co_sign_decline','questionnaire.submit','questionnaire.enter')`;

/** The chart as one JSON document: header (if assigned), care team, latest intake and review, scores, visits, open alerts, timeline. */
export function chartFloor(sql: Sql, actor: Actor, patientId: string, withAudit: boolean) {
  const body = sql`select json_build_object(
      'header', (select row_to_json(p) from patient p where p.id = ${patientId} and p.clinic_id = ${actor.clinicId}
        and (exists (select 1 from care_team_member ct where ct.patient_id = p.id and ct.user_id = ${actor.userId})
          or exists (select 1 from appointment ap where ap.patient_id = p.id and ap.provider_user_id = ${actor.userId} and ap.status <> 'cancelled'))),
      'careTeam', (select json_agg(t order by t.role, t.name) from (select ct.user_id, ct.role, u.name, u.email, pp.credentials from care_team_member ct
        join "user" u on u.id = ct.user_id left join provider_profile pp on pp.user_id = ct.user_id where ct.clinic_id = ${actor.clinicId} and ct.patient_id = ${patientId}) t),
      'intake', (select row_to_json(i) from (select i.id, i.version, i.answers, i.screening, i.most_restrictive_effect, i.crisis_pathway, i.submitted_at, r.*
        from intake i left join lateral (select r.created_at as reviewed_at, u.name as reviewer_name, r.note, r.released_for_scheduling, r.risk_assessment
          from intake_review r join "user" u on u.id = r.reviewer_user_id where r.intake_id = i.id and r.clinic_id = ${actor.clinicId} order by r.created_at desc limit 1) r on true
        where i.patient_id = ${patientId} and i.clinic_id = ${actor.clinicId} and i.submitted_at is not null order by i.version desc limit 1) i),
      'scores', (select json_agg(q order by q.completed_at) from (select id, instrument, total, severity, item9_positive, context, completed_at
        from questionnaire_response where patient_id = ${patientId} and clinic_id = ${actor.clinicId}) q),
      'appointments', (select json_agg(a order by a.starts_at desc) from (select a.id, a.kind, a.status, a.starts_at, a.ends_at, a.patient_state, u.name as provider_name
        from appointment a join "user" u on u.id = a.provider_user_id where a.patient_id = ${patientId} and a.clinic_id = ${actor.clinicId}) a),
      'alerts', (select json_agg(s) from (select s.*, u.name as owner_name from safety_alert s left join "user" u on u.id = s.owner_user_id
        where s.clinic_id = ${actor.clinicId} and s.patient_id = ${patientId} and s.status <> 'resolved'
        order by case s.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end, s.created_at desc) s),
      'timeline', (select json_agg(t) from (
        (select e.occurred_at as at, e.action, e.actor_kind, u.name as actor_name, e.detail from audit_event e left join "user" u on u.id = e.actor_user_id
          where e.patient_id = ${patientId} and e.clinic_id = ${actor.clinicId} and e.outcome = 'success' and e.action in ${sql.unsafe(TIMELINE_ACTIONS_SQL)}
          order by e.occurred_at desc limit 100)
        union all
        (select i.submitted_at, 'intake.submit', 'patient', null, jsonb_build_object('version', i.version) from intake i
          where i.patient_id = ${patientId} and i.clinic_id = ${actor.clinicId} and i.submitted_at is not null order by i.submitted_at desc limit 100)
        union all
        (select coalesce(v.ended_at, a.ends_at), 'visit.complete', 'staff', u.name, jsonb_build_object('appointmentId', a.id, 'kind', a.kind)
          from appointment a join "user" u on u.id = a.provider_user_id left join visit v on v.appointment_id = a.id and v.clinic_id = a.clinic_id
          where a.patient_id = ${patientId} and a.clinic_id = ${actor.clinicId} and a.status = 'completed' order by a.starts_at desc limit 100)
        order by 1 desc limit 100) t)
    ) as chart`;
  if (!withAudit) return body;
  return sql`with ${auditCte(sql, actor, "chart.read", "patient", patientId, null)} ${body}, (select count(*) from audit) as audited`;
}

/** A week of appointments: the provider's own (providerUserId) or the clinic's, bounded on both ends of the range. */
export function weekFloor(sql: Sql, actor: Actor, from: Date, to: Date, providerUserId: string | null, withAudit: boolean) {
  const rows = sql`select a.id, a.kind, a.status, a.starts_at, a.ends_at, a.patient_state, a.patient_id, p.given_name, p.family_name, p.mrn, a.provider_user_id, u.name as provider_name
    from appointment a join patient p on p.id = a.patient_id and p.clinic_id = a.clinic_id join "user" u on u.id = a.provider_user_id
    where a.clinic_id = ${actor.clinicId} ${providerUserId ? sql`and a.provider_user_id = ${providerUserId}` : sql``}
      and a.starts_at >= ${from}::timestamptz - ${sql.unsafe(MAX_VISIT)} and a.starts_at < ${to} and a.ends_at >= ${from}`;
  if (!withAudit) return sql`${rows} order by a.starts_at`;
  return sql`with shown as (${rows}), ${auditCte(sql, actor, "schedule.read", "patient_list", null, "shown")}
    select shown.*, (select count(*) from audit) as audited from shown order by starts_at`;
}

/** The dashboard's three lists in one statement: today's visits, intakes awaiting review (25), open alerts (25). */
export function dashboardFloor(sql: Sql, actor: Actor, dayStart: Date, dayEnd: Date, withAudit: boolean) {
  const mine = sql`(exists (select 1 from care_team_member ct where ct.patient_id = p.id and ct.user_id = ${actor.userId})
    or exists (select 1 from appointment ap where ap.patient_id = p.id and ap.provider_user_id = ${actor.userId} and ap.status <> 'cancelled'))`;
  const body = sql`select
    (select json_agg(t order by t.starts_at) from (select a.id, a.kind, a.status, a.starts_at, a.ends_at, a.patient_id, p.given_name, p.family_name, p.mrn, u.name as provider_name
      from appointment a join patient p on p.id = a.patient_id and p.clinic_id = a.clinic_id join "user" u on u.id = a.provider_user_id
      where a.clinic_id = ${actor.clinicId} and a.provider_user_id = ${actor.userId}
        and a.starts_at >= ${dayStart}::timestamptz - ${sql.unsafe(MAX_VISIT)} and a.starts_at < ${dayEnd} and a.ends_at >= ${dayStart}) t) as today,
    (select json_agg(r) from (select p.id, p.given_name, p.family_name, p.mrn, p.updated_at,
        (select max(i.submitted_at) from intake i where i.patient_id = p.id and i.clinic_id = p.clinic_id) as submitted_at, ${mine} as mine,
        (select u.name from care_team_member ct join "user" u on u.id = ct.user_id where ct.patient_id = p.id and ct.clinic_id = p.clinic_id and ct.role <> 'care_coordinator' order by ct.created_at limit 1) as clinician_name
      from patient p where p.clinic_id = ${actor.clinicId} and p.status = 'intake_submitted'
        and (not exists (select 1 from care_team_member ct where ct.patient_id = p.id and ct.clinic_id = p.clinic_id and ct.role <> 'care_coordinator') or ${mine})
      order by p.updated_at limit 25) r) as awaiting,
    (select json_agg(s) from (select s.id, s.type, s.severity, s.status, s.summary, s.created_at, s.patient_id, p.given_name, p.family_name
      from safety_alert s join patient p on p.id = s.patient_id and p.clinic_id = s.clinic_id
      where s.clinic_id = ${actor.clinicId} and s.status <> 'resolved' and s.severity in ('critical', 'high', 'medium')
        and exists (select 1 from care_team_member ct where ct.patient_id = s.patient_id and ct.clinic_id = s.clinic_id and ct.user_id = ${actor.userId})
      order by case s.severity when 'critical' then 0 when 'high' then 1 else 2 end, s.created_at desc limit 25) s) as alerts`;
  if (!withAudit) return body;
  // The service writes one row for today's list and one for the rest; the floor one for the request.
  return sql`with ${auditCte(sql, actor, "dashboard.read", "patient_list", null, null)} ${body}, (select count(*) from audit) as audited`;
}

/** The first page of the patient list (no total: a keyset page needs none). */
export function patientListFloor(sql: Sql, actor: Actor, pageSize: number, withAudit: boolean) {
  const rows = sql`select id, mrn, given_name, family_name, preferred_name, date_of_birth, state_of_residence, status, email, phone, id as patient_id
    from patient where clinic_id = ${actor.clinicId} order by family_name, given_name, id limit ${pageSize}`;
  if (!withAudit) return rows;
  return sql`with shown as (${rows}), ${auditCte(sql, actor, "patient.list", "patient_list", null, "shown")}
    select shown.*, (select count(*) from audit) as audited from shown order by family_name, given_name, id`;
}

/**
 * The floor of an authenticated request that reads nothing else (session.me, the "stack" read): the
 * session by its token with its user and the user's clinic memberships, in one statement. No audit:
 * session.me reads no patient data, so "floor + audit" is the same statement.
 */
export function sessionFloor(sql: Sql, token: string) {
  return sql`select s.id, s.expires_at, s.created_at, u.id as user_id, u.name, u.email, u.kind, u.two_factor_enabled,
      (select json_agg(m order by m.clinic_name) from (select cm.clinic_id, c.name as clinic_name, c.timezone, cm.role
        from clinic_membership cm join clinic c on c.id = cm.clinic_id where cm.user_id = u.id) m) as memberships
    from session s join "user" u on u.id = s.user_id
    where s.token = ${token} and s.expires_at > now() and u.deactivated_at is null`;
}
