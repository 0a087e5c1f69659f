import { RULE_TITLES, type AlertRuleId, decisionInEffect, reconcile } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TRegimenActionInput } from "@clearwell/validators/regimen";
import { and, arrayContains, asc, count, desc, eq, inArray, ne } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { currentDecisionRow, statusOf } from "../decision/evidence";
import { fromStoredAnswers } from "../dose/access";
import { currentSupportPerson } from "../support-person/current";
import { type RegimenRow, TAKEN_STATUSES, currentRegimenOf, doseFacts } from "./facts";
import { applyRegimenEvent } from "./lifecycle";
import { patientZone } from "./sessions";
import { sideEffectsView } from "./words";

const r = schema.regimen;
const SESSION_LIMIT = 200;
const EVENT_LIMIT = 200;
/** Alerts whose auto-pause a clinician lifts only once the alert is resolved (DOMAIN.md §7 A1, A4). */
const PAUSING_ALERTS: readonly AlertRuleId[] = ["A1", "A4"];

const record = (x: RegimenRow) => ({
  id: x.id,
  prescriptionId: x.prescriptionId,
  status: x.status,
  productLabel: x.productLabel,
  unitLabel: x.unitLabel,
  unitsPerSession: x.unitsPerSession,
  doseMgPerSession: x.doseMgPerSession,
  daysBetweenSessions: x.daysBetweenSessions,
  sessionsPrescribed: x.sessionsPrescribed,
  unitsPrescribed: x.unitsPrescribed,
  firstSessionDate: x.firstSessionDate,
  nextFollowUpDate: x.nextFollowUpDate,
  activatedAt: x.activatedAt,
  activationSource: x.activationSource,
  pauseReason: x.pauseReason,
  pausedAt: x.pausedAt,
  endedAt: x.endedAt,
  endReason: x.endReason,
  version: x.version,
  createdAt: x.createdAt,
});

/**
 * Why a resume would be refused now (DOMAIN.md §7 A1 "auto-paused until clinician clears", A4
 * "eligibility re-decided"): an unresolved A1/A4 alert of the patient, or no eligibility decision
 * for at-home treatment in effect.
 */
export async function resumeBlockers(tx: DbOrTx, regimen: RegimenRow, now: Date): Promise<string[]> {
  const a = schema.safetyAlert;
  const [open, decision] = await Promise.all([
    tx
      .select({ type: a.type, createdAt: a.createdAt })
      .from(a)
      .where(and(eq(a.clinicId, regimen.clinicId), eq(a.patientId, regimen.patientId), inArray(a.type, [...PAUSING_ALERTS]), ne(a.status, "resolved"))),
    currentDecisionRow(tx, regimen.clinicId, regimen.patientId),
  ]);
  const out = open.map((x) => `Resolve the open ${x.type} alert (${RULE_TITLES[x.type as AlertRuleId].toLowerCase()}) first.`);
  if (!decision || decision.outcome !== "eligible_at_home") out.push("The patient has no at-home eligibility decision: record one first.");
  else if (!(await decisionCurrent(tx, decision, now))) out.push("The eligibility decision is not current (expired, invalidated or awaiting co-signature): decide eligibility again first.");
  return out;
}

