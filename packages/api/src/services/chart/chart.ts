import { type CrisisContext, ageOn, releaseBlockers, transitionOnboarding } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TRiskAssessment } from "@clearwell/validators/intake";
import { type SQL, and, eq, isNotNull, not, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedToSql } from "./access";
import { type TimelineEntry, timelineEntries, timelineJson } from "./timeline";

export { TIMELINE_ACTIONS } from "./timeline";

/**
 * DOMAIN.md §1 "Read clinical chart: A (assigned patients)". A clinician is assigned through the
 * care team or a (not cancelled) appointment with the patient; a new patient's first clinician takes them on
 * explicitly (care_team.claim). Anything else is NOT_FOUND and audited as denied.
 */
export async function assignedPatient(tx: DbOrTx, actor: Actor, clinicId: string, patientId: string, action: string) {
  const [row] = await tx
    .select({ patient: schema.patient, assigned: assignedToSql(actor.userId, sql.raw(`"patient"."id"`)) })
    .from(schema.patient)
    .where(and(eq(schema.patient.clinicId, clinicId), eq(schema.patient.id, patientId)));
  if (!row?.assigned) {
    throw denied(actor, { action, resourceType: "patient", resourceId: patientId }, "NOT_FOUND", "No such patient among your patients.");
  }
  return row.patient;
}

/**
 * calendarDateIn (@clearwell/clinical) with its Intl.DateTimeFormat kept per time zone: building the
 * formatter on every call was 2-3 % of a chart request's Node CPU in the issue 14 profile
 * (scripts/bench-clinic/in-process.ts). Same options, same answer.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function todayIn(timeZone: string, now: Date): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    // A clinic's zone is one of a handful; the bound only guards against an unexpected spread.
    if (dayFormats.size < 100) dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const get = (t: string) => parts.find((x) => x.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

const iso = (v: string) => new Date(v);
const isoOrNull = (v: string | null) => (v === null ? null : new Date(v));

// A type, not an interface: execute() wants rows indexable by column name.
type ChartRow = {
  id: string;
  mrn: string;
  given_name: string;
  preferred_name: string | null;
  family_name: string;
  date_of_birth: string;
  state_of_residence: string;
  timezone: string;
  status: (typeof schema.patientStatus.enumValues)[number];
  support_person_name: string | null;
  support_person_relationship: string | null;
  support_person_phone: string | null;
  emergency_contact_name: string | null;
  emergency_contact_relationship: string | null;
  emergency_contact_phone: string | null;
  clinic_timezone: string;
  assigned: boolean;
  // The sections as JSON (timestamps as ISO strings); null when the reader is not assigned.
  care_team: Array<{ userId: string; role: (typeof schema.careTeamRole.enumValues)[number]; name: string; email: string; credentials: string | null }> | null;
  intake: {
    id: string;
    version: number;
    answers: Record<string, unknown>;
    screening: Record<string, unknown> | null;
    mostRestrictiveEffect: string | null;
    crisisPathway: boolean;
    submittedAt: string | null;
    review: {
      reviewedAt: string;
      reviewerName: string;
      note: string | null;
      releasedForScheduling: boolean;
      suicideRisk: "low" | "moderate" | "high" | null;
      riskSummary: string | null;
    } | null;
  } | null;
  scores: Array<{
    id: string;
    instrument: "phq9" | "gad7";
    total: number;
    severity: string;
    item9Positive: boolean;
    context: "intake" | "check_in" | "visit";
    completedAt: string;
  }> | null;
  appointments: Array<{
    id: string;
    kind: (typeof schema.appointment.kind.enumValues)[number];
    status: (typeof schema.appointment.status.enumValues)[number];
    startsAt: string;
    endsAt: string;
    patientState: string;
    providerName: string;
  }> | null;
  alerts: Array<{
    id: string;
    clinicId: string;
    patientId: string;
    type: string;
    severity: (typeof schema.alertSeverity.enumValues)[number];
    status: (typeof schema.alertStatus.enumValues)[number];
    summary: string;
    sourceType: string;
    sourceId: string | null;
    detail: Record<string, unknown> | null;
    acknowledgedAt: string | null;
    acknowledgedByUserId: string | null;
    resolvedAt: string | null;
    resolvedByUserId: string | null;
    createdAt: string;
    updatedAt: string;
    ownerUserId: string | null;
    ownerName: string | null;
    tier: number;
    clinical: boolean;
    slaDueAt: string | null;
    escalatedAt: string | null;
  }> | null;
  timeline: Array<Omit<TimelineEntry, "at"> & { at: string }> | null;
};

/**
 * The chart in one statement (issue 14): the access check, the clinic's time zone and every
 * section, each built as JSON by the database; a section is read only when the reader is
 * assigned. Column names are written out because Drizzle's builder cost more Node CPU than the
 * reads themselves (the profile); chart.int.test.ts checks every section against the schema.
 */
