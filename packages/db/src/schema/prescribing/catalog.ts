import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

import { user } from "../auth";
import { clinic } from "../clinic";
import { US_STATE } from "./common";

// The clinic's prescribing catalog: its settings (DOMAIN.md §4), formulary (§4.1-4.2) and pharmacies.

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
