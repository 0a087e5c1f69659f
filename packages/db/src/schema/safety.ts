import { sql } from "drizzle-orm";
import { foreignKey, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { clinic } from "./clinic";
import { patient } from "./patient";

// DOMAIN.md §7.
export const alertSeverity = pgEnum("alert_severity", ["critical", "high", "medium", "low"]);
export const alertStatus = pgEnum("alert_status", ["open", "acknowledged", "escalated", "resolved"]);

export const safetyAlert = pgTable(
  "safety_alert",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    // Rule id from DOMAIN.md §7 (A1 = PHQ-9 item 9 >= 1).
    type: text().notNull(),
    severity: alertSeverity().notNull(),
    status: alertStatus().notNull().default("open"),
    summary: text().notNull(),
    sourceType: text().notNull(),
    sourceId: text(),
    detail: jsonb().$type<Record<string, unknown>>(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedByUserId: text().references(() => user.id),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedByUserId: text().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "safety_alert_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    // DOMAIN.md §7: dedupe per (patient, type, open window).
    uniqueIndex("safety_alert_open_dedupe_uq").on(t.patientId, t.type).where(sql`${t.status} <> 'resolved'`),
    index("safety_alert_clinic_status_idx").on(t.clinicId, t.status, t.createdAt),
  ],
);
