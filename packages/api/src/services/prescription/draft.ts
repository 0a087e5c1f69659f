import { checkDraftCreation, checkPrescription, decisionInEffect, doseUnitsPerDispenseUnit, sessionsUntilFollowUp, transitionPrescription } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TPrescriptionCheckInput, TPrescriptionCreateDraftInput, TPrescriptionUpdateDraftInput } from "@clearwell/validators/prescription";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { assertMayDraft, assertNamedPrescriber, prescriptionForRead, prescriptionForUpdate } from "./access";
import { clinicPrescribing } from "./config";
import { readyContentOf, readyContentSha256 } from "./content";
import { type DraftFacts, type DraftFields, type PatientFacts, type PrescriptionRow, fieldsOfRow, formularyEntryOf, gatherFacts } from "./facts";
import { recordPrescriptionEvent } from "./events";
import { checkView, detailOf } from "./view";

const rx = schema.prescription;

/** The checklist (RX01..RX19) on the facts, with the clinic's clock, zone and configuration. */
export const runCheck = (p: PatientFacts, f: DraftFacts, now: Date, writtenDate?: string) =>
  checkPrescription({ ...f.input, writtenDate: writtenDate ?? null }, { now, timeZone: p.settings.timeZone, config: p.settings.config });

const reasonsOf = (findings: readonly { ruleId: string; message: string }[]) => findings.map((f) => `${f.ruleId}: ${f.message}`);

/** Fields the caller typed that point at nothing of this clinic/patient are refused by field, before the database's keys would. */
function assertReferences(f: DraftFacts, changed: Partial<Record<keyof DraftFields, unknown>>) {
  const bad: string[] = [];
  if (changed.formularyEntryId !== undefined && f.fields.formularyEntryId && !f.formulary) bad.push("formularyEntryId");
  if (changed.pharmacyId !== undefined && f.fields.pharmacyId && !f.pharmacy) bad.push("pharmacyId");
  if (changed.basisAppointmentId !== undefined && f.fields.basisAppointmentId && !f.appointment) bad.push("basisAppointmentId");
  if (f.fields.deaRegistrationId && !f.dea) bad.push("deaRegistrationId");
  if (bad.length) throw new DomainError("BAD_INPUT", "Choose from the clinic's formulary, pharmacy directory, the patient's visits and the prescriber's own DEA registrations.", bad);
}

/** The decision to store: the current one when it is in effect (a newer decision supersedes the draft's). */
const decisionIdFor = (p: PatientFacts, fallback: string) => (p.decision && decisionInEffect(p.decision.status) ? p.decision.row.id : fallback);

/**
 * prescription.check: the live checklist while the prescriber types (no write). The typed fields
 * over the stored draft when `id` is given; facts from the server only. Audited as a read of the
 * patient's chart (it shows the decision, credentials and PDMP state).
 */
export async function checkDraft(db: Database, actor: Actor, clinicId: string, input: TPrescriptionCheckInput, now = new Date()) {
  return db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, input.patientId, "prescription.check");
    let base: DraftFields | null = null;
    if (input.id) {
      const row = await prescriptionForRead(tx, actor, clinicId, input.id, "prescription.check");
      if (row.patientId !== input.patientId) throw new DomainError("NOT_FOUND", "No such prescription of this patient.");
      base = fieldsOfRow(row);
    }
    const fields = mergeFields(base, input, actor);
    const { patient, drafts } = await gatherFacts(tx, clinicId, input.patientId, [fields], now, { excludePrescriptionIds: input.id ? [input.id] : [] });
    const f = drafts[0]!;
    const check = runCheck(patient, f, now);
    await recordAudit(tx, actor, { action: "prescription.check", resourceType: input.id ? "prescription" : "patient", resourceId: input.id ?? input.patientId, patientId: input.patientId });
    return checkView(check, f);
  });
}

