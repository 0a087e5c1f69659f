import {
  type AlertRuleHit,
  EMERGENCY_GUIDANCE,
  type ReportedSideEffect,
  isSideEffectCode,
  needsEmergencyCare,
  postcheckDueAt,
  ruleA4,
  ruleA5,
  ruleA6,
  transitionDoseSession,
} from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TDoseLogInput, TDosePostcheckInput } from "@clearwell/validators/regimen";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { ownPatient } from "../patient/own-patient";
import { raiseHit, safetySettingsOf } from "../regimen/alerting";
import { doseFacts } from "../regimen/facts";
import { claimIdempotency, storeIdempotentResponse } from "../regimen/idempotency";
import { ensureNextSession } from "../regimen/sessions";
import { CRISIS } from "../regimen/words";
import { ownSession } from "./access";

const s = schema.doseSession;
/** Clocks differ a little between a phone and the server. */
const CLOCK_SKEW_MS = 2 * 60_000;

function checkedEffects(effects: TDoseLogInput["sideEffects"]): ReportedSideEffect[] {
  const unknown = effects.filter((e) => !isSideEffectCode(e.code));
  if (unknown.length) throw new DomainError("BAD_INPUT", "Choose each side effect from the list (pick “Something else” if it is not there).", ["sideEffects"]);
  const seen = new Set<string>();
  for (const e of effects) {
    if (seen.has(e.code)) throw new DomainError("BAD_INPUT", "Each side effect can be chosen once; pick its strongest severity.", ["sideEffects"]);
    seen.add(e.code);
  }
  return effects as ReportedSideEffect[];
}

async function raiseAll(tx: DbOrTx, actor: Actor, hits: (AlertRuleHit | null)[], a: { clinicId: string; patientId: string; sessionId: string; now: Date }) {
  const raised = hits.filter((h): h is AlertRuleHit => h !== null);
  for (const hit of raised) await raiseHit(tx, actor, { clinicId: a.clinicId, patientId: a.patientId, hit, sourceType: "dose_session", sourceId: a.sessionId, now: a.now });
  return raised.length > 0;
}

export interface DoseLogAnswer {
  emergency: boolean;
  emergencyGuidance: string | null;
  alertRaised: boolean;
  message: string;
  postcheckDueAt: Date;
}

/**
 * dose.log (DOMAIN.md §2 "precheck_passed -> taken"; §7 A4, A5, A6): only a passed gate unlocks
 * it. In one transaction: the dose (frozen once taken, trigger), A4 for side effects and
 * dissociation beyond the clinic's window (critical -> the regimen pauses), A5 without the support
 * person, A6 when more units are logged than were dispensed; the next session scheduled. The
 * emergency flag and "call 911" come back at once. A retry with the same key returns the first answer.
 */
export async function logDose(db: Database, actor: Actor, clinicId: string, patientId: string, input: TDoseLogInput, now = new Date()): Promise<DoseLogAnswer> {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const { idempotencyKey, ...request } = input;
    const call = { scope: "dose.log", key: idempotencyKey, request, patientId };
    const prior = await claimIdempotency<DoseLogAnswer>(tx, actor, call);
    if (prior) return prior.replay;
    const { session, regimen } = await ownSession(tx, actor, clinicId, patientId, input.sessionId, "dose.log", true);
    const step = transitionDoseSession(session.status, "take");
    if (!step.ok) throw new DomainError("INVALID_TRANSITION", step.message);
    const effects = checkedEffects(input.sideEffects);
    const takenAt = new Date(input.takenAt);
    if (takenAt.getTime() > now.getTime() + CLOCK_SKEW_MS || (session.precheckAt && takenAt.getTime() < session.precheckAt.getTime() - CLOCK_SKEW_MS)) {
      throw new DomainError("BAD_INPUT", "Enter the time you took the dose: after your safety check and not in the future.", ["takenAt"]);
    }
    const [settings, facts] = await Promise.all([safetySettingsOf(tx, clinicId), doseFacts(tx, regimen)]);
    const due = postcheckDueAt(takenAt, settings.postDoseCheckHours);
    await tx
      .update(s)
      .set({
        status: "taken",
        takenAt,
        unitsTaken: input.unitsTaken,
        dissociationMinutes: input.dissociationMinutes,
        sideEffects: effects,
        supportSignoffName: input.supportSignoffName,
        supportSignoffAt: now,
        postcheckDueAt: due,
        updatedAt: now,
      })
      .where(and(eq(s.clinicId, clinicId), eq(s.id, session.id)));
    const supportPresent = session.precheckAnswers?.support_present === true && session.supportConfirmationId !== null;
    const unitsLogged = facts.unitsLogged + input.unitsTaken;
    const hits = [
      // DOMAIN.md §7 A4.
      ruleA4({ sideEffects: effects, dissociationMinutes: input.dissociationMinutes }, settings),
      // A5: the gate requires the support person, so this holds unless the gate was bypassed.
      ruleA5({ supportPresent, sessionSequence: session.sequence }),
      // A6: more logged than the pharmacy dispensed.
      ruleA6(unitsLogged > facts.unitsDispensed + 1e-9 ? [{ kind: "units_over_dispensed", unitsLogged, unitsDispensed: facts.unitsDispensed }] : []),
    ];
    const alertRaised = await raiseAll(tx, actor, hits, { clinicId, patientId, sessionId: session.id, now });
    const [fresh] = await tx.select().from(schema.regimen).where(eq(schema.regimen.id, regimen.id));
    await ensureNextSession(tx, fresh!, now);
    const emergency = needsEmergencyCare(effects);
    await recordAudit(tx, actor, { action: "dose.log", resourceType: "dose_session", resourceId: session.id, patientId, detail: { sequence: session.sequence, alertRaised } });
    const answer: DoseLogAnswer = {
      emergency,
      emergencyGuidance: emergency ? EMERGENCY_GUIDANCE : null,
      alertRaised,
      message: emergency
        ? "Call 911 now. Your care team has been told and will contact you. Your sessions are on hold until they have spoken with you."
        : alertRaised
          ? "Your dose is logged. Your care team has been told about what you reported and will contact you. Rest with your support person; call 911 if anything gets worse."
          : "Your dose is logged. Rest with your support person until the effects wear off, and do not drive until tomorrow after sleep.",
      postcheckDueAt: due,
    };
    await storeIdempotentResponse(tx, actor, call, answer);
    return answer;
  });
}

