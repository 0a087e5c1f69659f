import { z } from "zod";

import { INTAKE_STEPS, INTAKE_STEP_SCHEMAS } from "../intake";
import { ZVisitKind } from "../scheduling";
import { ZActorKind, ZAlertSeverity, ZAlertStatus, ZAppointmentStatus, ZCareTeamMember, ZJsonObject, ZPatientStatus } from "./common";

const ZContact = z.object({ name: z.string(), relationship: z.string().nullable(), phone: z.string().nullable() });

export const ZChartOutput = z.object({
  header: z.object({
    id: z.string(),
    mrn: z.string(),
    name: z.string(),
    age: z.number(),
    dateOfBirth: z.string(),
    state: z.string(),
    timezone: z.string(),
    status: ZPatientStatus,
    supportPerson: ZContact.nullable(),
    emergencyContact: ZContact.nullable(),
  }),
  careTeam: z.array(ZCareTeamMember),
  intake: z
    .object({
      id: z.string(),
      version: z.number(),
      answers: ZJsonObject,
      screening: ZJsonObject.nullable(),
      mostRestrictiveEffect: z.string().nullable(),
      crisisPathway: z.boolean(),
      submittedAt: z.date().nullable(),
      // null until a clinician reviews it (the service's SQL type says Date; the data says otherwise).
      reviewedAt: z.date().nullable(),
      // The latest review: who, when, and the note written at "Mark reviewed" (issue 15).
      review: z
        .object({
          reviewedAt: z.date(),
          reviewerName: z.string(),
          note: z.string().nullable(),
          releasedForScheduling: z.boolean(),
          suicideRisk: z.enum(["low", "moderate", "high"]).nullable(),
          riskSummary: z.string().nullable(),
        })
        .nullable(),
    })
    .nullable(),
  scores: z.array(
    z.object({
      id: z.string(),
      instrument: z.enum(["phq9", "gad7"]),
      total: z.number(),
      severity: z.string(),
      item9Positive: z.boolean(),
      context: z.enum(["intake", "check_in", "visit"]),
      completedAt: z.date(),
    }),
  ),
  appointments: z.array(
    z.object({ id: z.string(), kind: ZVisitKind, status: ZAppointmentStatus, startsAt: z.date(), endsAt: z.date(), patientState: z.string(), providerName: z.string() }),
  ),
  alerts: z.array(
    z.object({
      id: z.string(),
      clinicId: z.string(),
      patientId: z.string(),
      type: z.string(),
      severity: ZAlertSeverity,
      status: ZAlertStatus,
      summary: z.string(),
      sourceType: z.string(),
      sourceId: z.string().nullable(),
      detail: ZJsonObject.nullable(),
      acknowledgedAt: z.date().nullable(),
      acknowledgedByUserId: z.string().nullable(),
      resolvedAt: z.date().nullable(),
      resolvedByUserId: z.string().nullable(),
      createdAt: z.date(),
      updatedAt: z.date(),
      // Issue 13: who owns it now, at which tier (0 care team, 1 on-call, 2 backup), and its SLA.
      ownerUserId: z.string().nullable(),
      ownerName: z.string().nullable(),
      tier: z.number(),
      clinical: z.boolean(),
      slaDueAt: z.date().nullable(),
      escalatedAt: z.date().nullable(),
    }),
  ),
  timeline: z.array(z.object({ at: z.date(), action: z.string(), actorKind: ZActorKind, actorName: z.string().nullable(), detail: ZJsonObject.nullable() })),
});

export const ZIntakeReviewOutput = z.object({
  id: z.string(),
  clinicId: z.string(),
  patientId: z.string(),
  intakeId: z.string(),
  reviewerUserId: z.string(),
  note: z.string().nullable(),
  releasedForScheduling: z.boolean(),
  createdAt: z.date(),
});

/** A draft's answers are stored only after passing their step's schema, so the same schemas read them back. */
const ZIntakeAnswers = z.object(INTAKE_STEP_SCHEMAS).partial();
export const ZIntakeDraft = z.object({
  id: z.string(),
  version: z.number(),
  answers: ZIntakeAnswers,
  completedSteps: z.array(z.enum(INTAKE_STEPS)),
  submittedAt: z.date().nullable(),
  updatedAt: z.date(),
});
const ZConsentText = z.object({
  kind: z.enum(["telehealth", "controlled_substance_agreement"]),
  version: z.string(),
  title: z.string(),
  paragraphs: z.array(z.string()).readonly(),
});
export const ZIntakeCurrentOutput = z.object({
  patientStatus: ZPatientStatus,
  draft: ZIntakeDraft.nullable(),
  lastSubmitted: z.object({ id: z.string(), version: z.number(), submittedAt: z.date().nullable(), crisisPathway: z.boolean() }).nullable(),
  prefill: z.object({
    about: z.object({
      givenName: z.string(),
      familyName: z.string(),
      preferredName: z.string().optional(),
      dateOfBirth: z.string(),
      sex: z.enum(["female", "male", "unknown"]),
      phone: z.string().optional(),
      addressLine1: z.string().optional(),
      addressLine2: z.string().optional(),
      city: z.string().optional(),
      stateOfResidence: z.string(),
      postalCode: z.string().optional(),
      timezone: z.string(),
    }),
  }),
  steps: z.array(z.enum(INTAKE_STEPS)).readonly(),
  consents: z.array(ZConsentText).readonly(),
});
export const ZIntakeSaveStepOutput = z.object({ intake: ZIntakeDraft, crisis: z.boolean() });
export const ZIntakeSubmitOutput = z.object({ intakeId: z.string(), version: z.number(), crisis: z.boolean(), canBookNow: z.boolean() });
