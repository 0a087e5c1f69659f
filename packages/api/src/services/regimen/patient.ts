import { PAUSE_REASON_TEXT, type SafetySettings, isEarlyRenewal, ruleA6 } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TRegimenConfirmReceiptInput, TRegimenReportLostInput, TRegimenRequestRenewalInput } from "@clearwell/validators/regimen";
import { and, desc, eq, inArray } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { ownPatient } from "../patient/own-patient";
import { currentSupportPerson } from "../support-person/current";
import { raiseHit, safetySettingsOf } from "./alerting";
import { type RegimenRow, OPEN_STATUSES, REPORT_REASONS, currentRegimenOf, doseFacts, reportSourceId } from "./facts";
import { claimIdempotency, storeIdempotentResponse } from "./idempotency";
import { applyRegimenEvent } from "./lifecycle";
import { patientZone, sessionDates } from "./sessions";
import { REGIMEN_STATUS_TEXT, safetyOf } from "./words";

const r = schema.regimen;

/** The patient's own regimen, locked; another patient's (or none) is NOT_FOUND, audited. */
export async function ownRegimen(tx: DbOrTx, actor: Actor, clinicId: string, patientId: string, regimenId: string, action: string, lock = false): Promise<RegimenRow> {
  const q = tx
    .select()
    .from(r)
    .where(and(eq(r.clinicId, clinicId), eq(r.patientId, patientId), eq(r.id, regimenId)));
  const [row] = lock ? await q.for("no key update") : await q;
  if (!row) throw denied(actor, { action, resourceType: "regimen", resourceId: regimenId }, "NOT_FOUND", "No such regimen for you.");
  return row;
}

/** regimen.mine's answer, read in the caller's transaction. */
export async function regimenView(tx: DbOrTx, clinicId: string, patientId: string, settings: SafetySettings, now: Date) {
  const [current, support] = await Promise.all([currentRegimenOf(tx, clinicId, patientId), currentSupportPerson(tx, clinicId, patientId)]);
  // With none in use or waiting, the latest one that ended (so the patient sees it stopped or finished).
  const regimen =
    current ??
    (
      await tx
        .select()
        .from(r)
        .where(and(eq(r.clinicId, clinicId), eq(r.patientId, patientId)))
        .orderBy(desc(r.createdAt))
        .limit(1)
    )[0] ??
    null;
  const supportPerson = support ? { name: support.name, relationship: support.relationship, status: support.status } : null;
  if (!regimen) return { regimen: null, supportPerson };
  const [facts, zone, receipts, [open]] = await Promise.all([
    doseFacts(tx, regimen),
    patientZone(tx, clinicId, patientId),
    tx
      .select({ id: schema.medicationFill.id })
      .from(schema.medicationFill)
      .where(and(eq(schema.medicationFill.clinicId, clinicId), eq(schema.medicationFill.prescriptionId, regimen.prescriptionId), eq(schema.medicationFill.source, "patient_receipt")))
      .limit(1),
    tx
      .select()
      .from(schema.doseSession)
      .where(and(eq(schema.doseSession.clinicId, clinicId), eq(schema.doseSession.regimenId, regimen.id), inArray(schema.doseSession.status, [...OPEN_STATUSES])))
      .orderBy(desc(schema.doseSession.sequence))
      .limit(1),
  ]);
  const dates = sessionDates(regimen, facts, zone, now);
  const nextSession = open
    ? {
        id: open.id,
        scheduledDate: open.scheduledDate,
        status: open.status,
        canStartNow:
          regimen.status === "active" &&
          (open.status === "precheck_passed" || (open.status === "scheduled" && dates.today >= open.scheduledDate && dates.today >= dates.earliestDate)),
        earliestDate: dates.earliestDate,
      }
    : null;
  return {
    regimen: {
      id: regimen.id,
      status: regimen.status,
      statusText: REGIMEN_STATUS_TEXT[regimen.status],
      productLabel: regimen.productLabel,
      unitLabel: regimen.unitLabel,
      unitsPerSession: regimen.unitsPerSession,
      doseMgPerSession: regimen.doseMgPerSession,
      sessionsPrescribed: regimen.sessionsPrescribed,
      sessionsTaken: facts.sessionsTaken,
      unitsOnHand: facts.unitsOnHand,
      daysBetweenSessions: regimen.daysBetweenSessions,
      nextSession,
      pausedReasonText: regimen.pauseReason ? PAUSE_REASON_TEXT[regimen.pauseReason] : null,
      safety: safetyOf(settings),
      nextFollowUpDate: regimen.nextFollowUpDate,
      canConfirmReceipt: regimen.status === "planned",
      receiptConfirmed: receipts.length > 0,
    },
    supportPerson,
  };
}