/** Whether the decision is in effect; one whose evidence cannot be read is not. */
async function decisionCurrent(tx: DbOrTx, decision: NonNullable<Awaited<ReturnType<typeof currentDecisionRow>>>, now: Date) {
  try {
    return decisionInEffect(await statusOf(tx, decision, now));
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/** The chart's "Home regimen" panel in the caller's transaction. */
async function panel(tx: DbOrTx, clinicId: string, patientId: string, now: Date) {
  const current =
    (await currentRegimenOf(tx, clinicId, patientId)) ??
    (await tx
      .select()
      .from(r)
      .where(and(eq(r.clinicId, clinicId), eq(r.patientId, patientId)))
      .orderBy(desc(r.createdAt))
      .limit(1)
      .then((rows) => rows[0] ?? null));
  const previous = await tx
    .select()
    .from(r)
    .where(and(eq(r.clinicId, clinicId), eq(r.patientId, patientId), ...(current ? [ne(r.id, current.id)] : [])))
    .orderBy(desc(r.createdAt))
    .limit(20);
  const support = await currentSupportPerson(tx, clinicId, patientId);
  const supportPerson = support ? { name: support.name, relationship: support.relationship, status: support.status, phone: support.phone } : null;
  const prev = previous.map((x) => ({ id: x.id, status: x.status, productLabel: x.productLabel, activatedAt: x.activatedAt, endedAt: x.endedAt, endReason: x.endReason }));
  if (!current) return { regimen: null, previous: prev, sessions: [], reconciliation: null, fills: [], events: [], resumeBlockers: [], supportPerson };

  const s = schema.doseSession;
  const f = schema.medicationFill;
  const e = schema.regimenEvent;
  const [sessions, fills, events, facts, zone, [early]] = await Promise.all([
    tx
      .select()
      .from(s)
      .where(and(eq(s.clinicId, clinicId), eq(s.patientId, patientId), eq(s.regimenId, current.id)))
      .orderBy(desc(s.sequence))
      .limit(SESSION_LIMIT),
    tx
      .select()
      .from(f)
      .where(and(eq(f.clinicId, clinicId), eq(f.patientId, patientId), eq(f.prescriptionId, current.prescriptionId)))
      .orderBy(asc(f.recordedAt)),
    tx
      .select({ event: e, actorName: schema.user.name })
      .from(e)
      .leftJoin(schema.user, eq(schema.user.id, e.actorUserId))
      .where(and(eq(e.clinicId, clinicId), eq(e.regimenId, current.id)))
      .orderBy(desc(e.occurredAt), desc(e.id))
      .limit(EVENT_LIMIT),
    doseFacts(tx, current),
    patientZone(tx, clinicId, patientId),
    tx
      .select({ n: count() })
      .from(s)
      .where(and(eq(s.clinicId, clinicId), eq(s.regimenId, current.id), eq(s.status, "precheck_failed"), arrayContains(s.precheckFailedReasons, ["too_soon"]))),
  ]);
  const taken = sessions.filter((x) => (TAKEN_STATUSES as readonly string[]).includes(x.status) && x.takenAt);
  const reconciliation = reconcile({
    unitsDispensed: facts.unitsDispensed,
    doses: taken.map((x) => ({ takenAt: x.takenAt!, unitsTaken: x.unitsTaken ?? 0 })),
    sessionsPrescribed: current.sessionsPrescribed,
    daysBetweenSessions: current.daysBetweenSessions,
    earlyAttempts: early?.n ?? 0,
    lostReports: facts.lostReports,
    renewalRequests: facts.renewalRequests,
    timezone: zone,
  });
  const reading = (sys: number | null, dia: number | null, at: Date | null) => (sys !== null && dia !== null && at ? { systolic: sys, diastolic: dia, at } : null);
  return {
    regimen: record(current),
    previous: prev,
    sessions: sessions.map((x) => ({
      id: x.id,
      sequence: x.sequence,
      scheduledDate: x.scheduledDate,
      status: x.status,
      bp1: reading(x.bp1Systolic, x.bp1Diastolic, x.bp1At),
      bp2: reading(x.bp2Systolic, x.bp2Diastolic, x.bp2At),
      precheckAnswers: x.precheckAnswers ? fromStoredAnswers(x.precheckAnswers) : null,
      precheckFailedReasons: x.precheckFailedReasons ?? [],
      precheckAt: x.precheckAt,
      supportConfirmed: x.supportConfirmationId !== null,
      takenAt: x.takenAt,
      unitsTaken: x.unitsTaken,
      dissociationMinutes: x.dissociationMinutes,
      sideEffects: sideEffectsView(x.sideEffects),
      supportSignoffName: x.supportSignoffName,
      postcheckAt: x.postcheckAt,
      postcheck: x.postcheck
        ? { feeling: x.postcheck.feeling, sideEffects: sideEffectsView(x.postcheck.side_effects), dissociationResolved: x.postcheck.dissociation_resolved, notes: x.postcheck.notes ?? null }
        : null,
      missedAt: x.missedAt,
    })),
    reconciliation,
    fills: fills.map((x) => ({ id: x.id, source: x.source, fillStatus: x.fillStatus, quantity: x.quantity, dispensedDate: x.dispensedDate, recordedAt: x.recordedAt })),
    events: events.map(({ event: x, actorName }) => ({
      id: x.id,
      fromStatus: x.fromStatus,
      toStatus: x.toStatus,
      reason: x.reason,
      sourceType: x.sourceType,
      actorName,
      occurredAt: x.occurredAt,
    })),
    resumeBlockers: current.status === "paused" ? await resumeBlockers(tx, current, now) : [],
    supportPerson,
  };
}

/** regimen.forPatient (DOMAIN.md §1 "Log dose/BP/side effects: Provider/Prescriber view", assigned only). */
export async function regimenForPatient(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, patientId, "regimen.read");
    const view = await panel(tx, clinicId, patientId, now);
    await recordAudit(tx, actor, { action: "regimen.read", resourceType: view.regimen ? "regimen" : "patient", resourceId: view.regimen?.id ?? patientId, patientId });
    return view;
  });
}

/** The regimen of this clinic, locked, whose patient the clinician is assigned to; else NOT_FOUND (audited). */
async function clinicianRegimen(tx: DbOrTx, actor: Actor, clinicId: string, regimenId: string, action: string) {
  const [row] = await tx
    .select()
    .from(r)
    .where(and(eq(r.clinicId, clinicId), eq(r.id, regimenId)))
    .for("no key update");
  if (!row) throw denied(actor, { action, resourceType: "regimen", resourceId: regimenId }, "NOT_FOUND", "No such regimen among your patients.");
  await assignedPatient(tx, actor, clinicId, row.patientId, action);
  return row;
}

/**
 * regimen.pause / resume / stop by one of the patient's clinicians, with their reason on the
 * regimen's history. Resume is refused while an A1/A4 alert is unresolved or no at-home
 * eligibility decision is in effect (resumeBlockers).
 */
export async function clinicianRegimenAction(db: Database, actor: Actor, clinicId: string, action: "pause" | "resume" | "stop", input: TRegimenActionInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await clinicianRegimen(tx, actor, clinicId, input.regimenId, `regimen.${action}`);
    if (action === "resume" && row.status === "paused") {
      const blockers = await resumeBlockers(tx, row, now);
      if (blockers.length) throw new DomainError("RULE_FAILED", "The regimen cannot be resumed yet.", blockers);
    }
    const event = action === "pause" ? ({ type: "pause", reason: "clinician" } as const) : action === "stop" ? ({ type: "stop", reason: "clinician" } as const) : ({ type: "resume" } as const);
    await applyRegimenEvent(tx, actor, { clinicId, patientId: row.patientId, regimenId: row.id, event, sourceType: "staff", sourceId: actor.userId, strict: true, note: input.reason, now });
    return panel(tx, clinicId, row.patientId, now);
  });
}
