import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { clinic, timestamps } from "./clinic";
import { patient } from "./patient";

/**
 * The time zone a provider's weekly hours and exceptions are entered in, per clinic: a provider
 * who works for two clinics may keep different hours in different zones, and one clinic's admin
 * never changes the zone another clinic's slots are computed in. Without a row: the clinic's zone.
 */
export const providerSchedule = pgTable(
  "provider_schedule",
  {
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    providerUserId: text()
      .notNull()
      .references(() => user.id),
    timezone: text().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.providerUserId] })],
);

// Weekly hours, wall-clock minutes in the provider's zone for this clinic (provider_schedule).
export const availabilityWindow = pgTable(
  "availability_window",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    providerUserId: text()
      .notNull()
      .references(() => user.id),
    weekday: integer().notNull(),
    startMinute: integer().notNull(),
    endMinute: integer().notNull(),
    ...timestamps,
  },
  (t) => [
    index("availability_window_provider_idx").on(t.clinicId, t.providerUserId),
    check("availability_window_ck", sql`${t.weekday} between 0 and 6 and ${t.startMinute} >= 0 and ${t.endMinute} <= 1440 and ${t.startMinute} < ${t.endMinute}`),
  ],
);

export const availabilityExceptionKind = pgEnum("availability_exception_kind", ["time_off", "extra_hours"]);

export const availabilityException = pgTable(
  "availability_exception",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    providerUserId: text()
      .notNull()
      .references(() => user.id),
    kind: availabilityExceptionKind().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    note: text(),
    ...timestamps,
  },
  (t) => [
    index("availability_exception_provider_idx").on(t.clinicId, t.providerUserId, t.endsAt),
    check("availability_exception_ck", sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

export const appointmentKind = pgEnum("appointment_kind", ["evaluation", "follow_up"]);
// DOMAIN.md §2 appointment state machine.
export const appointmentStatus = pgEnum("appointment_status", [
  "booked",
  "confirmed",
  "checked_in",
  "in_progress",
  "completed",
  "cancelled",
  "no_show",
]);

/**
 * Double booking is refused by exclusion constraints (migration 0004) on the provider's and
 * the patient's time ranges while an appointment is live, not only by a check in code.
 */
export const appointment = pgTable(
  "appointment",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    providerUserId: text()
      .notNull()
      .references(() => user.id),
    kind: appointmentKind().notNull(),
    status: appointmentStatus().notNull().default("booked"),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    // Where the patient said they would be, checked against the provider's licences at booking.
    patientState: text().notNull(),
    patientTimezone: text().notNull(),
    rescheduledFromId: uuid(),
    bookedByUserId: text()
      .notNull()
      .references(() => user.id),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledByUserId: text().references(() => user.id),
    cancelReason: text(),
    ...timestamps,
  },
  (t) => [
    unique("appointment_clinic_id_uq").on(t.clinicId, t.id),
    foreignKey({ name: "appointment_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({ name: "appointment_rescheduled_from_fk", columns: [t.clinicId, t.rescheduledFromId], foreignColumns: [t.clinicId, t.id] }),
    index("appointment_clinic_start_idx").on(t.clinicId, t.startsAt),
    index("appointment_provider_start_idx").on(t.providerUserId, t.startsAt),
    index("appointment_patient_start_idx").on(t.patientId, t.startsAt),
    // Issue 14: a week reads only the appointments overlapping it, whatever their length (btree_gist).
    index("appointment_clinic_during_idx").using("gist", t.clinicId, sql`tstzrange(${t.startsAt}, ${t.endsAt}, '[)')`),
    index("appointment_provider_during_idx").using("gist", t.providerUserId, sql`tstzrange(${t.startsAt}, ${t.endsAt}, '[)')`),
    check("appointment_range_ck", sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

// A retried or double-clicked submission returns the first result instead of acting twice.
export const idempotencyKey = pgTable(
  "idempotency_key",
  {
    userId: text()
      .notNull()
      .references(() => user.id),
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    response: jsonb().$type<unknown>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.scope, t.key] }), index("idempotency_key_created_idx").on(t.createdAt)],
);
