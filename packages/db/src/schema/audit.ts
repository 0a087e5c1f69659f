import { sql } from "drizzle-orm";
import { bigint, bigserial, index, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

// Append-only (45 CFR 164.312(b)); a trigger in migrations refuses UPDATE, DELETE and TRUNCATE.
// Hash-chained per clinic (DOMAIN.md §9): a BEFORE INSERT trigger (migration 0011) sets chain_seq,
// prev_hash and hash, whatever the insert supplies; `pnpm audit:verify` walks the chains. patient_ids
// joined the hashed row in 0023 (rows without it hash as before).
export const auditOutcome = pgEnum("audit_outcome", ["success", "denied", "error"]);
export const auditActorKind = pgEnum("audit_actor_kind", ["staff", "patient", "system", "anonymous"]);

export const auditEvent = pgTable(
  "audit_event",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    clinicId: uuid(),
    actorUserId: text(),
    actorKind: auditActorKind().notNull(),
    actorRoles: text().array().notNull().default(sql`'{}'::text[]`),
    patientId: uuid(),
    // A list read (patient list, schedule, dashboard, inbox) is one row per request naming every patient
    // it showed, not one row per patient; the GIN index below finds them by patient.
    patientIds: uuid().array(),
    action: text().notNull(),
    resourceType: text().notNull(),
    resourceId: text(),
    outcome: auditOutcome().notNull(),
    requestId: text(),
    ipAddress: text(),
    userAgent: text(),
    detail: jsonb().$type<Record<string, unknown>>(),
    // Position in the clinic's chain (rows without a clinic form one chain of their own).
    // The trigger overwrites whatever an insert supplies; the placeholders only keep these columns
    // optional for inserts in TypeScript.
    chainSeq: bigint({ mode: "number" })
      .notNull()
      .$default(() => 0),
    prevHash: text()
      .notNull()
      .$default(() => ""),
    // sha256(prev_hash || audit_event_canonical(row)), hex.
    hash: text()
      .notNull()
      .$default(() => ""),
  },
  (t) => [
    index("audit_event_clinic_time_idx").on(t.clinicId, t.occurredAt.desc()),
    index("audit_event_patient_time_idx").on(t.patientId, t.occurredAt.desc()),
    index("audit_event_patient_ids_idx")
      .using("gin", t.patientIds)
      .where(sql`${t.patientIds} is not null`),
    // Issue 14: the chart timeline reads a patient's successful writes by action, never their reads
    // (a chart read 20,000 times scanned 20,000 rows per read without it).
    index("audit_event_timeline_idx")
      .on(t.patientId, t.action, t.occurredAt.desc())
      .where(sql`${t.outcome} = 'success'`),
    index("audit_event_actor_time_idx").on(t.actorUserId, t.occurredAt.desc()),
    // One row per chain position (no forks) and the index the trigger reads the chain head from.
    unique("audit_event_chain_uq").on(t.clinicId, t.chainSeq).nullsNotDistinct(),
  ],
);
