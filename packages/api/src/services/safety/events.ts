import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";

type AlertStatus = (typeof schema.alertStatus.enumValues)[number];

export interface AlertEventInput {
  clinicId: string;
  patientId: string;
  alertId: string;
  kind: (typeof schema.ALERT_EVENT_KINDS)[number];
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus;
  tier: number;
  /** Null: the system (a rule, the SLA job). */
  actorUserId: string | null;
  /** Ids and codes only, never free-text health content (the table is append-only). */
  detail?: Record<string, string | number | boolean | null>;
  occurredAt: Date;
}

/** One line of an alert's history (DOMAIN.md §7 "transitions audited"); append-only in the database. */
export async function writeAlertEvent(tx: DbOrTx, e: AlertEventInput) {
  await tx.insert(schema.alertEvent).values({ ...e, detail: e.detail ?? null });
}