function chartStatement(userId: string | null, clinicId: string, patientId: string): SQL {
  const c = clinicId;
  const p = patientId;
  return sql`select pt.id, pt.mrn, pt.given_name, pt.preferred_name, pt.family_name, pt.date_of_birth, pt.state_of_residence, pt.timezone, pt.status,
      pt.support_person_name, pt.support_person_relationship, pt.support_person_phone,
      pt.emergency_contact_name, pt.emergency_contact_relationship, pt.emergency_contact_phone,
      cl.timezone as clinic_timezone, acc.assigned,
      case when acc.assigned then (select coalesce(json_agg(json_build_object('userId', ct.user_id, 'role', ct.role, 'name', u.name, 'email', u.email, 'credentials', pp.credentials) order by ct.role, u.name), '[]'::json)
        from care_team_member ct join "user" u on u.id = ct.user_id left join provider_profile pp on pp.user_id = ct.user_id
        where ct.clinic_id = ${c} and ct.patient_id = ${p}) end as care_team,
      -- The latest submitted intake with its latest review (intake_review_intake_idx), who wrote it and the note.
      case when acc.assigned then (select json_build_object('id', i.id, 'version', i.version, 'answers', i.answers, 'screening', i.screening,
          'mostRestrictiveEffect', i.most_restrictive_effect, 'crisisPathway', i.crisis_pathway, 'submittedAt', i.submitted_at,
          'review', (select json_build_object('reviewedAt', r.created_at, 'reviewerName', ru.name, 'note', r.note, 'releasedForScheduling', r.released_for_scheduling,
              'suicideRisk', r.risk_assessment->>'suicideRisk', 'riskSummary', r.risk_assessment->>'summary')
            from intake_review r join "user" ru on ru.id = r.reviewer_user_id
            where r.intake_id = i.id and r.clinic_id = ${c} order by r.created_at desc limit 1))
        from intake i where i.patient_id = ${p} and i.clinic_id = ${c} and i.submitted_at is not null order by i.version desc limit 1) end as intake,
      case when acc.assigned then (select coalesce(json_agg(json_build_object('id', q.id, 'instrument', q.instrument, 'total', q.total, 'severity', q.severity,
          'item9Positive', q.item9_positive, 'context', q.context, 'completedAt', q.completed_at) order by q.completed_at, q.instrument), '[]'::json)
        from questionnaire_response q where q.patient_id = ${p} and q.clinic_id = ${c}) end as scores,
      case when acc.assigned then (select coalesce(json_agg(json_build_object('id', a.id, 'kind', a.kind, 'status', a.status, 'startsAt', a.starts_at, 'endsAt', a.ends_at,
          'patientState', a.patient_state, 'providerName', u.name) order by a.starts_at desc), '[]'::json)
        from appointment a join "user" u on u.id = a.provider_user_id where a.patient_id = ${p} and a.clinic_id = ${c}) end as appointments,
      -- The open-alert banner (issue 13): each with its owner, tier and SLA, most severe first.
      case when acc.assigned then (select coalesce(json_agg(json_build_object('id', sa.id, 'clinicId', sa.clinic_id, 'patientId', sa.patient_id, 'type', sa.type,
          'severity', sa.severity, 'status', sa.status, 'summary', sa.summary, 'sourceType', sa.source_type, 'sourceId', sa.source_id, 'detail', sa.detail,
          'acknowledgedAt', sa.acknowledged_at, 'acknowledgedByUserId', sa.acknowledged_by_user_id, 'resolvedAt', sa.resolved_at, 'resolvedByUserId', sa.resolved_by_user_id,
          'createdAt', sa.created_at, 'updatedAt', sa.updated_at, 'ownerUserId', sa.owner_user_id, 'ownerName', ou.name, 'tier', sa.tier, 'clinical', sa.clinical,
          'slaDueAt', sa.sla_due_at, 'escalatedAt', sa.escalated_at)
          order by case sa.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end, sa.created_at desc), '[]'::json)
        from safety_alert sa left join "user" ou on ou.id = sa.owner_user_id
        where sa.clinic_id = ${c} and sa.patient_id = ${p} and sa.status <> 'resolved') end as alerts,
      case when acc.assigned then ${timelineJson(c, p)} end as timeline
    from patient pt join clinic cl on cl.id = pt.clinic_id
    cross join lateral (select ${assignedToSql(userId, sql.raw("pt.id"))} as assigned) acc
    where pt.clinic_id = ${c} and pt.id = ${p}`;
}

