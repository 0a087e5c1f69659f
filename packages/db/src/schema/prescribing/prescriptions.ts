import { sql } from "drizzle-orm";
import { bigserial, boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

import { user } from "../auth";
import { clinic } from "../clinic";
import { eligibilityDecision } from "../decision";
import { clinicalNote } from "../note";
import { patient } from "../patient";
import { appointment } from "../scheduling";
import { formularyEntry, pharmacy } from "./catalog";
import { US_STATE } from "./common";
import { prescriberDeaRegistration } from "./credentials";

// PDMP checks (DOMAIN.md §4.3), prescriptions (§2) and their status history.

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