/** Typed fields over stored ones (undefined = unchanged); the named prescriber defaults to the caller when they are one. */
function mergeFields(base: DraftFields | null, input: Partial<Omit<DraftFields, "pdmpCheckId" | "prescriberUserId">> & { prescriberUserId?: string | undefined }, actor: Actor): DraftFields {
  const pick = <K extends keyof DraftFields>(k: K, fallback: DraftFields[K]): DraftFields[K] => {
    const v = (input as Partial<DraftFields>)[k];
    return v === undefined ? (base ? base[k] : fallback) : (v as DraftFields[K]);
  };
  const self = actor.roles.includes("prescriber") ? actor.userId! : "";
  return {
    prescriberUserId: input.prescriberUserId ?? base?.prescriberUserId ?? self,
    basisAppointmentId: pick("basisAppointmentId", null),
    noteId: pick("noteId", null),
    formularyEntryId: pick("formularyEntryId", null),
    pharmacyId: pick("pharmacyId", null),
    deaRegistrationId: pick("deaRegistrationId", null),
    // A draft follows the latest PDMP check; only marking ready pins one.
    pdmpCheckId: null,
    unitsPerSession: pick("unitsPerSession", null),
    daysBetweenSessions: pick("daysBetweenSessions", null),
    quantity: pick("quantity", null),
    refills: pick("refills", null),
    firstSessionDate: pick("firstSessionDate", null),
    substitutionsAllowed: pick("substitutionsAllowed", false),
    noteToPharmacy: pick("noteToPharmacy", null),
    legalBasis: pick("legalBasis", null),
  };
}

/**
 * Default quantity (DOMAIN.md §4.2 "Sessions per fill: sessions until next follow-up"): the
 * sessions before the next follow-up, at most the entry's sessions per fill, in dispense units.
 */
function defaultQuantity(p: PatientFacts, f: DraftFacts): number | null {
  const d = f.fields;
  if (!f.formulary || !d.unitsPerSession || !d.daysBetweenSessions) return null;
  const e = formularyEntryOf(f.formulary);
  const untilFollowUp = p.nextFollowUp ? sessionsUntilFollowUp(d.firstSessionDate ?? p.today, p.nextFollowUp.date, d.daysBetweenSessions) : e.bounds.maxSessionsPerFill;
  const sessions = Math.max(1, Math.min(e.bounds.maxSessionsPerFill, untilFollowUp));
  return Math.floor(((sessions * d.unitsPerSession) / doseUnitsPerDispenseUnit(e)) * 100) / 100;
}

/**
 * prescription.createDraft (DOMAIN.md §2 "- create -> draft"; guard: a current eligible_at_home
 * decision and a linked audio-video visit, `checkDraftCreation` RX10 + RX13). Names the registrant
 * who must sign (1311.135). Refills default to the clinic's default, the quantity to the sessions
 * until the next follow-up, the legal basis to the flexibility in force; the sig is rendered. A
 * retry with the same key returns the same draft. One transaction: row, event, audit last.
 */