/** regimen.mine (DOMAIN.md §1 "O"): the regimen in plain words, units on hand, the next session and the safety instructions. */
export async function myRegimen(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const view = await regimenView(tx, clinicId, patientId, await safetySettingsOf(tx, clinicId), now);
    await recordAudit(tx, actor, { action: "regimen.read_own", resourceType: view.regimen ? "regimen" : "patient", resourceId: view.regimen?.id ?? patientId, patientId });
    return view;
  });
}

/**
 * regimen.confirmReceipt: the patient has the medicine (DOMAIN.md §2 "Regimen: active when ... the
 * patient confirms receipt"). Records the receipt once (the prescribed quantity when no fill notice
 * came, else 0: the notice counts) and activates a planned regimen. A retry returns the same answer.
 */
export async function confirmReceipt(db: Database, actor: Actor, clinicId: string, patientId: string, input: TRegimenConfirmReceiptInput, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const call = { scope: "regimen.confirmReceipt", key: input.idempotencyKey, request: { regimenId: input.regimenId }, patientId };
    const prior = await claimIdempotency<Awaited<ReturnType<typeof regimenView>>>(tx, actor, call);
    if (prior) return prior.replay;
    const regimen = await ownRegimen(tx, actor, clinicId, patientId, input.regimenId, "regimen.confirm_receipt", true);
    if (regimen.status === "completed" || regimen.status === "stopped") {
      throw new DomainError("INVALID_TRANSITION", "This treatment has ended, so there is nothing to confirm. Contact your care team if medicine arrived.");
    }
    const f = schema.medicationFill;
    const fills = await tx
      .select({ source: f.source })
      .from(f)
      .where(and(eq(f.clinicId, clinicId), eq(f.patientId, patientId), eq(f.prescriptionId, regimen.prescriptionId)));
    const firstReceipt = !fills.some((x) => x.source === "patient_receipt");
    if (firstReceipt) {
      const pharmacyCounted = fills.some((x) => x.source === "pharmacy");
      await tx.insert(f).values({
        clinicId,
        patientId,
        regimenId: regimen.id,
        prescriptionId: regimen.prescriptionId,
        source: "patient_receipt",
        fillStatus: "received",
        quantity: pharmacyCounted ? 0 : regimen.unitsPrescribed,
        recordedAt: now,
      });
    }
    if (regimen.status === "planned") {
      await applyRegimenEvent(tx, actor, { clinicId, patientId, regimenId: regimen.id, event: { type: "activate", source: "patient_receipt" }, sourceType: "patient", sourceId: regimen.id, strict: true, now });
    }
    const view = await regimenView(tx, clinicId, patientId, await safetySettingsOf(tx, clinicId), now);
    await recordAudit(tx, actor, { action: "regimen.confirm_receipt", resourceType: "regimen", resourceId: regimen.id, patientId, detail: { firstReceipt } });
    await storeIdempotentResponse(tx, actor, call, view);
    return view;
  });
}

/**
 * regimen.reportLostOrStolen (DOMAIN.md §7 A6 "lost/stolen report"): kept on the regimen's history
 * (the units count against what is on hand), A6 raised for the prescriber in the same transaction,
 * and the patient told what happens next.
 */
