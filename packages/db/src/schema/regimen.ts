import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
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
import { patient } from "./patient";
import { prescription } from "./prescribing";
import { inList } from "./sql-list";

// Issue 13 (at-home regimen). DOMAIN.md §2 state machines for regimen, dose session and check-in are
// enforced by triggers in migration 0022's hand-written part (forward-only status, frozen columns once
// decided, no DELETE/TRUNCATE; regimen_event and medication_fill append-only).

// DOMAIN.md §2 "Regimen": planned -> active <-> paused -> completed | stopped.
export const regimenStatus = pgEnum("regimen_status", ["planned", "active", "paused", "completed", "stopped"]);

// Dose units the patient logs (a nasal-spray regimen counts sprays; its fills are in mL).
export const REGIMEN_UNIT_LABELS = ["troche", "tablet", "spray", "mL"] as const;
export const REGIMEN_ACTIVATION_SOURCES = ["fill", "patient_receipt"] as const;
export const REGIMEN_PAUSE_REASONS = [
  "alert_A1",
  "alert_A4",
  "missed_follow_up",
  "eligibility_expired",
  "eligibility_invalidated",
  "plan_pause",
  "clinician",
] as const;

/** The home treatment one acknowledged prescription allows. Its prescription numbers are a frozen copy. */
export const regimen = pgTable(
  "regimen",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    prescriptionId: uuid().notNull(),
    status: regimenStatus().notNull().default("planned"),
    unitsPerSession: numeric({ mode: "number" }).notNull(),
    daysBetweenSessions: integer().notNull(),
    // floor(quantity / units_per_session).
    sessionsPrescribed: integer().notNull(),
    unitsPrescribed: numeric({ mode: "number" }).notNull(),
    unitLabel: text().$type<(typeof REGIMEN_UNIT_LABELS)[number]>().notNull(),
    doseMgPerSession: numeric({ mode: "number" }).notNull(),
    // e.g. 'Ketamine 100 mg troche'.
    productLabel: text().notNull(),
    firstSessionDate: date({ mode: "string" }),
    nextFollowUpDate: date({ mode: "string" }),
    activatedAt: timestamp({ withTimezone: true }),
    activationSource: text().$type<(typeof REGIMEN_ACTIVATION_SOURCES)[number]>(),
    pauseReason: text().$type<(typeof REGIMEN_PAUSE_REASONS)[number]>(),
    pausedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    endReason: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("regimen_prescription_uq").on(t.prescriptionId),
    unique("regimen_clinic_id_uq").on(t.clinicId, t.id),
    unique("regimen_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    foreignKey({ name: "regimen_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({
      name: "regimen_prescription_fk",
      columns: [t.clinicId, t.patientId, t.prescriptionId],
      foreignColumns: [prescription.clinicId, prescription.patientId, prescription.id],
    }),
    // At most one regimen in use per patient.
    uniqueIndex("regimen_one_current_uq").on(t.patientId).where(sql`${t.status} in ('active', 'paused')`),
    index("regimen_clinic_status_idx").on(t.clinicId, t.status, t.updatedAt),
    check(
      "regimen_numbers_ck",
      sql`${t.unitsPerSession} > 0 and ${t.daysBetweenSessions} > 0 and ${t.sessionsPrescribed} >= 0 and ${t.unitsPrescribed} > 0
          and ${t.doseMgPerSession} > 0 and ${t.version} >= 1`,
    ),
    check("regimen_unit_label_ck", sql`${t.unitLabel} in (${inList(REGIMEN_UNIT_LABELS)})`),
    check("regimen_activation_source_ck", sql`${t.activationSource} is null or ${t.activationSource} in (${inList(REGIMEN_ACTIVATION_SOURCES)})`),
    check("regimen_pause_reason_ck", sql`${t.pauseReason} is null or ${t.pauseReason} in (${inList(REGIMEN_PAUSE_REASONS)})`),
    // Activated once, with its source; a planned regimen was never activated (it can be stopped unactivated).
    check(
      "regimen_activated_ck",
      sql`(${t.activatedAt} is null) = (${t.activationSource} is null)
          and (${t.status} not in ('active', 'paused', 'completed') or ${t.activatedAt} is not null)
          and (${t.status} <> 'planned' or ${t.activatedAt} is null)`,
    ),
    // Paused with its reason; resuming clears it. A regimen stopped or completed while paused keeps the last pause.
    check(
      "regimen_paused_ck",
      sql`(${t.pauseReason} is null) = (${t.pausedAt} is null) and (${t.status} <> 'paused' or ${t.pauseReason} is not null)
          and (${t.status} not in ('planned', 'active') or ${t.pauseReason} is null)`,
    ),
    check(
      "regimen_ended_ck",
      sql`(${t.status} in ('completed', 'stopped')) = (${t.endedAt} is not null) and (${t.status} <> 'stopped' or ${t.endReason} is not null)`,
    ),
  ],
);

