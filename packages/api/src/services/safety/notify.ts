import { authEnv } from "@clearwell/auth/env";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, inArray } from "drizzle-orm";

import { enqueueMail } from "../mail/outbox";

let cached: { secret: string; providerAppUrl: string; patientAppUrl: string } | undefined;

/**
 * The mail queue's sealing secret and the apps' addresses, from the same environment the apps and
 * the worker read (AUTH_SECRET, PROVIDER_APP_URL, PATIENT_APP_URL): alert mail is enqueued inside
 * the transaction that raised or escalated the alert, wherever that runs.
 */
export function mailEnv() {
  if (!cached) {
    const env = authEnv();
    cached = { secret: env.AUTH_SECRET, providerAppUrl: env.PROVIDER_APP_URL, patientAppUrl: env.PATIENT_APP_URL };
  }
  return cached;
}

export type AlertMailKind = "raised" | "raised_urgent" | "escalated_to_you" | "escalated_admin";

// DOMAIN.md §9 (e): no health information in message bodies; the link opens the alert after sign-in.
const BODY: Record<AlertMailKind, { subject: string; lead: string }> = {
  raised: { subject: "Clearwell: an alert needs your attention", lead: "An alert in Clearwell needs your attention." },
  raised_urgent: { subject: "Clearwell: an urgent alert needs your attention now", lead: "An urgent alert in Clearwell needs your attention now." },
  escalated_to_you: {
    subject: "Clearwell: an alert was escalated to you",
    lead: "An alert in Clearwell was escalated to you because it was not acknowledged in time.",
  },
  escalated_admin: {
    subject: "Clearwell: an alert in your clinic was escalated",
    lead: "An alert in your clinic was escalated because it was not acknowledged in time.",
  },
};

/** The provider app's link to one alert in the inbox (ids only). */
export const alertLink = (alertId: string) => `${mailEnv().providerAppUrl}/alerts?alert=${alertId}`;

/**
 * Enqueues one neutral mail per user in the caller's transaction (it leaves only if the alert's
 * records commit). Users without an address or not of this clinic are skipped.
 */
export async function mailAlertUsers(tx: DbOrTx, clinicId: string, alertId: string, userIds: readonly string[], kind: AlertMailKind) {
  const ids = [...new Set(userIds)];
  if (!ids.length) return 0;
  const m = schema.clinicMembership;
  const rows = await tx
    .selectDistinct({ email: schema.user.email })
    .from(schema.user)
    .innerJoin(m, and(eq(m.userId, schema.user.id), eq(m.clinicId, clinicId)))
    .where(inArray(schema.user.id, ids));
  const { subject, lead } = BODY[kind];
  const text = `${lead}\n\nOpen it here: ${alertLink(alertId)}\n\nFor privacy, this message does not say anything about the patient.`;
  for (const r of rows) await enqueueMail(tx, { to: r.email, subject, text }, mailEnv().secret);
  return rows.length;
}

/** The clinic's admins (DOMAIN.md §7: an SLA breach escalates to the next tier and the admin). */
export async function clinicAdminIds(tx: DbOrTx, clinicId: string) {
  const m = schema.clinicMembership;
  const rows = await tx
    .selectDistinct({ userId: m.userId })
    .from(m)
    .where(and(eq(m.clinicId, clinicId), eq(m.role, "admin")));
  return rows.map((r) => r.userId);
}

/** A7 reminder to the patient (DOMAIN.md §7 "patient" notified): neutral words, a link to the app. */
export async function mailCheckInReminder(tx: DbOrTx, to: string, checkInId: string) {
  const text = `You have a check-in waiting in Clearwell.\n\nOpen it here: ${mailEnv().patientAppUrl}/check-in/${checkInId}\n\nIt takes a few minutes.`;
  await enqueueMail(tx, { to, subject: "You have a check-in waiting in Clearwell", text }, mailEnv().secret);
}
