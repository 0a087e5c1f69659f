import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  type PgTableExtraConfigValue,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { user } from "./auth";
import { clinic } from "./clinic";
import { clinicalNote } from "./note";
import { patient } from "./patient";

// DOMAIN.md §7. Triggers (forward-only alert status, resolved is terminal, append-only alert events and
// outreach records, the alert_changed notification) live in migration 0022's hand-written part.
export const alertSeverity = pgEnum("alert_severity", ["critical", "high", "medium", "low"]);
export const alertStatus = pgEnum("alert_status", ["open", "acknowledged", "escalated", "resolved"]);

/** packages/clinical alerts/sla.ts RESOLUTION_CODES; 'legacy' marks alerts resolved before codes existed (0022 backfill only). */
export const ALERT_RESOLUTION_CODES = [
  "outreach_completed",
  "reviewed_no_action",
  "plan_changed",
  "emergency_services",
  "patient_unreachable",
  "duplicate",
  "rebooked",
] as const;
const RESOLUTION_CODE_LIST = sql.raw([...ALERT_RESOLUTION_CODES, "legacy"].map((c) => `'${c}'`).join(", "));

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
    // Clinical wording: only the patient's clinicians see it (DOMAIN.md §1 minimum necessary).
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
    // Issue 13 (closed loop): who owns it now, at which tier (0 care team, 1 on-call, 2 backup on-call).
    ownerUserId: text().references(() => user.id),
    tier: smallint().notNull().default(0),
    // false for A7, A8, A9: admin and staff may see those (in neutral words).
    clinical: boolean().notNull().default(true),
    // What admin/staff may see: no health information.
    neutralSummary: text().notNull().default("An item needs follow-up"),
    // Null: worklist, no SLA (LOW).
    slaDueAt: timestamp({ withTimezone: true }),
    escalatedAt: timestamp({ withTimezone: true }),
    resolutionCode: text(),
    resolutionNoteId: uuid(),
    outreachId: uuid(),
    resolutionComment: text(),
  },
  // Annotated: this table and its partner reference each other.
  (t): PgTableExtraConfigValue[] => [
    foreignKey({ name: "safety_alert_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    // Target of alert_event's and outreach_record's (clinic, patient, alert) keys.
    unique("safety_alert_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    // The note or outreach that closes the loop is the same patient's, in the same clinic.
    foreignKey({
      name: "safety_alert_resolution_note_fk",
      columns: [t.clinicId, t.patientId, t.resolutionNoteId],
      foreignColumns: [clinicalNote.clinicId, clinicalNote.patientId, clinicalNote.id],
    }),
    foreignKey({
      name: "safety_alert_outreach_fk",
      columns: [t.clinicId, t.patientId, t.outreachId],
      foreignColumns: [outreachRecord.clinicId, outreachRecord.patientId, outreachRecord.id],
    }),
    // DOMAIN.md §7: dedupe per (patient, type, open window).
    uniqueIndex("safety_alert_open_dedupe_uq").on(t.patientId, t.type).where(sql`${t.status} <> 'resolved'`),
    index("safety_alert_clinic_status_idx").on(t.clinicId, t.status, t.createdAt),
    index("safety_alert_owner_idx").on(t.clinicId, t.ownerUserId, t.status),
    // The escalation job reads open/escalated alerts whose SLA has lapsed.
    index("safety_alert_sla_idx").on(t.clinicId, t.slaDueAt).where(sql`${t.status} in ('open', 'escalated')`),
    check("safety_alert_tier_ck", sql`${t.tier} between 0 and 2`),
    check("safety_alert_resolution_code_ck", sql`${t.resolutionCode} is null or ${t.resolutionCode} in (${RESOLUTION_CODE_LIST})`),
    // DOMAIN.md §2 "Alert": resolution needs a code and, for clinical alerts, a linked note or outreach
    // ('legacy' rows were resolved before this existed; the status trigger refuses writing 'legacy').
    check(
      "safety_alert_resolution_ck",
      sql`(${t.status} = 'resolved') = (${t.resolutionCode} is not null)
          and (${t.status} <> 'resolved' or (${t.resolvedAt} is not null
               and (not ${t.clinical} or ${t.resolutionCode} = 'legacy' or ${t.resolutionNoteId} is not null or ${t.outreachId} is not null)))`,
    ),
    check("safety_alert_acknowledged_ck", sql`${t.status} <> 'acknowledged' or ${t.acknowledgedAt} is not null`),
    check("safety_alert_escalated_ck", sql`${t.status} <> 'escalated' or ${t.escalatedAt} is not null`),
  ],
);

/** Clinic-configurable safety rules (DOMAIN.md §7 defaults; packages/clinical gate and alert rules). One row per clinic, made on demand. */
export const clinicSafetySettings = pgTable(
  "clinic_safety_settings",
  {
    clinicId: uuid()
      .primaryKey()
      .references(() => clinic.id),
    // A3: above max blocks (re-measure after rest); at or above urgent is critical.
    bpSystolicMax: integer().notNull().default(140),
    bpDiastolicMax: integer().notNull().default(90),
    bpUrgentSystolic: integer().notNull().default(180),
    bpUrgentDiastolic: integer().notNull().default(120),
    bpRecheckRestMinutes: integer().notNull().default(5),
    fastingRule: text().notNull().default("Do not eat for 2 hours before your session; small sips of water are fine."),
    postDoseCheckHours: integer().notNull().default(3),
    // A4: dissociation beyond this window.
    dissociationWindowMinutes: integer().notNull().default(120),
    // packages/clinical CHECK_IN_CADENCES.
    checkInCadence: text().notNull().default("weekly"),
    // A7: overdue after grace.
    checkInGraceHours: integer().notNull().default(48),
    preFollowUpCheckInDays: integer().notNull().default(2),
    // A8: regimen auto-pauses when no follow-up happened within N days.
    missedFollowUpPauseDays: integer().notNull().default(7),
    a1AutoPause: boolean().notNull().default(true),
    // A10: a scheduled session not logged by the end of its local day + grace is missed.
    doseDayGraceHours: integer().notNull().default(6),
    slaCriticalMinutes: integer().notNull().default(60),
    slaHighMinutes: integer().notNull().default(480),
    slaMediumMinutes: integer().notNull().default(1440),
    // Null: LOW alerts are a worklist without an SLA.
    slaLowMinutes: integer(),
    onCallUserId: text().references(() => user.id),
    backupOnCallUserId: text().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedByUserId: text().references(() => user.id),
  },
  (t) => [
    check(
      "clinic_safety_settings_bp_ck",
      sql`${t.bpSystolicMax} between 90 and 250 and ${t.bpDiastolicMax} between 50 and 150
          and ${t.bpUrgentSystolic} > ${t.bpSystolicMax} and ${t.bpUrgentSystolic} <= 300
          and ${t.bpUrgentDiastolic} > ${t.bpDiastolicMax} and ${t.bpUrgentDiastolic} <= 200`,
    ),
    check(
      "clinic_safety_settings_positive_ck",
      sql`${t.bpRecheckRestMinutes} > 0 and ${t.postDoseCheckHours} > 0 and ${t.dissociationWindowMinutes} > 0 and ${t.checkInGraceHours} > 0
          and ${t.preFollowUpCheckInDays} > 0 and ${t.missedFollowUpPauseDays} > 0 and ${t.doseDayGraceHours} > 0`,
    ),
    check(
      "clinic_safety_settings_sla_ck",
      sql`${t.slaCriticalMinutes} > 0 and ${t.slaHighMinutes} > 0 and ${t.slaMediumMinutes} > 0 and (${t.slaLowMinutes} is null or ${t.slaLowMinutes} > 0)`,
    ),
    check("clinic_safety_settings_cadence_ck", sql`${t.checkInCadence} in ('weekly', 'every_2_weeks', 'monthly', 'none')`),
    check("clinic_safety_settings_fasting_ck", sql`length(${t.fastingRule}) between 1 and 500`),
    check("clinic_safety_settings_backup_ck", sql`${t.backupOnCallUserId} is null or ${t.backupOnCallUserId} is distinct from ${t.onCallUserId}`),
  ],
);

export const ALERT_EVENT_KINDS = ["raised", "acknowledged", "escalated", "resolved", "routed"] as const;

/** What happened to an alert, in order (append-only). `detail` holds ids and codes, never free-text health content. */
export const alertEvent = pgTable(
  "alert_event",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    alertId: uuid().notNull(),
    kind: text().$type<(typeof ALERT_EVENT_KINDS)[number]>().notNull(),
    fromStatus: alertStatus(),
    toStatus: alertStatus().notNull(),
    tier: smallint().notNull().default(0),
    // Null: the system (rules, SLA escalation).
    actorUserId: text().references(() => user.id),
    detail: jsonb().$type<Record<string, string | number | boolean | null>>(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "alert_event_alert_fk",
      columns: [t.clinicId, t.patientId, t.alertId],
      foreignColumns: [safetyAlert.clinicId, safetyAlert.patientId, safetyAlert.id],
    }),
    index("alert_event_alert_idx").on(t.clinicId, t.alertId, t.occurredAt),
    check("alert_event_kind_ck", sql`${t.kind} in ('raised', 'acknowledged', 'escalated', 'resolved', 'routed')`),
    check("alert_event_tier_ck", sql`${t.tier} between 0 and 2`),
    check("alert_event_detail_ck", sql`${t.detail} is null or jsonb_typeof(${t.detail}) = 'object'`),
  ],
);