/** Every regimen status change with its cause (append-only). */
export const regimenEvent = pgTable(
  "regimen_event",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    regimenId: uuid().notNull(),
    // Null on creation.
    fromStatus: regimenStatus(),
    toStatus: regimenStatus().notNull(),
    reason: text(),
    // What caused it: 'prescription', 'rx_inbox', 'safety_alert', 'clinical_note', 'staff', 'job'...
    sourceType: text().notNull(),
    sourceId: text(),
    // Null: the system.
    actorUserId: text().references(() => user.id),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "regimen_event_regimen_fk",
      columns: [t.clinicId, t.patientId, t.regimenId],
      foreignColumns: [regimen.clinicId, regimen.patientId, regimen.id],
    }),
    index("regimen_event_regimen_idx").on(t.clinicId, t.regimenId, t.occurredAt),
  ],
);

export const MEDICATION_FILL_SOURCES = ["pharmacy", "patient_receipt"] as const;

/**
 * Medication that reached the patient (append-only): a pharmacy fill notice (units dispensed, A6) or
 * the patient's confirmation of receipt. A fill notice counts once (unique inbox message id).
 */
export const medicationFill = pgTable(
  "medication_fill",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    regimenId: uuid(),
    prescriptionId: uuid().notNull(),
    source: text().$type<(typeof MEDICATION_FILL_SOURCES)[number]>().notNull(),
    // rx_inbox.message_id of the RxFill.
    rxInboxMessageId: text(),
    fillStatus: text().notNull(),
    quantity: numeric({ mode: "number" }).notNull(),
    dispensedDate: date({ mode: "string" }),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "medication_fill_prescription_fk",
      columns: [t.clinicId, t.patientId, t.prescriptionId],
      foreignColumns: [prescription.clinicId, prescription.patientId, prescription.id],
    }),
    foreignKey({
      name: "medication_fill_regimen_fk",
      columns: [t.clinicId, t.patientId, t.regimenId],
      foreignColumns: [regimen.clinicId, regimen.patientId, regimen.id],
    }),
    uniqueIndex("medication_fill_inbox_message_uq").on(t.rxInboxMessageId).where(sql`${t.rxInboxMessageId} is not null`),
    index("medication_fill_patient_idx").on(t.clinicId, t.patientId, t.recordedAt),
    index("medication_fill_regimen_idx").on(t.regimenId),
    check("medication_fill_source_ck", sql`${t.source} in (${inList(MEDICATION_FILL_SOURCES)})`),
    check("medication_fill_quantity_ck", sql`${t.quantity} >= 0`),
    // Only a pharmacy notice carries an inbox message.
    check("medication_fill_inbox_ck", sql`${t.source} = 'pharmacy' or ${t.rxInboxMessageId} is null`),
  ],
);

// DOMAIN.md §2 "Dose session": scheduled -> precheck_passed | precheck_failed -> taken -> postcheck_submitted; scheduled -> missed.
export const doseSessionStatus = pgEnum("dose_session_status", [
  "scheduled",
  "precheck_passed",
  "precheck_failed",
  "taken",
  "postcheck_submitted",
  "missed",
]);

export const PRECHECK_FAIL_REASONS = [
  "bp_high",
  "bp_urgent",
  "support_absent",
  "alcohol_or_sedatives",
  "driving_plan",
  "feeling_unwell",
  "in_crisis",
  "too_soon",
  "sessions_exhausted",
  "regimen_not_active",
  "support_unconfirmed",
] as const;

export interface PrecheckAnswers {
  support_present: boolean;
  alcohol_or_sedatives_today: boolean;
  driving_plan: boolean;
  feeling: "calm" | "anxious" | "unwell" | "in_crisis";
  fasting_followed: boolean;
  calm_place: boolean;
}
export interface DoseSideEffect {
  code: string;
  severity: "mild" | "moderate" | "severe";
}
export interface DosePostcheck {
  feeling: string;
  side_effects: DoseSideEffect[];
  dissociation_resolved: boolean;
  notes?: string;
}

/**
 * One home session: the pre-dose gate (BP, answers, support confirmation), the dose log and the
 * post-dose check. Forward-only; gate columns frozen once decided, dose columns once taken (trigger).
 */
