import { pgTable, text } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { timestamps } from "./clinic";

// One professional profile per person, shared by every clinic they work for.
export const providerProfile = pgTable("provider_profile", {
  userId: text()
    .primaryKey()
    .references(() => user.id),
  credentials: text().notNull(), // MD, DO, NP, PA (DOMAIN.md §1)
  // No longer read or written: the NPI is per clinic, prescriber_profile.npi (the Prescribers page).
  // Kept for app versions still running during a rolling deploy; drop in a later migration.
  npi: text(),
  phone: text(),
  // Superseded by provider_schedule (one zone per clinic) and no longer read: kept for app versions
  // still running during a rolling deploy (expand/contract); drop in a later migration.
  timezone: text().notNull().default("America/New_York"),
  ...timestamps,
});

// State licences and DEA registrations are recorded per clinic in prescribing/credentials.ts
// (prescriber_licence, prescriber_dea_registration): the one store that booking, visit admission, the
// decision's licence notice and signing read. The clinic-less state_license and dea_registration were
// copied there and dropped (migration 0026).