/**
 * Everything about one patient for the treating clinician: header, latest intake with flags and
 * review, scores, appointments, open alerts and a timeline, in one statement (chartStatement).
 */
export async function getChart(db: Database, actor: Actor, clinicId: string, patientId: string) {
  return db.transaction(async (tx) => {
    // Round trips (issue 14): begin; the chart and its audit row sent together; commit. A refused
    // read throws below, which rolls the audit row back; the refusal's own row is written after.
    const [rows] = await Promise.all([
      tx.execute<ChartRow>(chartStatement(actor.userId, clinicId, patientId)),
      recordAudit(tx, actor, { action: "chart.read", resourceType: "patient", resourceId: patientId, patientId }),
    ]);
    const row = rows[0];
    if (!row?.assigned) {
      throw denied(actor, { action: "chart.read", resourceType: "patient", resourceId: patientId }, "NOT_FOUND", "No such patient among your patients.");
    }
    const today = todayIn(row.clinic_timezone, new Date());
    const latest = row.intake;
    const intake = latest
      ? {
          ...latest,
          submittedAt: isoOrNull(latest.submittedAt),
          reviewedAt: latest.review ? iso(latest.review.reviewedAt) : null,
          review: latest.review ? { ...latest.review, reviewedAt: iso(latest.review.reviewedAt) } : null,
        }
      : null;
    return {
      header: {
        id: row.id,
        mrn: row.mrn,
        name: `${row.preferred_name ?? row.given_name} ${row.family_name}`,
        age: ageOn(row.date_of_birth, today),
        dateOfBirth: row.date_of_birth,
        state: row.state_of_residence,
        timezone: row.timezone,
        status: row.status,
        supportPerson: row.support_person_name
          ? { name: row.support_person_name, relationship: row.support_person_relationship, phone: row.support_person_phone }
          : null,
        emergencyContact: row.emergency_contact_name
          ? { name: row.emergency_contact_name, relationship: row.emergency_contact_relationship, phone: row.emergency_contact_phone }
          : null,
      },
      careTeam: row.care_team ?? [],
      intake,
      scores: (row.scores ?? []).map((s) => ({ ...s, completedAt: iso(s.completedAt) })),
      appointments: (row.appointments ?? []).map((a) => ({ ...a, startsAt: iso(a.startsAt), endsAt: iso(a.endsAt) })),
      alerts: (row.alerts ?? []).map((a) => ({
        ...a,
        acknowledgedAt: isoOrNull(a.acknowledgedAt),
        resolvedAt: isoOrNull(a.resolvedAt),
        createdAt: iso(a.createdAt),
        updatedAt: iso(a.updatedAt),
        slaDueAt: isoOrNull(a.slaDueAt),
        escalatedAt: isoOrNull(a.escalatedAt),
      })),
      timeline: timelineEntries(row.timeline ?? []),
    };
  });
}