export async function createDraft(db: Database, actor: Actor, clinicId: string, input: TPrescriptionCreateDraftInput, now = new Date()) {
  return db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, input.patientId, "prescription.draft");
    const [prior] = await tx
      .select()
      .from(rx)
      .where(and(eq(rx.clinicId, clinicId), eq(rx.createdByUserId, actor.userId!), eq(rx.idempotencyKey, input.idempotencyKey)));
    if (prior) return replayOf(tx, actor, clinicId, prior, input.patientId, now);

    const settings = await clinicPrescribing(tx, clinicId);
    assertMayDraft(actor, settings, { action: "prescription.draft", resourceType: "patient", resourceId: input.patientId, patientId: input.patientId });
    const fields = mergeFields(null, input, actor);
    if (!fields.prescriberUserId) throw new DomainError("BAD_INPUT", "Name the prescriber who will sign this prescription.", ["prescriberUserId"]);
    await assertNamedPrescriber(tx, clinicId, input.patientId, fields.prescriberUserId);
    if (fields.refills === null) fields.refills = settings.config.defaultRefills;

    let { patient, drafts } = await gatherFacts(tx, clinicId, input.patientId, [fields], now);
    let f = drafts[0]!;
    assertReferences(f, input);
    const gate = checkDraftCreation(f.input, now, settings.timeZone);
    if (!gate.ok) throw new DomainError("RULE_FAILED", "A prescription starts from a current at-home eligibility decision and an audio-video visit.", reasonsOf(gate.findings));
    if (fields.quantity === null) {
      fields.quantity = defaultQuantity(patient, f);
      ({ patient, drafts } = await gatherFacts(tx, clinicId, input.patientId, [fields], now));
      f = drafts[0]!;
    }

    const [row] = await tx
      .insert(rx)
      .values({
        clinicId,
        patientId: input.patientId,
        status: "draft",
        prescriberUserId: fields.prescriberUserId,
        createdByUserId: actor.userId!,
        idempotencyKey: input.idempotencyKey,
        decisionId: patient.decision!.row.id,
        basisAppointmentId: fields.basisAppointmentId!,
        noteId: f.effective.noteId,
        formularyEntryId: fields.formularyEntryId,
        pharmacyId: fields.pharmacyId,
        deaRegistrationId: fields.deaRegistrationId,
        unitsPerSession: fields.unitsPerSession,
        daysBetweenSessions: fields.daysBetweenSessions,
        quantity: fields.quantity,
        refills: fields.refills,
        firstSessionDate: fields.firstSessionDate,
        nextFollowUpDate: f.effective.nextFollowUpDate,
        substitutionsAllowed: fields.substitutionsAllowed,
        noteToPharmacy: fields.noteToPharmacy,
        legalBasis: f.effective.legalBasis,
        sig: f.effective.sig,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      // The same key raced in from a second request: return what the first made.
      const [raced] = await tx
        .select()
        .from(rx)
        .where(and(eq(rx.clinicId, clinicId), eq(rx.createdByUserId, actor.userId!), eq(rx.idempotencyKey, input.idempotencyKey)));
      return replayOf(tx, actor, clinicId, raced!, input.patientId, now);
    }
    await recordPrescriptionEvent(tx, actor, { clinicId, prescriptionId: row.id, from: null, to: "draft", event: "create", at: now });
    const check = runCheck(patient, f, now);
    await recordAudit(tx, actor, { action: "prescription.draft", resourceType: "prescription", resourceId: row.id, patientId: row.patientId, detail: { event: "create", prescriberUserId: row.prescriberUserId } });
    return { prescription: await detailOf(tx, clinicId, row), check: checkView(check, f) };
  });
}

/** A create retried with its key: the draft it made (the key names one draft of one patient). */
async function replayOf(tx: DbOrTx, actor: Actor, clinicId: string, row: PrescriptionRow, patientId: string, now: Date) {
  if (row.patientId !== patientId) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This request key was already used for another prescription.");
  const { patient, drafts } = await gatherFacts(tx, clinicId, row.patientId, [fieldsOfRow(row)], now, { excludePrescriptionIds: [row.id] });
  const check = runCheck(patient, drafts[0]!, now);
  await recordAudit(tx, actor, { action: "prescription.read", resourceType: "prescription", resourceId: row.id, patientId: row.patientId, detail: { replay: "prescription.draft" } });
  return { prescription: await detailOf(tx, clinicId, row), check: checkView(check, drafts[0]!) };
}

/**
 * prescription.updateDraft: optimistic `version` (a stale one is refused: reload first). Editing a
 * prescription waiting for signature sends it back to draft (DOMAIN.md §2 "pending_signature --edit-->
 * draft"; checks re-run): its ready version and hash are cleared, so the ceremony cannot sign it.
 */
