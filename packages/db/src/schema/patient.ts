import { sql } from "drizzle-orm";
import { check, date, foreignKey, index, pgEnum, pgTable, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { clinic, timestamps } from "./clinic";

/** Sex as on the patient's ID; "unknown" also when they would rather not say (SCRIPT U). */
export const PATIENT_SEXES = ["female", "male", "unknown"] as const;

// DOMAIN.md §2 onboarding state machine.
export const patientStatus = pgEnum("patient_status", [
  "invited",
  "registered",
  "identity_verified",
  "intake_in_progress",
  "intake_submitted",
  "intake_reviewed",
  "ready_to_schedule",
  "withdrawn",
]);

export const patient = pgTable(
  "patient",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    // Null until an invited patient accepts; a person in two clinics has two charts.
    userId: text().references(() => user.id),
    mrn: text().notNull(),
    status: patientStatus().notNull().default("registered"),
    givenName: text().notNull(),
    familyName: text().notNull(),
    preferredName: text(),
    dateOfBirth: date({ mode: "string" }).notNull(),
    // As on the patient's ID, for the pharmacy's record (NCPDP SCRIPT Gender M/F/U; DOMAIN.md §5.2).
    sex: text().$type<(typeof PATIENT_SEXES)[number]>().notNull().default("unknown"),
    email: text().notNull(),
    phone: text(),
    addressLine1: text(),
    addressLine2: text(),
    city: text(),
    stateOfResidence: text().notNull(),
    postalCode: text(),
    timezone: text().notNull().default("America/New_York"),
    supportPersonName: text(),
    supportPersonRelationship: text(),
    supportPersonPhone: text(),
    emergencyContactName: text(),
    emergencyContactRelationship: text(),
    emergencyContactPhone: text(),
    ...timestamps,
  },
  (t) => [
    // Target of the composite (clinic_id, patient_id) foreign keys: a row of one clinic can never
    // point at another clinic's patient, whatever the code that wrote it forgot.
    unique("patient_clinic_id_uq").on(t.clinicId, t.id),
    check("patient_sex_check", sql`${t.sex} in ('female', 'male', 'unknown')`),
    uniqueIndex("patient_clinic_mrn_uq").on(t.clinicId, t.mrn),
    uniqueIndex("patient_clinic_user_uq").on(t.clinicId, t.userId),
    uniqueIndex("patient_clinic_email_uq").on(t.clinicId, sql`lower(${t.email})`),
    index("patient_clinic_name_idx").on(t.clinicId, t.familyName, t.givenName, t.id),
    index("patient_user_idx").on(t.userId),
    // Dashboard: intakes awaiting review.
    index("patient_clinic_status_idx").on(t.clinicId, t.status),
    // Substring search over name, email and MRN (patient list).
    index("patient_search_trgm_idx").using(
      "gin",
      sql`(lower(${t.givenName} || ' ' || ${t.familyName} || ' ' || ${t.email} || ' ' || ${t.mrn})) gin_trgm_ops`,
    ),
  ],
);

// on_call (issue 13): an on-call clinician a critical alert was routed to, added so they can open the chart.
export const careTeamRole = pgEnum("care_team_role", ["primary_provider", "prescriber", "care_coordinator", "on_call"]);

export const careTeamMember = pgTable(
  "care_team_member",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    userId: text()
      .notNull()
      .references(() => user.id),
    role: careTeamRole().notNull(),
    ...timestamps,
  },
  (t) => [
    foreignKey({ name: "care_team_member_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    uniqueIndex("care_team_member_patient_user_role_uq").on(t.patientId, t.userId, t.role),
    index("care_team_member_user_idx").on(t.userId),
    // Issue 14: a clinic's care teams without reading another clinic's (and the composite foreign key).
    index("care_team_member_clinic_patient_idx").on(t.clinicId, t.patientId),
  ],
);