export async function reportLostOrStolen(db: Database, actor: Actor, clinicId: string, patientId: string, input: TRegimenReportLostInput, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const call = { scope: "regimen.reportLost", key: input.idempotencyKey, request: { regimenId: input.regimenId, units: input.units, description: input.description }, patientId };
    const prior = await claimIdempotency<{ received: true; message: string }>(tx, actor, call);
    if (prior) return prior.replay;
    const regimen = await ownRegimen(tx, actor, clinicId, patientId, input.regimenId, "regimen.report_lost", true);
    if (regimen.status === "stopped" || regimen.status === "completed") {
      throw new DomainError("INVALID_TRANSITION", "This treatment has ended. Call your care team to tell them about the medicine.");
    }
    const facts = await doseFacts(tx, regimen);
    if (input.units > facts.unitsOnHand + 1e-9) {
      throw new DomainError("BAD_INPUT", `You have ${facts.unitsOnHand} ${regimen.unitLabel}(s) on record. Enter at most that number, or call your care team.`, ["units"]);
    }
    // The patient's words stay on the regimen's history, which only their clinicians read.
    await tx.insert(schema.regimenEvent).values({
      clinicId,
      patientId,
      regimenId: regimen.id,
      fromStatus: regimen.status,
      toStatus: regimen.status,
      reason: `${REPORT_REASONS.lost}: ${input.description}`,
      sourceType: "patient_report",
      sourceId: reportSourceId("units", input.units),
      actorUserId: actor.userId,
      occurredAt: now,
    });
    // DOMAIN.md §7 A6.
    const hit = ruleA6([{ kind: "lost_or_stolen", units: input.units }])!;
    await raiseHit(tx, actor, { clinicId, patientId, hit, sourceType: "regimen", sourceId: regimen.id, now });
    await recordAudit(tx, actor, { action: "regimen.report_lost", resourceType: "regimen", resourceId: regimen.id, patientId, detail: { units: input.units } });
    const answer = {
      received: true as const,
      message:
        "Thank you for telling us. Your prescriber has been told and will contact you within one business day. Keep the rest of your medicine locked away. If it was stolen, you can report it to the police. Do not take extra doses to make up.",
    };
    await storeIdempotentResponse(tx, actor, call, answer);
    return answer;
  });
}

/**
 * regimen.requestRenewal: the request goes on the regimen's history for the prescriber; asked with
 * more than one session still on hand it is early and raises A6 (DOMAIN.md §7).
 */
export async function requestRenewal(db: Database, actor: Actor, clinicId: string, patientId: string, input: TRegimenRequestRenewalInput, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const call = { scope: "regimen.requestRenewal", key: input.idempotencyKey, request: { regimenId: input.regimenId, note: input.note ?? null }, patientId };
    const prior = await claimIdempotency<{ received: true; message: string }>(tx, actor, call);
    if (prior) return prior.replay;
    const regimen = await ownRegimen(tx, actor, clinicId, patientId, input.regimenId, "regimen.request_renewal", true);
    if (regimen.status === "planned" || regimen.status === "stopped") {
      throw new DomainError(
        "INVALID_TRANSITION",
        regimen.status === "planned" ? "Your medicine has not arrived yet, so there is nothing to renew." : "This treatment has stopped. Talk with your care team at your next visit.",
      );
    }
    const facts = await doseFacts(tx, regimen);
    const left = Math.max(0, Math.min(regimen.sessionsPrescribed - facts.sessionsTaken, Math.floor(facts.unitsOnHand / regimen.unitsPerSession + 1e-9)));
    await tx.insert(schema.regimenEvent).values({
      clinicId,
      patientId,
      regimenId: regimen.id,
      fromStatus: regimen.status,
      toStatus: regimen.status,
      reason: input.note ? `${REPORT_REASONS.renewal}: ${input.note}` : REPORT_REASONS.renewal,
      sourceType: "patient_report",
      sourceId: reportSourceId("remaining", left),
      actorUserId: actor.userId,
      occurredAt: now,
    });
    const early = isEarlyRenewal(left);
    if (early) {
      // DOMAIN.md §7 A6 "early refill/renewal request".
      await raiseHit(tx, actor, { clinicId, patientId, hit: ruleA6([{ kind: "early_renewal", sessionsRemaining: left }])!, sourceType: "regimen", sourceId: regimen.id, now });
    }
    await recordAudit(tx, actor, { action: "regimen.request_renewal", resourceType: "regimen", resourceId: regimen.id, patientId, detail: { early } });
    const when = regimen.nextFollowUpDate ? ` at your follow-up on ${regimen.nextFollowUpDate}` : " at your next follow-up";
    const answer = {
      received: true as const,
      message: early
        ? `Your request has been sent to your prescriber. You still have ${left} sessions' worth of medicine, so they will review it${when}, before you run out.`
        : `Your request has been sent to your prescriber. They will review it and contact you, usually${when}. Keep taking sessions only as scheduled.`,
    };
    await storeIdempotentResponse(tx, actor, call, answer);
    return answer;
  });
}