export const OUTREACH_METHODS = ["phone", "video", "message", "in_person"] as const;

/** A clinician's outreach to the patient (DOMAIN.md §7 closing the loop, e.g. A1: risk assessment and plan). Append-only. */
export const outreachRecord = pgTable(
  "outreach_record",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    alertId: uuid(),
    authorUserId: text()
      .notNull()
      .references(() => user.id),
    method: text().$type<(typeof OUTREACH_METHODS)[number]>().notNull(),
    reached: boolean().notNull(),
    // Required when the patient was reached; an unanswered attempt records the plan only.
    riskAssessment: text(),
    plan: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // Annotated: this table and its partner reference each other.
  (t): PgTableExtraConfigValue[] => [
    foreignKey({ name: "outreach_record_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({
      name: "outreach_record_alert_fk",
      columns: [t.clinicId, t.patientId, t.alertId],
      foreignColumns: [safetyAlert.clinicId, safetyAlert.patientId, safetyAlert.id],
    }),
    unique("outreach_record_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    index("outreach_record_patient_idx").on(t.clinicId, t.patientId, t.occurredAt),
    check("outreach_record_method_ck", sql`${t.method} in ('phone', 'video', 'message', 'in_person')`),
    check("outreach_record_assessment_ck", sql`not ${t.reached} or ${t.riskAssessment} is not null`),
  ],
);