export async function updateDraft(db: Database, actor: Actor, clinicId: string, input: TPrescriptionUpdateDraftInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await prescriptionForUpdate(tx, actor, clinicId, input.id, "prescription.draft");
    const settings = await clinicPrescribing(tx, clinicId);
    assertMayDraft(actor, settings, { action: "prescription.draft", resourceType: "prescription", resourceId: row.id, patientId: row.patientId });
    if (row.status !== "draft" && row.status !== "pending_signature") {
      throw new DomainError("INVALID_TRANSITION", "Only a draft or a prescription waiting for signature can be edited. A signed prescription is never changed: cancel it and write a new one.");
    }
    if (row.version !== input.version) throw new DomainError("CONFLICT", "This prescription changed since you opened it. Reload it and make your change again.");
    const base = fieldsOfRow(row);
    const fields = mergeFields(base, input, actor);
    if (input.prescriberUserId !== undefined && input.prescriberUserId !== row.prescriberUserId) {
      await assertNamedPrescriber(tx, clinicId, row.patientId, input.prescriberUserId);
      // The registration printed is the named prescriber's own (1311.135(b)): pick again.
      if (input.deaRegistrationId === undefined) fields.deaRegistrationId = null;
    }
    const { patient, drafts } = await gatherFacts(tx, clinicId, row.patientId, [fields], now, { excludePrescriptionIds: [row.id] });
    const f = drafts[0]!;
    assertReferences(f, input);
    const [updated] = await tx
      .update(rx)
      .set({
        status: "draft",
        prescriberUserId: fields.prescriberUserId,
        decisionId: decisionIdFor(patient, row.decisionId),
        basisAppointmentId: fields.basisAppointmentId ?? row.basisAppointmentId,
        noteId: fields.noteId,
        formularyEntryId: fields.formularyEntryId,
        pharmacyId: fields.pharmacyId,
        deaRegistrationId: fields.deaRegistrationId,
        pdmpCheckId: null,
        unitsPerSession: fields.unitsPerSession,
        daysBetweenSessions: fields.daysBetweenSessions,
        quantity: fields.quantity,
        refills: fields.refills,
        firstSessionDate: fields.firstSessionDate,
        nextFollowUpDate: f.effective.nextFollowUpDate,
        substitutionsAllowed: fields.substitutionsAllowed,
        noteToPharmacy: fields.noteToPharmacy,
        legalBasis: fields.legalBasis,
        sig: f.effective.sig,
        version: row.version + 1,
        readyAt: null,
        readyVersion: null,
        readyContentSha256: null,
        updatedAt: now,
      })
      .where(eq(rx.id, row.id))
      .returning();
    if (row.status === "pending_signature") {
      await recordPrescriptionEvent(tx, actor, { clinicId, prescriptionId: row.id, from: "pending_signature", to: "draft", event: "edit", at: now });
    }
    const check = runCheck(patient, f, now);
    await recordAudit(tx, actor, {
      action: "prescription.draft",
      resourceType: "prescription",
      resourceId: row.id,
      patientId: row.patientId,
      detail: { event: "update", version: updated!.version, ...(row.status === "pending_signature" ? { backToDraft: true } : {}) },
    });
    return { prescription: await detailOf(tx, clinicId, updated!), check: checkView(check, f) };
  });
}

/**
 * prescription.markReady (DOMAIN.md §2 "draft --mark ready--> pending_signature"; guard: every hard
 * block passes, DOMAIN.md §4.5). Freezes what the ceremony will show: the version, the DEA
 * registration, PDMP check, note and legal basis picked, and the SHA-256 of the ready content;
 * any later change of the content (here or in what it is built from) sends it back to draft.
 */
