import { addCalendarDays, localDate, nextSessionDate } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, inArray } from "drizzle-orm";

import { type DoseFacts, type DoseSessionRow, OPEN_STATUSES, type RegimenRow, doseFacts } from "./facts";

const s = schema.doseSession;

/** The patient's IANA zone: session days are the patient's local days (DOMAIN.md §7 A6, A10). */
export async function patientZone(tx: DbOrTx, clinicId: string, patientId: string): Promise<string> {
  const [p] = await tx
    .select({ timezone: schema.patient.timezone })
    .from(schema.patient)
    .where(and(eq(schema.patient.clinicId, clinicId), eq(schema.patient.id, patientId)));
  return p?.timezone ?? "America/New_York";
}

/** The earliest day the next session is allowed and the day it would be scheduled, in the patient's zone. */
export function sessionDates(regimen: RegimenRow, facts: Pick<DoseFacts, "lastTakenAt">, timeZone: string, now: Date) {
  const today = localDate(now, timeZone);
  return {
    today,
    ...nextSessionDate({
      firstSessionDate: regimen.firstSessionDate ?? today,
      lastTakenDate: facts.lastTakenAt ? localDate(facts.lastTakenAt, timeZone) : null,
      daysBetweenSessions: regimen.daysBetweenSessions,
      today,
    }),
  };
}

/** Whether another session fits what was prescribed and what is on hand. */
export const sessionsRemain = (regimen: RegimenRow, facts: DoseFacts) =>
  facts.sessionsTaken < regimen.sessionsPrescribed && facts.unitsOnHand + 1e-9 >= regimen.unitsPerSession;

/**
 * Keeps one open session on an active regimen: returns the open one, or schedules the next on the
 * earliest allowed day (never before `notBefore`, e.g. tomorrow after a failed gate). Nothing when
 * the regimen is not active or no session remains. Idempotent: the (regimen, sequence) key
 * absorbs a concurrent writer. Callers hold the regimen row lock.
 */
export async function ensureNextSession(tx: DbOrTx, regimen: RegimenRow, now: Date, o: { notBefore?: string } = {}): Promise<DoseSessionRow | null> {
  if (regimen.status !== "active") return null;
  const [open] = await tx
    .select()
    .from(s)
    .where(and(eq(s.clinicId, regimen.clinicId), eq(s.regimenId, regimen.id), inArray(s.status, [...OPEN_STATUSES])))
    .limit(1);
  if (open) return open;
  const facts = await doseFacts(tx, regimen);
  if (!sessionsRemain(regimen, facts)) return null;
  const zone = await patientZone(tx, regimen.clinicId, regimen.patientId);
  const dates = sessionDates(regimen, facts, zone, now);
  const scheduledDate = o.notBefore && o.notBefore > dates.scheduledDate ? o.notBefore : dates.scheduledDate;
  const [row] = await tx
    .insert(s)
    .values({
      clinicId: regimen.clinicId,
      patientId: regimen.patientId,
      regimenId: regimen.id,
      sequence: facts.maxSequence + 1,
      scheduledDate,
      status: "scheduled",
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The day after `today` (the next allowed day after a failed gate). */
export const nextDay = (today: string) => addCalendarDays(today, 1);