export const doseSession = pgTable(
  "dose_session",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    regimenId: uuid().notNull(),
    sequence: integer().notNull(),
    // The patient's local date.
    scheduledDate: date({ mode: "string" }).notNull(),
    status: doseSessionStatus().notNull().default("scheduled"),
    idempotencyKey: text(),
    bp1Systolic: smallint(),
    bp1Diastolic: smallint(),
    bp1At: timestamp({ withTimezone: true }),
    // The re-measurement after rest (A3).
    bp2Systolic: smallint(),
    bp2Diastolic: smallint(),
    bp2At: timestamp({ withTimezone: true }),
    precheckAnswers: jsonb().$type<PrecheckAnswers>(),
    precheckFailedReasons: text().array().$type<(typeof PRECHECK_FAIL_REASONS)[number][]>(),
    precheckAt: timestamp({ withTimezone: true }),
    supportConfirmationId: uuid(),
    takenAt: timestamp({ withTimezone: true }),
    unitsTaken: numeric({ mode: "number" }),
    dissociationMinutes: integer(),
    sideEffects: jsonb().$type<DoseSideEffect[]>(),
    supportSignoffName: text(),
    supportSignoffAt: timestamp({ withTimezone: true }),
    postcheckDueAt: timestamp({ withTimezone: true }),
    postcheckAt: timestamp({ withTimezone: true }),
    postcheck: jsonb().$type<DosePostcheck>(),
    missedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // Annotated: this table and its partner reference each other.
  (t): PgTableExtraConfigValue[] => [
    unique("dose_session_regimen_sequence_uq").on(t.regimenId, t.sequence),
    unique("dose_session_clinic_id_uq").on(t.clinicId, t.id),
    unique("dose_session_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    foreignKey({
      name: "dose_session_regimen_fk",
      columns: [t.clinicId, t.patientId, t.regimenId],
      foreignColumns: [regimen.clinicId, regimen.patientId, regimen.id],
    }),
    // The confirmation is this session's own.
    foreignKey({
      name: "dose_session_support_confirmation_fk",
      columns: [t.clinicId, t.id, t.supportConfirmationId],
      foreignColumns: [supportConfirmation.clinicId, supportConfirmation.doseSessionId, supportConfirmation.id],
    }),
    uniqueIndex("dose_session_idempotency_uq").on(t.patientId, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    index("dose_session_patient_idx").on(t.clinicId, t.patientId, t.scheduledDate),
    // The missed-dose sweep reads sessions still open by date.
    index("dose_session_open_idx").on(t.scheduledDate).where(sql`${t.status} in ('scheduled', 'precheck_passed')`),
    check("dose_session_sequence_ck", sql`${t.sequence} >= 1`),
    check(
      "dose_session_bp_ck",
      sql`(${t.bp1Systolic} is null) = (${t.bp1Diastolic} is null) and (${t.bp1Systolic} is null) = (${t.bp1At} is null)
          and (${t.bp2Systolic} is null) = (${t.bp2Diastolic} is null) and (${t.bp2Systolic} is null) = (${t.bp2At} is null)
          and (${t.bp2Systolic} is null or ${t.bp1Systolic} is not null)
          and (${t.bp1Systolic} is null or (${t.bp1Systolic} between 50 and 300 and ${t.bp1Diastolic} between 20 and 200))
          and (${t.bp2Systolic} is null or (${t.bp2Systolic} between 50 and 300 and ${t.bp2Diastolic} between 20 and 200))`,
    ),
    check("dose_session_answers_ck", sql`${t.precheckAnswers} is null or jsonb_typeof(${t.precheckAnswers}) = 'object'`),
    check(
      "dose_session_fail_reasons_ck",
      sql`${t.precheckFailedReasons} is null or ${t.precheckFailedReasons} <@ array[${inList(PRECHECK_FAIL_REASONS)}]::text[]`,
    ),
    // The gate was decided: passed with a BP and the support person's confirmation; failed with its reasons.
    check(
      "dose_session_precheck_ck",
      sql`(${t.status} not in ('precheck_passed', 'precheck_failed', 'taken', 'postcheck_submitted') or ${t.precheckAt} is not null)
          and (${t.status} not in ('precheck_passed', 'taken', 'postcheck_submitted')
               or (${t.bp1Systolic} is not null and ${t.precheckAnswers} is not null and ${t.supportConfirmationId} is not null))
          and (${t.status} = 'precheck_failed') = coalesce(cardinality(${t.precheckFailedReasons}) > 0, false)`,
    ),
    check(
      "dose_session_taken_ck",
      sql`(${t.status} in ('taken', 'postcheck_submitted')) = (${t.takenAt} is not null)
          and (${t.takenAt} is null or (${t.unitsTaken} is not null and ${t.sideEffects} is not null))
          and (${t.unitsTaken} is null or ${t.unitsTaken} > 0)
          and (${t.dissociationMinutes} is null or ${t.dissociationMinutes} >= 0)
          and (${t.sideEffects} is null or jsonb_typeof(${t.sideEffects}) = 'array')
          and (${t.supportSignoffName} is null) = (${t.supportSignoffAt} is null)`,
    ),
    check(
      "dose_session_postcheck_ck",
      sql`(${t.status} = 'postcheck_submitted') = (${t.postcheckAt} is not null)
          and (${t.postcheckAt} is null) = (${t.postcheck} is null)
          and (${t.postcheck} is null or jsonb_typeof(${t.postcheck}) = 'object')`,
    ),
    check("dose_session_missed_ck", sql`(${t.status} = 'missed') = (${t.missedAt} is not null)`),
  ],
);

