import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { auditEvent } from "./audit";
import { user } from "./auth";
import { clinic } from "./clinic";
import { eligibilityDecision } from "./decision";
import { clinicalNote } from "./note";
import { patient } from "./patient";
import { appointment } from "./scheduling";

// Issue 12 (e-prescribing). Triggers, the EPCS audit index and pg_notify live in migration 0020's
// hand-written part: prescriptions are forward-only and frozen once signed, EPCS access changes are
// decided once, the outbox keeps its message, and PDMP checks, events and the inbox are append-only.

const US_STATE = "'^[A-Z]{2}$'";

// DOMAIN.md §4.1 formulations and routes (packages/clinical FORM_ROUTES).
export const formularyForm = pgEnum("formulary_form", ["troche", "rdt_odt", "nasal_spray"]);
export const formularyRoute = pgEnum("formulary_route", ["sublingual", "buccal", "intranasal"]);

/** Clinic-configurable prescribing rules (DOMAIN.md §4, packages/clinical PrescribingConfig). */
export const clinicPrescribingSettings = pgTable(
  "clinic_prescribing_settings",
  {
    clinicId: uuid()
      .primaryKey()
      .references(() => clinic.id),
    // DOMAIN.md §4.4: the DEA/HHS temporary telemedicine flexibility in force; a null expiry = none (fails closed).
    flexibilityRule: text(),
    flexibilityValidUntil: date({ mode: "string" }).default("2026-12-31"),
    specialRegistrationEnabled: boolean().notNull().default(false),
    telemedicineExceptionEnabled: boolean().notNull().default(false),
    requireDeaInPatientState: boolean().notNull().default(true),
    maxRefills: integer().notNull().default(5),
    defaultRefills: integer().notNull().default(0),
    fillableMonths: integer().notNull().default(6),
    pdmpRequiredByState: jsonb().$type<Record<string, boolean>>().notNull().default({}),
    pdmpRequiredByDefault: boolean().notNull().default(true),
    pdmpMaxAgeHours: integer().notNull().default(24),
    pdmpMinAttemptsWhenUnavailable: integer().notNull().default(1),
    pdmpUnavailableMaxDaysSupply: integer().notNull().default(7),
    allowProviderDrafts: boolean().notNull().default(true),
    // Overrides of DEFAULT_ACK_MAPPING (DOMAIN.md §5.4: keep the code->state map in config).
    ackStatusMap: jsonb().$type<Record<string, unknown>>(),
    pendingAlertMinutes: integer().notNull().default(5),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedByUserId: text().references(() => user.id),
  },
  (t) => [
    // 1306.22(a): at most 5 refills, fillable within 6 months.
    check("clinic_prescribing_settings_refills_ck", sql`${t.maxRefills} between 0 and 5 and ${t.defaultRefills} between 0 and ${t.maxRefills}`),
    check("clinic_prescribing_settings_fillable_ck", sql`${t.fillableMonths} between 1 and 6`),
    check(
      "clinic_prescribing_settings_pdmp_ck",
      sql`${t.pdmpMaxAgeHours} > 0 and ${t.pdmpMinAttemptsWhenUnavailable} >= 0 and ${t.pdmpUnavailableMaxDaysSupply} > 0 and jsonb_typeof(${t.pdmpRequiredByState}) = 'object'`,
    ),
    check("clinic_prescribing_settings_alert_ck", sql`${t.pendingAlertMinutes} > 0`),
  ],
);