/** Records a clinician's review of a submitted intake; optionally releases the patient for scheduling. */
export async function reviewIntake(
  db: Database,
  actor: Actor,
  clinicId: string,
  input: { patientId: string; intakeId: string; note?: string | undefined; releaseForScheduling: boolean; riskAssessment?: TRiskAssessment | undefined },
) {
  return db.transaction(async (tx) => {
    const patient = await assignedPatient(tx, actor, clinicId, input.patientId, "intake.review");
    const found = await tx.query.intake.findFirst({
      where: and(eq(schema.intake.id, input.intakeId), eq(schema.intake.patientId, patient.id), isNotNull(schema.intake.submittedAt)),
    });
    if (!found) throw new DomainError("NOT_FOUND", "No submitted intake with that id for this patient.");
    const now = new Date();
    // DOMAIN.md §2 onboarding: review, then (optionally) release, each through the state machine.
    const reviewed = transitionOnboarding(patient.status, "review_intake", { identityVerificationRequired: false });
    if (!reviewed.ok) throw new DomainError("INVALID_TRANSITION", reviewed.reason);
    let to = reviewed.to;
    if (input.releaseForScheduling) {
      const crisis = await crisisContext(tx, patient.id, found, input.riskAssessment ? now : null);
      const released = transitionOnboarding(to, "release_for_scheduling", { identityVerificationRequired: false, crisis });
      const reasons = released.ok ? [] : releaseBlockers(crisis).length ? releaseBlockers(crisis) : [released.reason];
      if (input.riskAssessment?.suicideRisk === "high") reasons.push("A high suicide risk rules out release for at-home treatment: follow the crisis pathway instead.");
      if (reasons.length || !released.ok) throw new DomainError("RULE_FAILED", "This patient can't be released for scheduling yet.", reasons);
      to = released.to;
    }
    const [review] = await tx
      .insert(schema.intakeReview)
      .values({
        clinicId,
        patientId: patient.id,
        intakeId: found.id,
        reviewerUserId: actor.userId!,
        note: input.note ?? null,
        releasedForScheduling: input.releaseForScheduling,
        riskAssessment: input.riskAssessment ?? null,
      })
      .returning();
    await tx.update(schema.patient).set({ status: to }).where(eq(schema.patient.id, patient.id));
    await recordAudit(tx, actor, {
      action: "intake.review",
      resourceType: "intake",
      resourceId: found.id,
      patientId: patient.id,
      // The risk level, never the clinician's words, goes to the audit trail.
      detail: { releasedForScheduling: input.releaseForScheduling, suicideRisk: input.riskAssessment?.suicideRisk ?? null },
    });
    return review!;
  });
}

/**
 * What the crisis pathway (DOMAIN.md §3 E11, §7 A1) needs to know before release: the reviewed
 * intake's verdict, the patient's unresolved alerts, and whether a risk assessment is documented
 * (this review's own, when it carries one).
 */
async function crisisContext(tx: DbOrTx, patientId: string, intake: { crisisPathway: boolean; submittedAt: Date | null }, assessedAt: Date | null): Promise<CrisisContext> {
  const alerts = await tx
    .select({ ruleId: schema.safetyAlert.type, severity: schema.safetyAlert.severity, status: schema.safetyAlert.status, raisedAt: schema.safetyAlert.createdAt })
    .from(schema.safetyAlert)
    .where(and(eq(schema.safetyAlert.patientId, patientId), not(eq(schema.safetyAlert.status, "resolved"))));
  return { crisisPathway: intake.crisisPathway, intakeSubmittedAt: intake.submittedAt, alerts, latestRiskAssessmentAt: assessedAt };
}
