import { type BpReading, type GateOutcome, bpReadingProblem, evaluateGate, localDate, transitionDoseSession } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TDosePrecheckInput } from "@clearwell/validators/regimen";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { ownPatient } from "../patient/own-patient";
import { raiseHit, safetySettingsOf } from "../regimen/alerting";
import { doseFacts } from "../regimen/facts";
import { claimIdempotency, releaseIdempotency, storeIdempotentResponse } from "../regimen/idempotency";
import { ensureNextSession, nextDay, patientZone } from "../regimen/sessions";
import { CRISIS } from "../regimen/words";
import { verifySupportCode } from "../support-person/code";
import { fromStoredAnswers, ownSession, toStoredAnswers } from "./access";

const s = schema.doseSession;

export type PrecheckAnswer =
  | { outcome: "needs_recheck"; restUntil: Date; message: string }
  | { outcome: "passed"; message: string; advice: string[] }
  | {
      outcome: "failed";
      reasons: { code: string; message: string }[];
      urgentCare: boolean;
      crisis: boolean;
      crisisResources: typeof CRISIS | null;
      alertRaised: boolean;
      nextSession: { id: string; scheduledDate: string } | null;
      message: string;
    };

const SCOPE = "dose.precheck";

/**
 * dose.precheck, the pre-dose safety gate (DOMAIN.md §2 "Dose session: scheduled ->
 * precheck_passed | precheck_failed"; §7 A3, A5, A6; issue 13 §2), in one transaction with the
 * session and its regimen locked:
 * - the first call records the answers and the first reading (and checks the support person's
 *   code); a first reading above the clinic's limit answers `needs_recheck` and the session stays
 *   scheduled; the second call carries the reading after rest;
 * - `passed` unlocks the session; `failed` records the reasons, raises A3/A6 in the same transaction,
 *   shows urgent care or crisis resources at once, and schedules the next session on the next
 *   allowed day;
 * - a wrong, reused, expired or replaced support code decides nothing: the wrong try is counted
 *   (committed), the request key given back, and the code refused in plain words.
 * A retry with the same key returns the first answer.
 */
