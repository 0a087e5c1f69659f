import { date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { timestamps } from "./clinic";

// One professional profile per person, shared by every clinic they work for.
export const providerProfile = pgTable("provider_profile", {
  userId: text()
    .primaryKey()
    .references(() => user.id),
  credentials: text().notNull(), // MD, DO, NP, PA (DOMAIN.md §1)
  npi: text(),
  phone: text(),
  // Superseded by provider_schedule (one zone per clinic) and no longer read: kept for app versions
  // still running during a rolling deploy (expand/contract); drop in a later migration.
  timezone: text().notNull().default("America/New_York"),
  ...timestamps,
});

// DOMAIN.md §1: the provider must be licensed where the patient is during the visit.
export const stateLicense = pgTable(
  "state_license",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: text()
      .notNull()
      .references(() => user.id),
    state: text().notNull(),
    licenseNumber: text().notNull(),
    expiresOn: date({ mode: "string" }).notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("state_license_user_state_uq").on(t.userId, t.state)],
);

// 21 CFR 1311.135(b): the prescriber picks the registration for the patient's state.
export const deaRegistration = pgTable(
  "dea_registration",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: text()
      .notNull()
      .references(() => user.id),
    state: text().notNull(),
    deaNumber: text().notNull().unique(),
    schedules: text().array().notNull(),
    expiresOn: date({ mode: "string" }).notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("dea_registration_user_state_uq").on(t.userId, t.state), index("dea_registration_user_idx").on(t.userId)],
);
