import { sql } from "drizzle-orm";
import { bigint, check, date, index, pgEnum, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "../auth";
import { clinic } from "../clinic";
import { US_STATE } from "./common";

// Prescriber credentials (NewRx identity, state licences, DEA registrations) and EPCS signing permission (21 CFR 1311.125, 1311.115).

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
