import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "../auth";
import { clinic } from "../clinic";
import { prescription } from "./prescriptions";

// Transmission to the pharmacy network: the outbox and inbox of SCRIPT messages (DOMAIN.md §5.3).

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
