import { addCalendarDays, localDate } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TDoseRescheduleInput } from "@clearwell/validators/regimen";
import { and, desc, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { ownPatient } from "../patient/own-patient";
import { safetySettingsOf } from "../regimen/alerting";
import { ownRegimen } from "../regimen/patient";
import { sessionDates } from "../regimen/sessions";
import { SESSION_STATUS_TEXT } from "../regimen/words";
import { ownSession, sessionContext, sessionView } from "./access";

/** How far ahead a session may be moved. */
const RESCHEDULE_HORIZON_DAYS = 60;
const LIST_LIMIT = 200;

/** dose.session: one of the patient's own sessions (DOMAIN.md §1 "O"; another's is NOT_FOUND). */
export async function getSession(db: Database, actor: Actor, clinicId: string, patientId: string, sessionId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const { session, regimen } = await ownSession(tx, actor, clinicId, patientId, sessionId, "dose.read");
    const ctx = await sessionContext(tx, regimen, await safetySettingsOf(tx, clinicId), now);
    await recordAudit(tx, actor, { action: "dose.read", resourceType: "dose_session", resourceId: session.id, patientId });
    return sessionView(session, ctx);
  });
}

/** dose.list: the sessions of one of the patient's regimens, newest first. */
export async function listSessions(db: Database, actor: Actor, clinicId: string, patientId: string, regimenId: string) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    await ownRegimen(tx, actor, clinicId, patientId, regimenId, "dose.list");
    const s = schema.doseSession;
    const rows = await tx
      .select()
      .from(s)
      .where(and(eq(s.clinicId, clinicId), eq(s.patientId, patientId), eq(s.regimenId, regimenId)))
      .orderBy(desc(s.sequence))
      .limit(LIST_LIMIT);
    await recordAudit(tx, actor, { action: "dose.list", resourceType: "regimen", resourceId: regimenId, patientId, detail: { count: rows.length } });
    return {
      sessions: rows.map((r) => ({
        id: r.id,
        sequence: r.sequence,
        scheduledDate: r.scheduledDate,
        status: r.status,
        statusText: SESSION_STATUS_TEXT[r.status],
        takenAt: r.takenAt,
        unitsTaken: r.unitsTaken,
      })),
    };
  });
}

/**
 * dose.reschedule: moves a scheduled session to another day of the patient's, never before the
 * earliest allowed day (DOMAIN.md §7 A6 minimum interval) nor today, at most 60 days ahead.
 */
export async function rescheduleSession(db: Database, actor: Actor, clinicId: string, patientId: string, input: TDoseRescheduleInput, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const { session, regimen } = await ownSession(tx, actor, clinicId, patientId, input.sessionId, "dose.reschedule", true);
    if (session.status !== "scheduled") throw new DomainError("INVALID_TRANSITION", "Only a session that has not started can be moved.");
    if (session.bp1At) throw new DomainError("INVALID_TRANSITION", "This session's safety check has started. Finish it, or leave it and your next session will be scheduled.");
    if (regimen.status !== "active") throw new DomainError("RULE_FAILED", "Your sessions are on hold, so they cannot be moved now.");
    const ctx = await sessionContext(tx, regimen, await safetySettingsOf(tx, clinicId), now);
    const dates = sessionDates(regimen, ctx.facts, ctx.zone, now);
    const earliest = dates.earliestDate > dates.today ? dates.earliestDate : dates.today;
    const latest = addCalendarDays(localDate(now, ctx.zone), RESCHEDULE_HORIZON_DAYS);
    if (input.scheduledDate < earliest) throw new DomainError("BAD_INPUT", `Choose ${earliest} or later: sessions are at least ${regimen.daysBetweenSessions} days apart.`, ["scheduledDate"]);
    if (input.scheduledDate > latest) throw new DomainError("BAD_INPUT", `Choose a day up to ${latest}.`, ["scheduledDate"]);
    const s = schema.doseSession;
    const [updated] = await tx
      .update(s)
      .set({ scheduledDate: input.scheduledDate, updatedAt: now })
      .where(and(eq(s.clinicId, clinicId), eq(s.id, session.id)))
      .returning();
    await recordAudit(tx, actor, { action: "dose.reschedule", resourceType: "dose_session", resourceId: session.id, patientId, detail: { from: session.scheduledDate, to: input.scheduledDate } });
    return sessionView(updated!, ctx);
  });
}
