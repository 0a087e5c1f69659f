import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

import { clinic } from "./clinic";
import { questionnaireResponse } from "./intake";
import { patient } from "./patient";
import { appointment } from "./scheduling";
import { regimen } from "./regimen";
import { inList } from "./sql-list";

// Issue 13 §5: scheduled check-ins. Triggers in migration 0022.

// DOMAIN.md §2 "Check-in": due -> submitted -> scored; due -> overdue -> missed.
export const checkInStatus = pgEnum("check_in_status", ["due", "overdue", "submitted", "scored", "missed"]);

export const CHECK_IN_KINDS = ["weekly", "pre_follow_up", "pre_first_dose"] as const;

/** A scheduled PHQ-9 + GAD-7 check-in (DOMAIN.md §6 cadence; A7 when overdue). */
export const checkIn = pgTable(
  "check_in",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    regimenId: uuid(),
    kind: text().$type<(typeof CHECK_IN_KINDS)[number]>().notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    // due_at + the clinic's grace (A7).
    overdueAt: timestamp({ withTimezone: true }).notNull(),
    status: checkInStatus().notNull().default("due"),
    phq9ResponseId: uuid(),
    gad7ResponseId: uuid(),
    submittedAt: timestamp({ withTimezone: true }),
    scoredAt: timestamp({ withTimezone: true }),
    remindedAt: timestamp({ withTimezone: true }),
    missedAt: timestamp({ withTimezone: true }),
    // The follow-up a pre_follow_up check-in precedes.
    appointmentId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Idempotent scheduling.
    unique("check_in_patient_kind_due_uq").on(t.patientId, t.kind, t.dueAt),
    unique("check_in_clinic_id_uq").on(t.clinicId, t.id),
    foreignKey({ name: "check_in_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({
      name: "check_in_regimen_fk",
      columns: [t.clinicId, t.patientId, t.regimenId],
      foreignColumns: [regimen.clinicId, regimen.patientId, regimen.id],
    }),
    foreignKey({
      name: "check_in_phq9_response_fk",
      columns: [t.clinicId, t.patientId, t.phq9ResponseId],
      foreignColumns: [questionnaireResponse.clinicId, questionnaireResponse.patientId, questionnaireResponse.id],
    }),
    foreignKey({
      name: "check_in_gad7_response_fk",
      columns: [t.clinicId, t.patientId, t.gad7ResponseId],
      foreignColumns: [questionnaireResponse.clinicId, questionnaireResponse.patientId, questionnaireResponse.id],
    }),
    foreignKey({ name: "check_in_appointment_fk", columns: [t.clinicId, t.appointmentId], foreignColumns: [appointment.clinicId, appointment.id] }),
    index("check_in_patient_idx").on(t.clinicId, t.patientId, t.dueAt),
    // The sweep reads open check-ins by time.
    index("check_in_open_idx").on(t.overdueAt).where(sql`${t.status} in ('due', 'overdue')`),
    check("check_in_kind_ck", sql`${t.kind} in (${inList(CHECK_IN_KINDS)})`),
    check("check_in_overdue_ck", sql`${t.overdueAt} > ${t.dueAt}`),
    check("check_in_appointment_ck", sql`${t.kind} = 'pre_follow_up' or ${t.appointmentId} is null`),
    check(
      "check_in_submitted_ck",
      sql`(${t.status} in ('submitted', 'scored')) = (${t.submittedAt} is not null)
          and (${t.submittedAt} is null or (${t.phq9ResponseId} is not null and ${t.gad7ResponseId} is not null))
          and (${t.status} = 'scored') = (${t.scoredAt} is not null)
          and (${t.status} = 'missed') = (${t.missedAt} is not null)`,
    ),
  ],
);
