import { type PrecheckAnswers as GateAnswers, type SafetySettings, localDate } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { PrecheckAnswers as StoredAnswers } from "@clearwell/db/schema";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { denied } from "../../errors";
import { type DoseFacts, type DoseSessionRow, type RegimenRow, doseFacts } from "../regimen/facts";
import { patientZone, sessionDates } from "../regimen/sessions";
import { SESSION_STATUS_TEXT, safetyOf, sideEffectsView } from "../regimen/words";
import { currentSupportPerson } from "../support-person/current";
import { GATE_FAIL_MESSAGES, type GateFailCode } from "@clearwell/clinical";

const s = schema.doseSession;

/**
 * The patient's own session (DOMAIN.md §1 "O"), optionally locked, with its regimen (locked too when
 * writing, so two sessions of one regimen never decide at once). Another patient's is NOT_FOUND, audited.
 */
export async function ownSession(tx: DbOrTx, actor: Actor, clinicId: string, patientId: string, sessionId: string, action: string, lock = false) {
  const q = tx
    .select()
    .from(s)
    .where(and(eq(s.clinicId, clinicId), eq(s.patientId, patientId), eq(s.id, sessionId)));
  const [session] = lock ? await q.for("no key update") : await q;
  if (!session) throw denied(actor, { action, resourceType: "dose_session", resourceId: sessionId }, "NOT_FOUND", "No such session for you.");
  const rq = tx
    .select()
    .from(schema.regimen)
    .where(and(eq(schema.regimen.clinicId, clinicId), eq(schema.regimen.id, session.regimenId)));
  const [regimen] = lock ? await rq.for("no key update") : await rq;
  return { session, regimen: regimen! };
}

export const toStoredAnswers = (a: GateAnswers): StoredAnswers => ({
  support_present: a.supportPresent,
  alcohol_or_sedatives_today: a.alcoholOrSedativesToday,
  driving_plan: a.drivingPlan,
  feeling: a.feeling,
  fasting_followed: a.fastingFollowed,
  calm_place: a.calmPlace,
});

export const fromStoredAnswers = (a: StoredAnswers): GateAnswers => ({
  supportPresent: a.support_present,
  alcoholOrSedativesToday: a.alcohol_or_sedatives_today,
  drivingPlan: a.driving_plan,
  feeling: a.feeling,
  fastingFollowed: a.fasting_followed,
  calmPlace: a.calm_place,
});

export interface SessionContext {
  regimen: RegimenRow;
  facts: DoseFacts;
  zone: string;
  settings: SafetySettings;
  supportPerson: { name: string; status: "invited" | "active" | "revoked" } | null;
  now: Date;
}

export async function sessionContext(tx: DbOrTx, regimen: RegimenRow, settings: SafetySettings, now: Date): Promise<SessionContext> {
  const [facts, zone, support] = await Promise.all([
    doseFacts(tx, regimen),
    patientZone(tx, regimen.clinicId, regimen.patientId),
    currentSupportPerson(tx, regimen.clinicId, regimen.patientId),
  ]);
  return { regimen, facts, zone, settings, supportPerson: support ? { name: support.name, status: support.status } : null, now };
}

const reading = (sys: number | null, dia: number | null, at: Date | null) => (sys !== null && dia !== null && at ? { systolic: sys, diastolic: dia, at } : null);

/** One session as the patient sees it (dose.session). */
export function sessionView(session: DoseSessionRow, ctx: SessionContext) {
  const { regimen } = ctx;
  const dates = sessionDates(regimen, ctx.facts, ctx.zone, ctx.now);
  const today = localDate(ctx.now, ctx.zone);
  const waitingForRecheck = session.status === "scheduled" && session.bp1At !== null;
  const taken = session.takenAt !== null;
  return {
    id: session.id,
    regimenId: session.regimenId,
    sequence: session.sequence,
    scheduledDate: session.scheduledDate,
    status: session.status,
    statusText: SESSION_STATUS_TEXT[session.status],
    canStartNow:
      regimen.status === "active" &&
      (session.status === "precheck_passed" || (session.status === "scheduled" && today >= session.scheduledDate && today >= dates.earliestDate)),
    earliestDate: session.status === "scheduled" ? dates.earliestDate : session.scheduledDate,
    precheck: {
      bp1: reading(session.bp1Systolic, session.bp1Diastolic, session.bp1At),
      bp2: reading(session.bp2Systolic, session.bp2Diastolic, session.bp2At),
      recheckAfter: waitingForRecheck ? new Date(session.bp1At!.getTime() + ctx.settings.bpRecheckRestMinutes * 60_000) : null,
      answered: session.precheckAnswers !== null,
      supportConfirmed: session.supportConfirmationId !== null,
      failedReasons: (session.precheckFailedReasons ?? []).map((code) => ({ code, message: GATE_FAIL_MESSAGES[code as GateFailCode] ?? "" })),
      at: session.precheckAt,
    },
    dose: taken
      ? {
          takenAt: session.takenAt!,
          unitsTaken: session.unitsTaken ?? 0,
          dissociationMinutes: session.dissociationMinutes,
          sideEffects: sideEffectsView(session.sideEffects),
          supportSignoffName: session.supportSignoffName,
        }
      : null,
    postcheck: { dueAt: session.postcheckDueAt, submittedAt: session.postcheckAt },
    missedAt: session.missedAt,
    regimen: { status: regimen.status, productLabel: regimen.productLabel, unitLabel: regimen.unitLabel, unitsPerSession: regimen.unitsPerSession, doseMgPerSession: regimen.doseMgPerSession },
    safety: safetyOf(ctx.settings),
    supportPerson: ctx.supportPerson,
  };
}
