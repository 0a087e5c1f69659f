import { sql } from "drizzle-orm";
import { bigint, check, date, foreignKey, index, integer, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { auditEvent } from "../audit";
import { user } from "../auth";
import { clinic } from "../clinic";

// The daily EPCS audit review (21 CFR 1311.150(b)).

/** The daily EPCS audit review of a clinic (1311.150(b)): one per clinic and day. */
export const epcsAuditReport = pgTable(
  "epcs_audit_report",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    reportDate: date({ mode: "string" }).notNull(),
    compiledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    windowEnd: timestamp({ withTimezone: true }).notNull(),
    eventCount: integer().notNull(),
    flaggedCount: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("epcs_audit_report_clinic_id_uq").on(t.clinicId, t.id),
    unique("epcs_audit_report_clinic_date_uq").on(t.clinicId, t.reportDate),
    check("epcs_audit_report_window_ck", sql`${t.windowStart} < ${t.windowEnd}`),
    check("epcs_audit_report_counts_ck", sql`${t.eventCount} >= 0 and ${t.flaggedCount} between 0 and ${t.eventCount}`),
  ],
);

export const epcsAssessment = pgEnum("epcs_assessment", ["incident", "not_incident"]);

/** An audit event the daily review flagged. Append-only but for its assessment, set once (trigger). */
export const epcsAuditFinding = pgTable(
  "epcs_audit_finding",
  {
    id: uuid().primaryKey().defaultRandom(),
    reportId: uuid().notNull(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    auditEventId: bigint({ mode: "number" })
      .notNull()
      .references(() => auditEvent.id),
    reason: text().notNull(),
    assessment: epcsAssessment(),
    assessedByUserId: text().references(() => user.id),
    assessedAt: timestamp({ withTimezone: true }),
    assessmentNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "epcs_audit_finding_report_fk", columns: [t.clinicId, t.reportId], foreignColumns: [epcsAuditReport.clinicId, epcsAuditReport.id] }),
    uniqueIndex("epcs_audit_finding_event_uq").on(t.reportId, t.auditEventId),
    index("epcs_audit_finding_open_idx").on(t.clinicId, t.createdAt).where(sql`${t.assessment} is null`),
    check(
      "epcs_audit_finding_assessed_ck",
      sql`(${t.assessment} is null) = (${t.assessedByUserId} is null) and (${t.assessment} is null) = (${t.assessedAt} is null)`,
    ),
  ],
);