export async function precheck(db: Database, actor: Actor, clinicId: string, patientId: string, input: TDosePrecheckInput, now = new Date()): Promise<PrecheckAnswer> {
  const result = await db.transaction(async (tx): Promise<{ answer: PrecheckAnswer } | { refused: string }> => {
    await ownPatient(tx, actor, patientId);
    const call = { scope: SCOPE, key: input.idempotencyKey, request: { sessionId: input.sessionId, bp: input.bp, answers: input.answers ?? null, supportCode: input.supportCode ?? null }, patientId };
    const prior = await claimIdempotency<PrecheckAnswer>(tx, actor, call);
    if (prior) return { answer: prior.replay };
    const { session, regimen } = await ownSession(tx, actor, clinicId, patientId, input.sessionId, SCOPE, true);
    const step = transitionDoseSession(session.status, "precheck_pass");
    if (!step.ok) throw new DomainError("INVALID_TRANSITION", step.message);
    const zone = await patientZone(tx, clinicId, patientId);
    const today = localDate(now, zone);
    if (today < session.scheduledDate) {
      throw new DomainError("RULE_FAILED", `This session is planned for ${session.scheduledDate}. Start it on that day, or move it to an earlier allowed day first.`);
    }
    const first = session.bp1At === null;
    const stored = session.precheckAnswers ? fromStoredAnswers(session.precheckAnswers) : null;
    const answers = first ? input.answers : stored;
    if (!answers) throw new DomainError("BAD_INPUT", "Answer the questions before your blood pressure reading.", ["answers"]);
    const reading: BpReading = { systolic: input.bp.systolic, diastolic: input.bp.diastolic };
    const problem = bpReadingProblem(reading);
    if (problem) throw new DomainError("BAD_INPUT", problem, ["bp"]);

    let confirmationId = session.supportConfirmationId;
    if (!confirmationId && input.supportCode) {
      const check = await verifySupportCode(tx, session, input.supportCode, now);
      if (!check.ok) {
        await releaseIdempotency(tx, actor, call);
        await recordAudit(tx, actor, { action: "dose.support_code", resourceType: "dose_session", resourceId: session.id, patientId, outcome: "denied", detail: { reason: check.reason } });
        return { refused: check.message };
      }
      confirmationId = check.confirmationId;
    }

    const bp1 = first ? reading : { systolic: session.bp1Systolic!, diastolic: session.bp1Diastolic! };
    const bp1At = first ? now : session.bp1At!;
    const [facts, settings] = await Promise.all([doseFacts(tx, regimen), safetySettingsOf(tx, clinicId)]);
    let outcome: GateOutcome;
    try {
      outcome = evaluateGate(
        {
          bp1,
          bp1At,
          bp2: first ? null : reading,
          bp2At: first ? null : now,
          answers,
          supportConfirmed: confirmationId !== null,
          lastTakenAt: facts.lastTakenAt,
          daysBetweenSessions: regimen.daysBetweenSessions,
          sessionsTaken: facts.sessionsTaken,
          sessionsPrescribed: regimen.sessionsPrescribed,
          unitsOnHand: facts.unitsOnHand,
          unitsPerSession: regimen.unitsPerSession,
          regimenStatus: regimen.status,
          now,
          timezone: zone,
        },
        settings,
      );
    } catch (error) {
      if (error instanceof RangeError) throw new DomainError("BAD_INPUT", error.message, ["bp"]);
      throw error;
    }

    const base = { updatedAt: now, supportConfirmationId: confirmationId, ...(first ? { bp1Systolic: reading.systolic, bp1Diastolic: reading.diastolic, bp1At: now, precheckAnswers: toStoredAnswers(answers) } : {}) };
    // A second reading taken before the rest is over is not kept (evaluateGate ignores it too).
    const second = !first && outcome.kind !== "needs_recheck" ? { bp2Systolic: reading.systolic, bp2Diastolic: reading.diastolic, bp2At: now } : {};
    let answer: PrecheckAnswer;
    if (outcome.kind === "needs_recheck") {
      await tx.update(s).set(base).where(and(eq(s.clinicId, clinicId), eq(s.id, session.id)));
      answer = { outcome: "needs_recheck", restUntil: outcome.restUntil, message: outcome.message };
    } else if (outcome.kind === "passed") {
      await tx
        .update(s)
        .set({ ...base, ...second, status: "precheck_passed", precheckAt: now })
        .where(and(eq(s.clinicId, clinicId), eq(s.id, session.id)));
      answer = { outcome: "passed", message: "Your safety check passed. You may take your dose now, with your support person with you.", advice: outcome.advice };
    } else {
      await tx
        .update(s)
        .set({ ...base, ...second, status: "precheck_failed", precheckAt: now, precheckFailedReasons: outcome.reasons.map((x) => x.code) })
        .where(and(eq(s.clinicId, clinicId), eq(s.id, session.id)));
      for (const hit of outcome.alerts) {
        await raiseHit(tx, actor, { clinicId, patientId, hit, sourceType: "dose_session", sourceId: session.id, now });
      }
      // The next allowed day (never today: this session's gate has been decided).
      const [fresh] = await tx.select().from(schema.regimen).where(eq(schema.regimen.id, regimen.id));
      const next = await ensureNextSession(tx, fresh!, now, { notBefore: nextDay(today) });
      answer = {
        outcome: "failed",
        reasons: outcome.reasons,
        urgentCare: outcome.urgentCare,
        crisis: outcome.crisis,
        crisisResources: outcome.crisis ? CRISIS : null,
        alertRaised: outcome.alerts.length > 0,
        nextSession: next ? { id: next.id, scheduledDate: next.scheduledDate } : null,
        message: outcome.urgentCare
          ? "Do not take your medicine. Seek urgent care now."
          : next
            ? `Do not take your medicine today. Your next session is on ${next.scheduledDate}.`
            : "Do not take your medicine today.",
      };
    }
    // The outcome only: the readings and answers are on the session, which the audit names.
    await recordAudit(tx, actor, { action: SCOPE, resourceType: "dose_session", resourceId: session.id, patientId, detail: { outcome: answer.outcome, sequence: session.sequence } });
    await storeIdempotentResponse(tx, actor, call, answer);
    return { answer };
  });
  if ("refused" in result) throw new DomainError("BAD_INPUT", result.refused, ["supportCode"]);
  return result.answer;
}