/** What the clinic offers (DOMAIN.md §4.1-4.2). Editable; prescriptions snapshot the entry they use. */
export const formularyEntry = pgTable(
  "formulary_entry",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    drugName: text().notNull(),
    form: formularyForm().notNull(),
    route: formularyRoute().notNull(),
    strengthValue: numeric({ mode: "number" }).notNull(),
    strengthUnit: text().notNull().default("mg"),
    // Troches and tablets: minutes held in the mouth. Nasal spray: sprays per mL and minutes between sprays.
    holdMinutes: integer(),
    spraysPerMl: numeric({ mode: "number" }),
    minutesBetweenSprays: integer(),
    minDoseMg: numeric({ mode: "number" }).notNull(),
    maxDoseMg: numeric({ mode: "number" }).notNull(),
    maxTitrationStepMg: numeric({ mode: "number" }).notNull(),
    minDaysBetweenSessions: integer().notNull(),
    maxSessionsPerFill: integer().notNull(),
    // Ketamine: Schedule III non-narcotic (21 CFR 1308.13(c)).
    deaSchedule: text().notNull().default("3N"),
    enabled: boolean().notNull().default(true),
    compoundingNote: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedByUserId: text().references(() => user.id),
  },
  (t) => [
    unique("formulary_entry_clinic_id_uq").on(t.clinicId, t.id),
    index("formulary_entry_clinic_idx").on(t.clinicId, t.enabled),
    check("formulary_entry_unit_ck", sql`${t.strengthUnit} = 'mg'`),
    check("formulary_entry_schedule_ck", sql`${t.deaSchedule} in ('2', '2N', '3', '3N', '4', '5')`),
    check(
      "formulary_entry_positive_ck",
      sql`${t.strengthValue} > 0 and ${t.minDoseMg} > 0 and ${t.maxTitrationStepMg} > 0 and ${t.minDaysBetweenSessions} > 0 and ${t.maxSessionsPerFill} > 0 and ${t.version} >= 1`,
    ),
    check("formulary_entry_dose_range_ck", sql`${t.minDoseMg} <= ${t.maxDoseMg}`),
    // FORM_ROUTES: troche sublingual|buccal, RDT sublingual, nasal spray intranasal.
    check(
      "formulary_entry_route_ck",
      sql`(${t.form} = 'troche' and ${t.route} in ('sublingual', 'buccal')) or (${t.form} = 'rdt_odt' and ${t.route} = 'sublingual') or (${t.form} = 'nasal_spray' and ${t.route} = 'intranasal')`,
    ),
    // Nasal spray fields present iff the form is nasal spray; hold minutes iff it is not.
    check(
      "formulary_entry_form_fields_ck",
      sql`case when ${t.form} = 'nasal_spray'
            then coalesce(${t.spraysPerMl} > 0 and ${t.minutesBetweenSprays} > 0, false) and ${t.holdMinutes} is null
            else ${t.spraysPerMl} is null and ${t.minutesBetweenSprays} is null and coalesce(${t.holdMinutes} > 0, false) end`,
    ),
  ],
);

/** A pharmacy the clinic sends to (NCPDP ID 7 digits, NPI 10 digits). */
export const pharmacy = pgTable(
  "pharmacy",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    name: text().notNull(),
    ncpdpId: text().notNull(),
    npi: text().notNull(),
    addressLine1: text().notNull(),
    addressLine2: text(),
    city: text().notNull(),
    state: text().notNull(),
    postalCode: text().notNull(),
    phone: text().notNull(),
    shipsToStates: text().array().notNull().default(sql`'{}'::text[]`),
    epcsCapable: boolean().notNull().default(false),
    compounding: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("pharmacy_clinic_id_uq").on(t.clinicId, t.id),
    unique("pharmacy_clinic_ncpdp_uq").on(t.clinicId, t.ncpdpId),
    check("pharmacy_ncpdp_ck", sql`${t.ncpdpId} ~ '^[0-9]{7}$'`),
    check("pharmacy_npi_ck", sql`${t.npi} ~ '^[0-9]{10}$'`),
    check("pharmacy_state_ck", sql`${t.state} ~ ${sql.raw(US_STATE)}`),
    check("pharmacy_ships_to_ck", sql`array_to_string(${t.shipsToStates}, ',') ~ '^([A-Z]{2}(,[A-Z]{2})*)?$'`),
  ],
);

/** The prescriber's NewRx identity (DOMAIN.md §5.2 Prescriber: address, phone, NPI). */
export const prescriberProfile = pgTable(
  "prescriber_profile",
  {
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    userId: text()
      .notNull()
      .references(() => user.id),
    npi: text().notNull(),
    addressLine1: text().notNull(),
    addressLine2: text(),
    city: text().notNull(),
    state: text().notNull(),
    postalCode: text().notNull(),
    phone: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedByUserId: text().references(() => user.id),
  },
  (t) => [
    primaryKey({ name: "prescriber_profile_pk", columns: [t.clinicId, t.userId] }),
    check("prescriber_profile_npi_ck", sql`${t.npi} ~ '^[0-9]{10}$'`),
    check("prescriber_profile_state_ck", sql`${t.state} ~ ${sql.raw(US_STATE)}`),
  ],
);

/**
 * A state licence of a prescriber. Verified by a second person (DOMAIN.md §5.1, 1311.125(a)); an edit of
 * state, number or expiry clears the verification (trigger, migration 0020).
 */
