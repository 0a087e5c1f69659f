import { type CrisisContext, ageOn, releaseBlockers, transitionOnboarding } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TRiskAssessment } from "@clearwell/validators/intake";
import { and, asc, desc, eq, getTableColumns, isNotNull, not, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { careTeamOf } from "../patient/get-patient";
import { assignedToSql } from "./access";
import { chartTimeline } from "./timeline";

export { TIMELINE_ACTIONS } from "./timeline";

/**
 * DOMAIN.md §1 "Read clinical chart: A (assigned patients)". A clinician is assigned through the
 * care team or a (not cancelled) appointment with the patient; a new patient's first clinician takes them on
 * explicitly (care_team.claim). Anything else is NOT_FOUND and audited as denied.
 */
export async function assignedPatient(tx: DbOrTx, actor: Actor, clinicId: string, patientId: string, action: string) {
  return (await assignedPatientInClinic(tx, actor, clinicId, patientId, action)).patient;
}

/** assignedPatient with the clinic's time zone read in the same statement (the chart's "today"). */
async function assignedPatientInClinic(tx: DbOrTx, actor: Actor, clinicId: string, patientId: string, action: string) {
  const [row] = await tx
    .select({
      patient: schema.patient,
      assigned: assignedToSql(actor.userId, sql.raw(`"patient"."id"`)),
      clinicTimezone: schema.clinic.timezone,
    })
    .from(schema.patient)
    .innerJoin(schema.clinic, eq(schema.clinic.id, schema.patient.clinicId))
    .where(and(eq(schema.patient.clinicId, clinicId), eq(schema.patient.id, patientId)));
  if (!row?.assigned) {
    throw denied(actor, { action, resourceType: "patient", resourceId: patientId }, "NOT_FOUND", "No such patient among your patients.");
  }
  return row;
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

const alertOwner = alias(schema.user, "alert_owner");
const reviewer = alias(schema.user, "reviewer");

/**
 * Everything about one patient for the treating clinician, in a fixed number of queries
 * (no query per row): header, latest intake with flags and review, scores, appointments,
 * open alerts and a timeline (services/chart/timeline.ts).
 */
export async function getChart(db: Database, actor: Actor, clinicId: string, patientId: string) {
  return db.transaction(async (tx) => {
    // Round trips (issue 14): the access check with the clinic's time zone, then every section and
    // the audit row sent together (pipelined on the transaction's connection), then commit.
    const { patient, clinicTimezone } = await assignedPatientInClinic(tx, actor, clinicId, patientId, "chart.read");
    const r = schema.intakeReview;
    // intake_review_intake_idx (intake_id, created_at): the newest review of the intake beside it.
    const review = tx
      .select({
        reviewedAt: r.createdAt,
        reviewerName: reviewer.name,
        note: r.note,
        releasedForScheduling: r.releasedForScheduling,
        suicideRisk: sql<"low" | "moderate" | "high" | null>`${r.riskAssessment}->>'suicideRisk'`.as("suicide_risk"),
        riskSummary: sql<string | null>`${r.riskAssessment}->>'summary'`.as("risk_summary"),
      })
      .from(r)
      .innerJoin(reviewer, eq(reviewer.id, r.reviewerUserId))
      .where(and(eq(r.intakeId, schema.intake.id), eq(r.clinicId, clinicId)))
      .orderBy(desc(r.createdAt))
      .limit(1)
      .as("review");
    const [careTeam, intakes, scores, appointments, alerts, timeline] = await Promise.all([
      careTeamOf(tx, clinicId, patientId),
      tx
        .select({
          id: schema.intake.id,
          version: schema.intake.version,
          answers: schema.intake.answers,
          screening: schema.intake.screening,
          mostRestrictiveEffect: schema.intake.mostRestrictiveEffect,
          crisisPathway: schema.intake.crisisPathway,
          submittedAt: schema.intake.submittedAt,
          review: {
            reviewedAt: review.reviewedAt,
            reviewerName: review.reviewerName,
            note: review.note,
            releasedForScheduling: review.releasedForScheduling,
            suicideRisk: review.suicideRisk,
            riskSummary: review.riskSummary,
          },
        })
        .from(schema.intake)
        // Its latest review, who wrote it and the note (issue 15: the note was never shown).
        .leftJoinLateral(review, sql`true`)
        .where(and(eq(schema.intake.patientId, patientId), eq(schema.intake.clinicId, clinicId), isNotNull(schema.intake.submittedAt)))
        .orderBy(desc(schema.intake.version))
        .limit(1),
      tx
        .select({
          id: schema.questionnaireResponse.id,
          instrument: schema.questionnaireResponse.instrument,
          total: schema.questionnaireResponse.total,
          severity: schema.questionnaireResponse.severity,
          item9Positive: schema.questionnaireResponse.item9Positive,
          context: schema.questionnaireResponse.context,
          completedAt: schema.questionnaireResponse.completedAt,
        })
        .from(schema.questionnaireResponse)
        .where(eq(schema.questionnaireResponse.patientId, patientId))
        .orderBy(asc(schema.questionnaireResponse.completedAt)),
      tx
        .select({
          id: schema.appointment.id,
          kind: schema.appointment.kind,
          status: schema.appointment.status,
          startsAt: schema.appointment.startsAt,
          endsAt: schema.appointment.endsAt,
          patientState: schema.appointment.patientState,
          providerName: schema.user.name,
        })
        .from(schema.appointment)
        .innerJoin(schema.user, eq(schema.user.id, schema.appointment.providerUserId))
        .where(and(eq(schema.appointment.patientId, patientId), eq(schema.appointment.clinicId, clinicId)))
        .orderBy(desc(schema.appointment.startsAt)),
      // The open-alert banner (issue 13): each with its owner, tier and SLA, most severe first.
      tx
        .select({ ...getTableColumns(schema.safetyAlert), ownerName: alertOwner.name })
        .from(schema.safetyAlert)
        .leftJoin(alertOwner, eq(alertOwner.id, schema.safetyAlert.ownerUserId))
        .where(and(eq(schema.safetyAlert.clinicId, clinicId), eq(schema.safetyAlert.patientId, patientId), not(eq(schema.safetyAlert.status, "resolved"))))
        .orderBy(sql`case ${schema.safetyAlert.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`, desc(schema.safetyAlert.createdAt)),
      chartTimeline(tx, clinicId, patientId),
      // Access was granted above; the row commits with the reads or not at all.
      recordAudit(tx, actor, { action: "chart.read", resourceType: "patient", resourceId: patientId, patientId }),
    ]);
    const today = todayIn(clinicTimezone, new Date());
    const latest = intakes[0] ?? null;
    // A left join of nothing reads as an object of nulls.
    const intake = latest ? { ...latest, reviewedAt: latest.review?.reviewedAt ?? null, review: latest.review?.reviewedAt ? latest.review : null } : null;
    return {
      header: {
        id: patient.id,
        mrn: patient.mrn,
        name: `${patient.preferredName ?? patient.givenName} ${patient.familyName}`,
        age: ageOn(patient.dateOfBirth, today),
        dateOfBirth: patient.dateOfBirth,
        state: patient.stateOfResidence,
        timezone: patient.timezone,
        status: patient.status,
        supportPerson: patient.supportPersonName
          ? { name: patient.supportPersonName, relationship: patient.supportPersonRelationship, phone: patient.supportPersonPhone }
          : null,
        emergencyContact: patient.emergencyContactName
          ? { name: patient.emergencyContactName, relationship: patient.emergencyContactRelationship, phone: patient.emergencyContactPhone }
          : null,
      },
      careTeam,
      intake,
      scores,
      appointments,
      alerts,
      timeline,
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