export async function markReady(db: Database, actor: Actor, clinicId: string, input: { id: string; version: number }, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await prescriptionForUpdate(tx, actor, clinicId, input.id, "epcs.rx.ready");
    const settings = await clinicPrescribing(tx, clinicId);
    assertMayDraft(actor, settings, { action: "epcs.rx.ready", resourceType: "prescription", resourceId: row.id, patientId: row.patientId });
    if (row.version !== input.version) throw new DomainError("CONFLICT", "This prescription changed since you opened it. Reload it and check it again.");
    const { patient, drafts } = await gatherFacts(tx, clinicId, row.patientId, [fieldsOfRow(row)], now, { excludePrescriptionIds: [row.id] });
    const f = drafts[0]!;
    const check = runCheck(patient, f, now);
    const step = transitionPrescription(row.status, "mark_ready", { blockingFindings: check.blocking });
    if (!step.ok) {
      if (step.code === "hard_blocks") throw new DomainError("RULE_FAILED", "Fix the checklist before marking this prescription ready to sign.", reasonsOf(check.blocking));
      throw new DomainError("INVALID_TRANSITION", step.message);
    }
    // Frozen with the ready version: the picks the checklist just passed on.
    f.fields.deaRegistrationId = f.effective.deaRegistrationId;
    f.fields.pdmpCheckId = f.effective.pdmpCheckId;
    f.fields.noteId = f.effective.noteId;
    f.fields.legalBasis = f.effective.legalBasis;
    const sha = readyContentSha256(readyContentOf(row.id, clinicId, patient, f, check.figures));
    const [updated] = await tx
      .update(rx)
      .set({
        status: "pending_signature",
        decisionId: decisionIdFor(patient, row.decisionId),
        deaRegistrationId: f.effective.deaRegistrationId,
        pdmpCheckId: f.effective.pdmpCheckId,
        noteId: f.effective.noteId,
        legalBasis: f.effective.legalBasis,
        nextFollowUpDate: f.effective.nextFollowUpDate,
        sig: f.effective.sig,
        readyAt: now,
        readyVersion: row.version,
        readyContentSha256: sha,
        updatedAt: now,
      })
      .where(eq(rx.id, row.id))
      .returning();
    await recordPrescriptionEvent(tx, actor, { clinicId, prescriptionId: row.id, from: "draft", to: "pending_signature", event: "mark_ready", at: now, detail: { readyVersion: row.version, sha256: sha } });
    await recordAudit(tx, actor, { action: "epcs.rx.ready", resourceType: "prescription", resourceId: row.id, patientId: row.patientId, detail: { readyVersion: row.version, sha256: sha, prescriberUserId: row.prescriberUserId } });
    return { prescription: await detailOf(tx, clinicId, updated!), check: checkView(check, f) };
  });
}

/** prescription.backToDraft: a prescription waiting for signature goes back to draft (DOMAIN.md §2 "edit"). */
export async function backToDraft(db: Database, actor: Actor, clinicId: string, input: { id: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await prescriptionForUpdate(tx, actor, clinicId, input.id, "prescription.draft");
    const settings = await clinicPrescribing(tx, clinicId);
    assertMayDraft(actor, settings, { action: "prescription.draft", resourceType: "prescription", resourceId: row.id, patientId: row.patientId });
    const step = transitionPrescription(row.status, "edit");
    if (!step.ok) throw new DomainError("INVALID_TRANSITION", step.message);
    const [updated] = await tx
      .update(rx)
      .set({ status: "draft", version: row.version + 1, readyAt: null, readyVersion: null, readyContentSha256: null, pdmpCheckId: null, updatedAt: now })
      .where(eq(rx.id, row.id))
      .returning();
    await recordPrescriptionEvent(tx, actor, { clinicId, prescriptionId: row.id, from: "pending_signature", to: "draft", event: "edit", at: now, detail: { reason: "back_to_draft" } });
    await recordAudit(tx, actor, { action: "prescription.draft", resourceType: "prescription", resourceId: row.id, patientId: row.patientId, detail: { event: "back_to_draft", version: updated!.version } });
    return detailOf(tx, clinicId, updated!);
  });
}

/** prescription.void (DOMAIN.md §2 "draft, pending_signature --void--> voided"), with the reason. The row is kept. */
export async function voidPrescription(db: Database, actor: Actor, clinicId: string, input: { id: string; reason: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await prescriptionForUpdate(tx, actor, clinicId, input.id, "prescription.void");
    const settings = await clinicPrescribing(tx, clinicId);
    assertMayDraft(actor, settings, { action: "prescription.void", resourceType: "prescription", resourceId: row.id, patientId: row.patientId });
    const step = transitionPrescription(row.status, "void");
    if (!step.ok) throw new DomainError("INVALID_TRANSITION", step.code === "invalid_transition" ? `${step.message} A signed prescription is cancelled instead.` : step.message);
    const [updated] = await tx
      .update(rx)
      .set({ status: "voided", voidedAt: now, voidedByUserId: actor.userId!, voidedReason: input.reason, updatedAt: now })
      .where(eq(rx.id, row.id))
      .returning();
    await recordPrescriptionEvent(tx, actor, { clinicId, prescriptionId: row.id, from: row.status, to: "voided", event: "void", at: now });
    await recordAudit(tx, actor, { action: "prescription.void", resourceType: "prescription", resourceId: row.id, patientId: row.patientId, detail: { from: row.status } });
    return detailOf(tx, clinicId, updated!);
  });
}