export const prescriberLicence = pgTable(
  "prescriber_licence",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    userId: text()
      .notNull()
      .references(() => user.id),
    state: text().notNull(),
    number: text().notNull(),
    expiresOn: date({ mode: "string" }).notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    verifiedByUserId: text().references(() => user.id),
    verificationNote: text(),
    createdByUserId: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique("prescriber_licence_clinic_id_uq").on(t.clinicId, t.id),
    index("prescriber_licence_user_idx").on(t.clinicId, t.userId),
    check("prescriber_licence_state_ck", sql`${t.state} ~ ${sql.raw(US_STATE)}`),
    check("prescriber_licence_verified_ck", sql`(${t.verifiedAt} is null) = (${t.verifiedByUserId} is null)`),
    check("prescriber_licence_verifier_ck", sql`${t.verifiedByUserId} is null or ${t.verifiedByUserId} <> ${t.createdByUserId}`),
  ],
);

/**
 * A DEA registration (number, state, schedules) of a prescriber in this clinic; the same verification
 * rule as licences. Named prescriber_dea_registration because `dea_registration` (provider.ts) already
 * holds the older, clinic-less registrations that visit admission and decisions read.
 */
export const prescriberDeaRegistration = pgTable(
  "prescriber_dea_registration",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    userId: text()
      .notNull()
      .references(() => user.id),
    number: text().notNull(),
    state: text().notNull(),
    schedules: text().array().notNull(),
    expiresOn: date({ mode: "string" }).notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    verifiedByUserId: text().references(() => user.id),
    verificationNote: text(),
    createdByUserId: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique("prescriber_dea_registration_clinic_id_uq").on(t.clinicId, t.id),
    // Target of prescription's (clinic, prescriber, DEA registration) key: the DEA number is the signer's own.
    unique("prescriber_dea_registration_clinic_user_id_uq").on(t.clinicId, t.userId, t.id),
    check("prescriber_dea_registration_state_ck", sql`${t.state} ~ ${sql.raw(US_STATE)}`),
    // Two letters (the second may be 9) and seven digits; the check digit is verified in the app.
    check("prescriber_dea_registration_number_ck", sql`${t.number} ~ '^[A-Z][A-Z9][0-9]{7}$'`),
    check("prescriber_dea_registration_schedules_ck", sql`${t.schedules} <@ array['2', '2N', '3', '3N', '4', '5']::text[]`),
    check("prescriber_dea_registration_verified_ck", sql`(${t.verifiedAt} is null) = (${t.verifiedByUserId} is null)`),
    check("prescriber_dea_registration_verifier_ck", sql`${t.verifiedByUserId} is null or ${t.verifiedByUserId} <> ${t.createdByUserId}`),
  ],
);

// 1311.125: one person enters a grant or revoke, a second (a DEA registrant, with 2FA) approves.
export const epcsAccessAction = pgEnum("epcs_access_action", ["grant", "revoke"]);
export const epcsAccessStatus = pgEnum("epcs_access_status", ["pending", "approved", "rejected", "withdrawn"]);

/**
 * An EPCS signing-permission change. Decided once (pending -> approved | rejected | withdrawn), every
 * other column immutable, never deleted (trigger, migration 0020). The current permission is the latest
 * approved change per (clinic, subject).
 */
export const epcsAccessChange = pgTable(
  "epcs_access_change",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    subjectUserId: text()
      .notNull()
      .references(() => user.id),
    action: epcsAccessAction().notNull(),
    reason: text().notNull(),
    enteredByUserId: text()
      .notNull()
      .references(() => user.id),
    enteredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    status: epcsAccessStatus().notNull().default("pending"),
    decidedByUserId: text().references(() => user.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("epcs_access_change_subject_idx").on(t.clinicId, t.subjectUserId, t.decidedAt),
    index("epcs_access_change_clinic_idx").on(t.clinicId, t.status, t.enteredAt),
    // At most one change awaits a decision per person.
    uniqueIndex("epcs_access_change_one_pending_uq").on(t.clinicId, t.subjectUserId).where(sql`${t.status} = 'pending'`),
    // Withdrawn by the enterer; approved or rejected by a second person.
    check(
      "epcs_access_change_decided_ck",
      sql`(${t.status} = 'pending') = (${t.decidedAt} is null) and (${t.status} = 'pending') = (${t.decidedByUserId} is null)`,
    ),
    check(
      "epcs_access_change_two_person_ck",
      sql`${t.decidedByUserId} is null or (${t.status} = 'withdrawn') = (${t.decidedByUserId} = ${t.enteredByUserId})`,
    ),
  ],
);

