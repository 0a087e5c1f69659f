import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Append-only (45 CFR 164.312(b)); a trigger in migrations refuses UPDATE, DELETE and TRUNCATE.
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
    action: text().notNull(),
    resourceType: text().notNull(),
    resourceId: text(),
    outcome: auditOutcome().notNull(),
    requestId: text(),
    ipAddress: text(),
    userAgent: text(),
    detail: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_event_clinic_time_idx").on(t.clinicId, t.occurredAt.desc()),
    index("audit_event_patient_time_idx").on(t.patientId, t.occurredAt.desc()),
    index("audit_event_actor_time_idx").on(t.actorUserId, t.occurredAt.desc()),
  ],
);
