import { sql } from "drizzle-orm";
import { boolean, foreignKey, index, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { clinic, timestamps } from "./clinic";
import { patient } from "./patient";
import { appointment } from "./scheduling";

// DOMAIN.md §2 "Visit (video)": created -> waiting_room_open -> patient_waiting -> in_call -> ended;
// in_call <-> reconnecting; patient_waiting -> abandoned.
export const visitStatus = pgEnum("visit_status", ["waiting_room_open", "patient_waiting", "in_call", "reconnecting", "ended", "abandoned"]);

/** One video room per appointment, created on demand when the first person joins. */
export const visit = pgTable(
  "visit",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    appointmentId: uuid().notNull(),
    patientId: uuid().notNull(),
    providerUserId: text()
      .notNull()
      .references(() => user.id),
    roomName: text().notNull().unique(),
    status: visitStatus().notNull().default("waiting_room_open"),
    // Only audio-video visits can be a controlled-substance prescribing basis (DOMAIN.md §4.4), so
    // this fails closed: "audio_video" only once the patient's camera was seen in the call.
    modality: text().notNull().default("unknown"),
    // The LiveKit room instance: a late "room_finished" of an earlier instance must not end this one.
    roomSid: text(),
    // The state the patient says they are in, re-attested at check-in (DOMAIN.md §2).
    attestedState: text(),
    attestedAt: timestamp({ withTimezone: true }),
    // Whether the patient currently holds publish/subscribe grants (set by admit, cleared by send back).
    patientAdmitted: boolean().notNull().default(false),
    firstAdmittedAt: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    endedByUserId: text().references(() => user.id),
    ...timestamps,
  },
  (t) => [
    unique("visit_clinic_id_uq").on(t.clinicId, t.id),
    foreignKey({ name: "visit_appointment_fk", columns: [t.clinicId, t.appointmentId], foreignColumns: [appointment.clinicId, appointment.id] }),
    foreignKey({ name: "visit_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    uniqueIndex("visit_appointment_uq").on(t.appointmentId),
    index("visit_provider_status_idx").on(t.providerUserId, t.status),
    index("visit_clinic_status_idx").on(t.clinicId, t.status),
  ],
);

export const visitRole = pgEnum("visit_role", ["patient", "provider"]);

/** Per person in a visit: actual join, admit and leave times (latest connection), and presence. */
export const visitParticipant = pgTable(
  "visit_participant",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    visitId: uuid().notNull(),
    userId: text()
      .notNull()
      .references(() => user.id),
    role: visitRole().notNull(),
    // LiveKit identity: `<role>:<userId>`.
    identity: text().notNull(),
    present: boolean().notNull().default(false),
    // The LiveKit session id of the latest connection: a late "left" for an older connection is ignored.
    lastSid: text(),
    firstJoinedAt: timestamp({ withTimezone: true }),
    lastJoinedAt: timestamp({ withTimezone: true }),
    admittedAt: timestamp({ withTimezone: true }),
    leftAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    foreignKey({ name: "visit_participant_visit_fk", columns: [t.clinicId, t.visitId], foreignColumns: [visit.clinicId, visit.id] }),
    uniqueIndex("visit_participant_identity_uq").on(t.visitId, t.identity),
  ],
);

/**
 * Append-only visit log: webhook deliveries and clinician actions. A LiveKit webhook id is
 * unique, so a replayed delivery changes nothing.
 */
export const visitEvent = pgTable(
  "visit_event",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    visitId: uuid().notNull(),
    kind: text().notNull(),
    identity: text(),
    webhookId: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    detail: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "visit_event_visit_fk", columns: [t.clinicId, t.visitId], foreignColumns: [visit.clinicId, visit.id] }),
    uniqueIndex("visit_event_webhook_uq").on(t.webhookId).where(sql`${t.webhookId} is not null`),
    index("visit_event_visit_idx").on(t.visitId, t.occurredAt),
  ],
);