/** A TOTP time step consumed by a user: a code is accepted once (replay refused, 1311.115). */
export const totpStepUse = pgTable(
  "totp_step_use",
  {
    userId: text()
      .notNull()
      .references(() => user.id),
    timeStep: bigint({ mode: "number" }).notNull(),
    usedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    purpose: text().notNull(),
  },
  (t) => [primaryKey({ name: "totp_step_use_pk", columns: [t.userId, t.timeStep] }), index("totp_step_use_used_at_idx").on(t.usedAt)],
);

export const pdmpResult = pgEnum("pdmp_result", ["reviewed", "unavailable"]);

/** One PDMP attempt when the PDMP was unavailable (DOMAIN.md §4.3). */
export interface PdmpAttemptRecord {
  at: string;
  reason: string;
  by: string;
}

/** A PDMP check as recorded: state, time, result, who (DOMAIN.md §4.3). Append-only. */
export const pdmpCheck = pgTable(
  "pdmp_check",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    state: text().notNull(),
    result: pdmpResult().notNull(),
    checkedAt: timestamp({ withTimezone: true }).notNull(),
    checkedByUserId: text()
      .notNull()
      .references(() => user.id),
    interpretation: text(),
    attempts: jsonb().$type<PdmpAttemptRecord[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("pdmp_check_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    foreignKey({ name: "pdmp_check_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    index("pdmp_check_patient_idx").on(t.clinicId, t.patientId, t.checkedAt),
    check("pdmp_check_state_ck", sql`${t.state} ~ ${sql.raw(US_STATE)}`),
    check("pdmp_check_attempts_ck", sql`jsonb_typeof(${t.attempts}) = 'array'`),
  ],
);

// DOMAIN.md §2 "Prescription" (packages/clinical lifecycle.ts).
export const prescriptionStatus = pgEnum("prescription_status", [
  "draft",
  "pending_signature",
  "signed",
  "transmitted",
  "acknowledged",
  "error",
  "cancel_requested",
  "cancelled",
  "cancel_denied",
  "voided",
]);

/**
 * A controlled-substance prescription. While draft or pending signature its content may change
 * (version bumps on every edit); once signed every content and signing column is frozen and the
 * status only moves forward along DOMAIN.md §2's table; never deleted (triggers, migration 0020).
 * Content columns are nullable for drafts; a check requires them from pending signature on.
 */
export const prescription = pgTable(
  "prescription",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    status: prescriptionStatus().notNull().default("draft"),
    // The named registrant who must sign (1311.135(a)): agents may prepare, only they sign.
    prescriberUserId: text()
      .notNull()
      .references(() => user.id),
    createdByUserId: text()
      .notNull()
      .references(() => user.id),
    idempotencyKey: text().notNull(),
    // The eligibility decision and the audio-video basis visit the draft was created on (DOMAIN.md §2, §4.4).
    decisionId: uuid().notNull(),
    basisAppointmentId: uuid().notNull(),
    noteId: uuid(),
    formularyEntryId: uuid(),
    pharmacyId: uuid(),
    deaRegistrationId: uuid(),
    pdmpCheckId: uuid(),
    unitsPerSession: numeric({ mode: "number" }),
    daysBetweenSessions: integer(),
    quantity: numeric({ mode: "number" }),
    refills: integer(),
    firstSessionDate: date({ mode: "string" }),
    nextFollowUpDate: date({ mode: "string" }),
    substitutionsAllowed: boolean().notNull().default(false),
    noteToPharmacy: text(),
    legalBasis: jsonb().$type<Record<string, unknown>>(),
    sig: text(),
    version: integer().notNull().default(1),
    // Mark ready: the version and content hash the checklist passed on (the ceremony signs exactly that).
    readyAt: timestamp({ withTimezone: true }),
    readyVersion: integer(),
    readyContentSha256: text(),
    // Signing (1311.140, 1311.120(b)): canonical content, its bytes, their SHA-256 and the server's signature.
    signedAt: timestamp({ withTimezone: true }),
    signedByUserId: text().references(() => user.id),
    writtenDate: date({ mode: "string" }),
    signedContent: jsonb().$type<Record<string, unknown>>(),
    signedBytes: text(),
    signedSha256: text(),
    serverSignature: text(),
    signingKeyId: text(),
    transmittedAt: timestamp({ withTimezone: true }),
    acknowledgedAt: timestamp({ withTimezone: true }),
    errorCode: text(),
    errorDetail: text(),
    cancelRequestedAt: timestamp({ withTimezone: true }),
    cancelRequestedByUserId: text().references(() => user.id),
    cancelRequestedReason: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelDeniedAt: timestamp({ withTimezone: true }),
    voidedAt: timestamp({ withTimezone: true }),
    voidedByUserId: text().references(() => user.id),
    voidedReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("prescription_clinic_id_uq").on(t.clinicId, t.id),
    unique("prescription_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    unique("prescription_idempotency_uq").on(t.clinicId, t.createdByUserId, t.idempotencyKey),
    foreignKey({ name: "prescription_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({ name: "prescription_decision_fk", columns: [t.clinicId, t.patientId, t.decisionId], foreignColumns: [eligibilityDecision.clinicId, eligibilityDecision.patientId, eligibilityDecision.id] }),
    foreignKey({ name: "prescription_basis_appointment_fk", columns: [t.clinicId, t.basisAppointmentId], foreignColumns: [appointment.clinicId, appointment.id] }),
    foreignKey({ name: "prescription_note_fk", columns: [t.clinicId, t.patientId, t.noteId], foreignColumns: [clinicalNote.clinicId, clinicalNote.patientId, clinicalNote.id] }),
    foreignKey({ name: "prescription_formulary_entry_fk", columns: [t.clinicId, t.formularyEntryId], foreignColumns: [formularyEntry.clinicId, formularyEntry.id] }),
    foreignKey({ name: "prescription_pharmacy_fk", columns: [t.clinicId, t.pharmacyId], foreignColumns: [pharmacy.clinicId, pharmacy.id] }),
    // The DEA registration is the named prescriber's own.
    foreignKey({ name: "prescription_dea_registration_fk", columns: [t.clinicId, t.prescriberUserId, t.deaRegistrationId], foreignColumns: [prescriberDeaRegistration.clinicId, prescriberDeaRegistration.userId, prescriberDeaRegistration.id] }),
    foreignKey({ name: "prescription_pdmp_check_fk", columns: [t.clinicId, t.patientId, t.pdmpCheckId], foreignColumns: [pdmpCheck.clinicId, pdmpCheck.patientId, pdmpCheck.id] }),
    index("prescription_patient_idx").on(t.clinicId, t.patientId, t.createdAt),
    index("prescription_status_idx").on(t.clinicId, t.status, t.updatedAt),
    index("prescription_prescriber_idx").on(t.clinicId, t.prescriberUserId, t.signedAt),
    check(
      "prescription_numbers_ck",
      sql`(${t.unitsPerSession} is null or ${t.unitsPerSession} > 0) and (${t.daysBetweenSessions} is null or ${t.daysBetweenSessions} > 0)
          and (${t.quantity} is null or ${t.quantity} > 0) and ${t.version} >= 1`,
    ),
    // 1306.22(a): at most five refills.
    check("prescription_refills_ck", sql`${t.refills} is null or ${t.refills} between 0 and 5`),
    // From mark ready on, the prescription is complete.
    check(
      "prescription_complete_ck",
      sql`${t.status} in ('draft', 'voided') or (${t.formularyEntryId} is not null and ${t.pharmacyId} is not null and ${t.deaRegistrationId} is not null
          and ${t.unitsPerSession} is not null and ${t.daysBetweenSessions} is not null and ${t.quantity} is not null and ${t.refills} is not null
          and ${t.sig} is not null and ${t.legalBasis} is not null)`,
    ),
    check(
      "prescription_ready_ck",
      sql`${t.status} <> 'pending_signature' or (${t.readyAt} is not null and ${t.readyVersion} is not null and ${t.readyContentSha256} is not null)`,
    ),
    // Signed states carry every signing column, and only the named prescriber signs (1311.135(a)).
    check(
      "prescription_signed_ck",
      sql`(${t.status} in ('draft', 'pending_signature', 'voided')) = (${t.signedAt} is null)
          and (${t.signedAt} is null or (${t.signedByUserId} is not null and ${t.signedByUserId} = ${t.prescriberUserId} and ${t.writtenDate} is not null and ${t.signedContent} is not null
               and ${t.signedBytes} is not null and ${t.signedSha256} is not null and ${t.signedSha256} ~ '^[0-9a-f]{64}$' and ${t.serverSignature} is not null and ${t.signingKeyId} is not null))`,
    ),
    check("prescription_ready_sha_ck", sql`${t.readyContentSha256} is null or ${t.readyContentSha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

export const prescriptionActorKind = pgEnum("prescription_actor_kind", ["staff", "system", "pharmacy"]);

/** Every status change of a prescription (history and live status). Append-only. */
export const prescriptionEvent = pgTable(
  "prescription_event",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    prescriptionId: uuid().notNull(),
    fromStatus: prescriptionStatus(),
    toStatus: prescriptionStatus().notNull(),
    event: text().notNull(),
    actorKind: prescriptionActorKind().notNull(),
    actorUserId: text().references(() => user.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    detail: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "prescription_event_prescription_fk", columns: [t.clinicId, t.prescriptionId], foreignColumns: [prescription.clinicId, prescription.id] }),
    index("prescription_event_prescription_idx").on(t.clinicId, t.prescriptionId, t.at),
    index("prescription_event_clinic_at_idx").on(t.clinicId, t.at),
    check("prescription_event_actor_ck", sql`${t.actorKind} <> 'staff' or ${t.actorUserId} is not null`),
  ],
);

// DOMAIN.md §5.3 transactional outbox.
export const rxMessageType = pgEnum("rx_message_type", ["NewRx", "CancelRx"]);
export const rxOutboxStatus = pgEnum("rx_outbox_status", ["pending", "in_flight", "delivered", "acked", "retry_scheduled", "dead_lettered", "rejected"]);

/**
 * An outbound SCRIPT message, written in the transaction that signs (or cancels) the prescription.
 * message_id, payload, type and prescription never change (replay resends the same MessageID and
 * bytes); never deleted; inserting it, or making it pending or retry_scheduled again, notifies
 * channel `rx_outbox` with the message id (triggers, migration 0020).
 */
export const rxOutbox = pgTable(
  "rx_outbox",
  {
    messageId: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    prescriptionId: uuid().notNull(),
    type: rxMessageType().notNull(),
    toNcpdpId: text().notNull(),
    payload: text().notNull(),
    payloadSha256: text().notNull(),
    status: rxOutboxStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    firstSentAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    ackedAt: timestamp({ withTimezone: true }),
    deadLetteredAt: timestamp({ withTimezone: true }),
    replayedCount: integer().notNull().default(0),
    replayedByUserId: text().references(() => user.id),
  },
  (t) => [
    foreignKey({ name: "rx_outbox_prescription_fk", columns: [t.clinicId, t.prescriptionId], foreignColumns: [prescription.clinicId, prescription.id] }),
    // One NewRx and at most one CancelRx per prescription: a replay reuses the row, never a new message.
    uniqueIndex("rx_outbox_prescription_type_uq").on(t.prescriptionId, t.type),
    // What the relay claims (SKIP LOCKED), oldest due first.
    index("rx_outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'retry_scheduled', 'in_flight')`),
    index("rx_outbox_clinic_status_idx").on(t.clinicId, t.status, t.createdAt),
    check("rx_outbox_ncpdp_ck", sql`${t.toNcpdpId} ~ '^[0-9]{7}$'`),
    check("rx_outbox_sha_ck", sql`${t.payloadSha256} ~ '^[0-9a-f]{64}$'`),
    check("rx_outbox_counts_ck", sql`${t.attempts} >= 0 and ${t.replayedCount} >= 0`),
  ],
);

export const rxInboxType = pgEnum("rx_inbox_type", ["Status", "Verify", "Error", "CancelRxResponse", "RxFill", "unknown"]);
export const rxInboxOutcome = pgEnum("rx_inbox_outcome", ["applied", "duplicate", "unmatched", "rejected"]);

/** Every inbound SCRIPT message, deduplicated on its MessageID (DOMAIN.md §5.3). Append-only. */
export const rxInbox = pgTable(
  "rx_inbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    messageId: text().notNull().unique("rx_inbox_message_id_uq"),
    // Null until the message is correlated with one of the clinic's outbound messages.
    clinicId: uuid().references(() => clinic.id),
    relatesToMessageId: text(),
    type: rxInboxType().notNull(),
    code: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    payload: text().notNull(),
    outcome: rxInboxOutcome().notNull(),
    detail: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rx_inbox_relates_to_idx").on(t.relatesToMessageId), index("rx_inbox_clinic_received_idx").on(t.clinicId, t.receivedAt)],
);

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