export const SUPPORT_PERSON_STATUSES = ["invited", "active", "revoked"] as const;

/** The patient's support person: invited by link, consents after the briefing, confirms presence per session. */
export const supportPerson = pgTable(
  "support_person",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    name: text().notNull(),
    relationship: text().notNull(),
    email: text().notNull(),
    phone: text(),
    status: text().$type<(typeof SUPPORT_PERSON_STATUSES)[number]>().notNull().default("invited"),
    // sha256 hex of the link token; the raw token exists only in the link.
    tokenHash: text().notNull(),
    // Invite: 7 days. After consent the link stays valid until revoked (null or a later time).
    tokenExpiresAt: timestamp({ withTimezone: true }),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    consentedAt: timestamp({ withTimezone: true }),
    briefingVersion: text(),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("support_person_token_hash_uq").on(t.tokenHash),
    unique("support_person_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    foreignKey({ name: "support_person_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    // One current support person per patient.
    uniqueIndex("support_person_one_current_uq").on(t.patientId).where(sql`${t.status} <> 'revoked'`),
    check("support_person_status_ck", sql`${t.status} in (${inList(SUPPORT_PERSON_STATUSES)})`),
    check("support_person_token_hash_ck", sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check("support_person_consent_ck", sql`${t.status} <> 'active' or (${t.consentedAt} is not null and ${t.briefingVersion} is not null)`),
    check("support_person_revoked_ck", sql`(${t.status} = 'revoked') = (${t.revokedAt} is not null)`),
  ],
);

/**
 * A one-time code the support person's phone shows for one session; the patient types it into the gate.
 * Used once (trigger); at most one live per session: a new request supersedes the previous one.
 */
export const supportConfirmation = pgTable(
  "support_confirmation",
  {
    // Chosen by the app before insert: it salts code_hash.
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    supportPersonId: uuid().notNull(),
    doseSessionId: uuid().notNull(),
    // sha256 hex of the 6-digit code salted with the row id.
    codeHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    attempts: integer().notNull().default(0),
    usedAt: timestamp({ withTimezone: true }),
    supersededAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // Annotated: this table and its partner reference each other.
  (t): PgTableExtraConfigValue[] => [
    // Target of dose_session's (clinic, session, confirmation) key.
    unique("support_confirmation_clinic_session_id_uq").on(t.clinicId, t.doseSessionId, t.id),
    foreignKey({
      name: "support_confirmation_support_person_fk",
      columns: [t.clinicId, t.patientId, t.supportPersonId],
      foreignColumns: [supportPerson.clinicId, supportPerson.patientId, supportPerson.id],
    }),
    foreignKey({
      name: "support_confirmation_dose_session_fk",
      columns: [t.clinicId, t.patientId, t.doseSessionId],
      foreignColumns: [doseSession.clinicId, doseSession.patientId, doseSession.id],
    }),
    uniqueIndex("support_confirmation_one_live_uq").on(t.doseSessionId).where(sql`${t.usedAt} is null and ${t.supersededAt} is null`),
    check("support_confirmation_code_hash_ck", sql`${t.codeHash} ~ '^[0-9a-f]{64}$'`),
    // Five wrong codes burn it.
    check("support_confirmation_attempts_ck", sql`${t.attempts} between 0 and 5`),
    check(
      "support_confirmation_used_ck",
      sql`(${t.usedAt} is null or (${t.usedAt} <= ${t.expiresAt} and ${t.supersededAt} is null and ${t.attempts} < 5))`,
    ),
  ],
);
