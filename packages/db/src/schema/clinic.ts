import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";

// DOMAIN.md §1: roles are additive; one user may hold several in a clinic.
export const membershipRole = pgEnum("membership_role", ["admin", "provider", "prescriber", "staff"]);

export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const clinic = pgTable("clinic", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  timezone: text().notNull().default("America/New_York"),
  phone: text(),
  email: text(),
  // Self sign-up link: /enrol/<code>. Rotating the code retires old links.
  enrolmentCode: text().notNull().unique(),
  enrolmentOpen: boolean().notNull().default(true),
  // Scheduling settings, clinic-configurable (issue: evaluation 60 min, follow-up 30 min by default).
  evaluationMinutes: integer().notNull().default(60),
  followUpMinutes: integer().notNull().default(30),
  // DOMAIN.md §2: reschedule/cancel only before the cutoff (C).
  cancelCutoffMinutes: integer().notNull().default(1440),
  minBookingNoticeMinutes: integer().notNull().default(120),
  bookingHorizonDays: integer().notNull().default(28),
  // DOMAIN.md §2: no-show after a grace (C, 15 min).
  noShowGraceMinutes: integer().notNull().default(15),
  // Patients without a blocking screening flag may book before a clinician has reviewed the intake.
  bookingBeforeIntakeReview: boolean().notNull().default(true),
  // Video visits: the room opens this long before the start and closes at the end of the slot.
  joinWindowMinutes: integer().notNull().default(15),
  // DOMAIN.md §2: an eligibility decision expires after N days (C, [U] default 90).
  eligibilityExpiryDays: integer().notNull().default(90),
  // DOMAIN.md §1 "Override an OV rule: A + justification (co-sign C)".
  overrideCoSignRequired: boolean().notNull().default(false),
  ...timestamps,
}, (t) => [
  check("clinic_visit_minutes_ck", sql`${t.evaluationMinutes} between 15 and 240 and ${t.followUpMinutes} between 10 and 240`),
  check("clinic_booking_window_ck", sql`${t.cancelCutoffMinutes} >= 0 and ${t.minBookingNoticeMinutes} >= 0 and ${t.bookingHorizonDays} between 1 and 365 and ${t.noShowGraceMinutes} >= 0`),
  check("clinic_join_window_ck", sql`${t.joinWindowMinutes} between 0 and 120`),
  // 7-365 days, as the admin form allows: a shorter window would expire decisions between weekly
  // visits (a typo of 1 for 10 would too); a year is the longest a decision stands unreviewed.
  check("clinic_eligibility_expiry_ck", sql`${t.eligibilityExpiryDays} between 7 and 365`),
]);

export const clinicMembership = pgTable(
  "clinic_membership",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    userId: text()
      .notNull()
      .references(() => user.id),
    role: membershipRole().notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("clinic_membership_clinic_user_role_uq").on(t.clinicId, t.userId, t.role),
    index("clinic_membership_user_idx").on(t.userId),
  ],
);

export const invitationKind = pgEnum("invitation_kind", ["staff", "patient"]);

export const invitation = pgTable(
  "invitation",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    kind: invitationKind().notNull(),
    email: text().notNull(),
    roles: membershipRole().array().notNull().default(sql`'{}'::membership_role[]`),
    // Patient invitations point at the patient record staff created.
    patientId: uuid(),
    // Only the SHA-256 of the token is stored; the link carries the token.
    tokenHash: text().notNull().unique(),
    invitedByUserId: text()
      .notNull()
      .references(() => user.id),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [index("invitation_clinic_created_idx").on(t.clinicId, t.createdAt)],
);
