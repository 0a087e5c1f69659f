import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgEnum, pgTable, smallint, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { clinic } from "./clinic";
import { patient } from "./patient";
import { appointment } from "./scheduling";

/**
 * One row per intake version. A draft is saved after every step; once `submitted_at` is set
 * a trigger refuses UPDATE and DELETE, and corrections are a new version that supersedes it.
 */
export const intake = pgTable(
  "intake",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    version: integer().notNull(),
    supersedesId: uuid(),
    // Answers keyed by step; each step is validated by @clearwell/validators/intake when saved.
    answers: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    completedSteps: text().array().notNull().default(sql`'{}'::text[]`),
    // Screening result frozen at submission (packages/clinical screenForAtHomeKetamine).
    screening: jsonb().$type<Record<string, unknown>>(),
    mostRestrictiveEffect: text(),
    crisisPathway: boolean().notNull().default(false),
    submittedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("intake_clinic_id_uq").on(t.clinicId, t.id),
    foreignKey({ name: "intake_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({ name: "intake_supersedes_fk", columns: [t.clinicId, t.supersedesId], foreignColumns: [t.clinicId, t.id] }),
    uniqueIndex("intake_patient_version_uq").on(t.patientId, t.version),
    // At most one open draft per patient.
    uniqueIndex("intake_patient_draft_uq").on(t.patientId).where(sql`${t.submittedAt} is null`),
    index("intake_clinic_submitted_idx").on(t.clinicId, t.submittedAt),
  ],
);

// Append-only: a review never changes the intake it reviews.
export const intakeReview = pgTable(
  "intake_review",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    intakeId: uuid().notNull(),
    reviewerUserId: text()
      .notNull()
      .references(() => user.id),
    note: text(),
    releasedForScheduling: boolean().notNull(),
    // The clinician's suicide-risk assessment; required to release a patient on the crisis pathway.
    riskAssessment: jsonb().$type<{ suicideRisk: "low" | "moderate" | "high"; summary: string }>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "intake_review_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({ name: "intake_review_intake_fk", columns: [t.clinicId, t.intakeId], foreignColumns: [intake.clinicId, intake.id] }),
    index("intake_review_intake_idx").on(t.intakeId, t.createdAt),
  ],
);

export const consentKind = pgEnum("consent_kind", ["telehealth", "controlled_substance_agreement"]);

// Append-only record of what text the patient accepted and when.
export const consentRecord = pgTable(
  "consent_record",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    intakeId: uuid(),
    kind: consentKind().notNull(),
    textVersion: text().notNull(),
    textSha256: text().notNull(),
    signedName: text().notNull(),
    acceptedAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "consent_record_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({ name: "consent_record_intake_fk", columns: [t.clinicId, t.intakeId], foreignColumns: [intake.clinicId, intake.id] }),
    index("consent_record_patient_idx").on(t.patientId, t.kind, t.acceptedAt),
  ],
);

export const instrument = pgEnum("instrument", ["phq9", "gad7"]);
// `visit`: given during a video visit (issue 11 §1), by the patient while waiting or entered by the clinician.
export const questionnaireContext = pgEnum("questionnaire_context", ["intake", "check_in", "visit"]);

// DOMAIN.md §6. Append-only (triggers, migrations 0004/0011): a correction is a new response.
// The total is stored as scored at submission.
export const questionnaireResponse = pgTable(
  "questionnaire_response",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    instrument: instrument().notNull(),
    context: questionnaireContext().notNull(),
    intakeId: uuid(),
    // The visit it was given at (context `visit` only).
    appointmentId: uuid(),
    // Who typed the answers: the patient's own user, or the clinician entering them on the patient's
    // behalf. Null on rows from before this column existed (intake, check-in: the patient).
    enteredByUserId: text().references(() => user.id),
    answers: smallint().array().notNull(),
    // Functional item: ordinal 0-3, never added to the total.
    functionalDifficulty: smallint(),
    total: smallint().notNull(),
    severity: text().notNull(),
    item9Positive: boolean().notNull().default(false),
    completedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "questionnaire_response_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    // Target of check_in's (clinic, patient, response) keys (issue 13).
    unique("questionnaire_response_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    foreignKey({ name: "questionnaire_response_intake_fk", columns: [t.clinicId, t.intakeId], foreignColumns: [intake.clinicId, intake.id] }),
    foreignKey({ name: "questionnaire_response_appointment_fk", columns: [t.clinicId, t.appointmentId], foreignColumns: [appointment.clinicId, appointment.id] }),
    index("questionnaire_response_patient_idx").on(t.patientId, t.instrument, t.completedAt),
    // At most one response per instrument per visit (rows without a visit have a null appointment).
    uniqueIndex("questionnaire_response_visit_instrument_uq").on(t.appointmentId, t.instrument),
    check("questionnaire_response_total_ck", sql`${t.total} >= 0 and ${t.total} <= 27`),
    // Compared as text: a new enum value cannot be used in the transaction that adds it (fresh installs
    // run every migration in one transaction).
    check(
      "questionnaire_response_visit_ck",
      sql`(${t.context}::text = 'visit') = (${t.appointmentId} is not null) and (${t.context}::text <> 'visit' or ${t.enteredByUserId} is not null)`,
    ),
  ],
);