export interface PostcheckAnswer {
  emergency: boolean;
  emergencyGuidance: string | null;
  alertRaised: boolean;
  crisis: boolean;
  crisisResources: typeof CRISIS | null;
  message: string;
}

/**
 * dose.postcheck (DOMAIN.md §2 "taken -> postcheck_submitted"): how the patient is a few hours
 * later. New side effects and dissociation that has not worn off raise A4 in the same transaction;
 * feeling in crisis shows the crisis resources at once.
 */
export async function postcheck(db: Database, actor: Actor, clinicId: string, patientId: string, input: TDosePostcheckInput, now = new Date()): Promise<PostcheckAnswer> {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const { idempotencyKey, ...request } = input;
    const call = { scope: "dose.postcheck", key: idempotencyKey, request, patientId };
    const prior = await claimIdempotency<PostcheckAnswer>(tx, actor, call);
    if (prior) return prior.replay;
    const { session } = await ownSession(tx, actor, clinicId, patientId, input.sessionId, "dose.postcheck", true);
    const step = transitionDoseSession(session.status, "postcheck");
    if (!step.ok) throw new DomainError("INVALID_TRANSITION", step.message);
    const effects = checkedEffects(input.sideEffects);
    const settings = await safetySettingsOf(tx, clinicId);
    await tx
      .update(s)
      .set({
        status: "postcheck_submitted",
        postcheckAt: now,
        postcheck: { feeling: input.feeling, side_effects: effects, dissociation_resolved: input.dissociationResolved, ...(input.notes ? { notes: input.notes } : {}) },
        updatedAt: now,
      })
      .where(and(eq(s.clinicId, clinicId), eq(s.id, session.id)));
    // DOMAIN.md §7 A4 (post-dose).
    const alertRaised = await raiseAll(tx, actor, [ruleA4({ sideEffects: effects, dissociationResolved: input.dissociationResolved }, settings)], { clinicId, patientId, sessionId: session.id, now });
    const emergency = needsEmergencyCare(effects);
    const crisis = input.feeling === "in_crisis";
    await recordAudit(tx, actor, { action: "dose.postcheck", resourceType: "dose_session", resourceId: session.id, patientId, detail: { sequence: session.sequence, alertRaised } });
    const answer: PostcheckAnswer = {
      emergency,
      emergencyGuidance: emergency ? EMERGENCY_GUIDANCE : null,
      alertRaised,
      crisis,
      crisisResources: crisis ? CRISIS : null,
      message: emergency
        ? "Call 911 now. Your care team has been told."
        : alertRaised
          ? "Thank you. Your care team has been told and will contact you. Call 911 if anything gets worse."
          : "Thank you. Your after-session check is done.",
    };
    await storeIdempotentResponse(tx, actor, call, answer);
    return answer;
  });
}
