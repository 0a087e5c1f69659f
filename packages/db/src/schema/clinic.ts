import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
  ...timestamps,
});

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
