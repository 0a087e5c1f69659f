import { type RegimenEvent, type RegimenStatus, regimenFromPrescription, transitionRegimen } from "@clearwell/clinical";
import type { DbOrTx, Transaction } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, desc, eq, inArray, ne } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { logger } from "../../logger";
import { recordAudit } from "../audit/record-audit";
import type { PrescriptionRow } from "../prescription/facts";
import { signedContentView } from "../prescription/view";
import { type RegimenRow, activeRegimenOf } from "./facts";
import { ensureNextSession } from "./sessions";

export { activeRegimenOf };

const r = schema.regimen;

export interface ApplyRegimenEventInput {
  clinicId: string;
  patientId: string;
  /** Default: the regimen in use (active/paused); for `activate`, the newest planned one. */
  regimenId?: string;
  event: RegimenEvent;
  /** What caused it: 'safety_alert', 'rx_inbox', 'prescription', 'clinical_note', 'staff', 'patient', 'job'. */
  sourceType: string;
  sourceId?: string | null;
  /** A user action: an impossible transition is refused (DomainError). Default: a side effect, a no-op. */
  strict?: boolean;
  /** Words for the history (a clinician's reason); default the event's reason code. */
  note?: string;
  now?: Date;
}

export type ApplyRegimenResult =
  | { changed: true; regimen: RegimenRow; from: RegimenStatus; to: RegimenStatus }
  | { changed: false; regimen: RegimenRow | null; code: "no_regimen" | "invalid_transition" | "already_in_state"; message: string };

/**
 * The regimen row to act on, locked for the write. NO KEY UPDATE (what the update itself takes): a
 * concurrent transaction holding KEY SHARE on it from a foreign-key check (a check-in or dose row
 * written with this regimen) does not block it, so two A1 raises for one patient cannot deadlock.
 */
async function lockTarget(tx: DbOrTx, i: ApplyRegimenEventInput): Promise<RegimenRow | null> {
  const scope = and(eq(r.clinicId, i.clinicId), eq(r.patientId, i.patientId));
  if (i.regimenId) {
    const [row] = await tx
      .select()
      .from(r)
      .where(and(scope, eq(r.id, i.regimenId)))
      .for("no key update");
    return row ?? null;
  }
  const statuses: RegimenStatus[] = i.event.type === "activate" ? ["planned"] : ["active", "paused"];
  const [row] = await tx
    .select()
    .from(r)
    .where(and(scope, inArray(r.status, statuses)))
    .orderBy(desc(r.createdAt))
    .limit(1)
    .for("no key update");
  return row ?? null;
}

const reasonOf = (e: RegimenEvent) => ("reason" in e ? e.reason : "source" in e ? e.source : e.type);

/**
 * One regimen transition (DOMAIN.md §2 "Regimen": planned -> active <-> paused -> completed |
 * stopped) in the caller's transaction: the row (locked), its regimen_event and the audit row.
 * Side effects (auto-pause on A1/A4, a plan, a fill notice) pass `strict: false` and get a no-op
 * when the transition does not apply (already paused, already stopped); user actions pass
 * `strict: true` and get a plain refusal. Activating while an older regimen is in use completes
 * the older one first (one in use per patient) and keeps its pause: a new prescription never
 * lifts a safety hold. Activating or resuming schedules the next session.
 */
export async function applyRegimenEvent(tx: DbOrTx, actor: Actor, i: ApplyRegimenEventInput): Promise<ApplyRegimenResult> {
  const now = i.now ?? new Date();
  const row = await lockTarget(tx, i);
  if (!row) {
    if (i.strict) throw new DomainError("NOT_FOUND", "No such regimen.");
    return { changed: false, regimen: null, code: "no_regimen", message: "No regimen to change." };
  }
  const step = transitionRegimen(row.status, i.event);
  if (!step.ok) {
    if (i.strict) throw new DomainError("INVALID_TRANSITION", step.message);
    return { changed: false, regimen: row, code: step.code, message: step.message };
  }

  let carriedPause: Extract<RegimenEvent, { type: "pause" }>["reason"] | null = null;
  if (i.event.type === "activate") {
    const previous = await tx
      .select()
      .from(r)
      .where(and(eq(r.clinicId, row.clinicId), eq(r.patientId, row.patientId), inArray(r.status, ["active", "paused"]), ne(r.id, row.id)))
      .for("no key update");
    for (const old of previous) {
      if (old.status === "paused") carriedPause = old.pauseReason;
      await write(tx, actor, old, { type: "complete" }, "completed", { ...i, note: "superseded", sourceType: "regimen", sourceId: row.id }, now);
    }
  }

  const updated = await write(tx, actor, row, i.event, step.to, i, now);
  let final = updated;
  if (carriedPause) {
    final = await write(tx, actor, updated, { type: "pause", reason: carriedPause }, "paused", { ...i, note: "carried over from the previous regimen", sourceType: "regimen", sourceId: row.id }, now);
  }
  if (final.status === "active") await ensureNextSession(tx, final, now);
  return { changed: true, regimen: final, from: step.from, to: final.status };
}

/** The row update, its regimen_event and audit row. */
async function write(tx: DbOrTx, actor: Actor, row: RegimenRow, event: RegimenEvent, to: RegimenStatus, i: ApplyRegimenEventInput, now: Date): Promise<RegimenRow> {
  const set: Partial<typeof r.$inferInsert> = { status: to, version: row.version + 1, updatedAt: now };
  switch (event.type) {
    case "activate":
      Object.assign(set, { activatedAt: now, activationSource: event.source });
      break;
    case "pause":
      Object.assign(set, { pauseReason: event.reason, pausedAt: now });
      break;
    case "resume":
      Object.assign(set, { pauseReason: null, pausedAt: null });
      break;
    case "complete":
      Object.assign(set, { pauseReason: null, pausedAt: null, endedAt: now, endReason: i.note === "superseded" ? "superseded" : "completed" });
      break;
    case "stop":
      Object.assign(set, { pauseReason: null, pausedAt: null, endedAt: now, endReason: event.reason });
      break;
  }
  const [updated] = await tx
    .update(r)
    .set(set)
    .where(and(eq(r.clinicId, row.clinicId), eq(r.id, row.id)))
    .returning();
  const reason = i.note ?? reasonOf(event);
  await tx.insert(schema.regimenEvent).values({
    clinicId: row.clinicId,
    patientId: row.patientId,
    regimenId: row.id,
    fromStatus: row.status,
    toStatus: to,
    reason,
    sourceType: i.sourceType,
    sourceId: i.sourceId ?? null,
    actorUserId: actor.kind === "staff" || actor.kind === "patient" ? actor.userId : null,
    occurredAt: now,
  });
  await recordAudit(tx, actor, {
    action: `regimen.${event.type}`,
    resourceType: "regimen",
    resourceId: row.id,
    patientId: row.patientId,
    clinicId: row.clinicId,
    detail: { from: row.status, to, reason: reasonOf(event), sourceType: i.sourceType, ...(i.sourceId ? { sourceId: i.sourceId } : {}) },
  });
  return updated!;
}

/**
 * The planned regimen of an acknowledged prescription (DOMAIN.md §2 "Rx -> regimen"), created once:
 * the numbers are re-derived from the signed content (what the pharmacy got), never from the
 * editable draft columns. Returns the existing regimen when there is one; null when the signed
 * content cannot be read (nothing to base a regimen on).
 */
export async function ensureRegimenForPrescription(tx: DbOrTx, actor: Actor, p: PrescriptionRow, now = new Date()): Promise<RegimenRow | null> {
  const [existing] = await tx
    .select()
    .from(r)
    .where(and(eq(r.clinicId, p.clinicId), eq(r.prescriptionId, p.id)));
  if (existing) return existing;
  const c = signedContentView(p);
  if (!c) {
    logger.warn({ prescriptionId: p.id }, "regimen: signed content unreadable, no regimen created");
    return null;
  }
  const plan = regimenFromPrescription({
    quantity: c.quantity.value,
    unitsPerSession: c.unitsPerSession,
    daysBetweenSessions: c.daysBetweenSessions,
    firstSessionDate: c.firstSessionDate ?? c.writtenDate,
    nextFollowUpDate: c.nextFollowUpDate,
    form: c.medication.form,
    strengthMg: c.medication.strength.value,
    drugName: c.medication.drugName,
    ...(c.medication.form === "nasal_spray" && c.medication.spraysPerMl ? { doseUnitsPerDispenseUnit: c.medication.spraysPerMl } : {}),
  });
  const [row] = await tx
    .insert(r)
    .values({
      clinicId: p.clinicId,
      patientId: p.patientId,
      prescriptionId: p.id,
      status: "planned",
      unitsPerSession: plan.unitsPerSession,
      daysBetweenSessions: plan.daysBetweenSessions,
      sessionsPrescribed: plan.sessionsPrescribed,
      unitsPrescribed: plan.unitsPrescribed,
      unitLabel: plan.unitLabel as RegimenRow["unitLabel"],
      doseMgPerSession: plan.doseMgPerSession,
      productLabel: plan.productLabel,
      firstSessionDate: plan.firstSessionDate,
      nextFollowUpDate: plan.nextFollowUpDate,
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    // The same prescription's regimen committed by a concurrent message.
    const [raced] = await tx.select().from(r).where(and(eq(r.clinicId, p.clinicId), eq(r.prescriptionId, p.id)));
    return raced ?? null;
  }
  await tx.insert(schema.regimenEvent).values({
    clinicId: row.clinicId,
    patientId: row.patientId,
    regimenId: row.id,
    fromStatus: null,
    toStatus: "planned",
    reason: "prescription_acknowledged",
    sourceType: "prescription",
    sourceId: p.id,
    actorUserId: null,
    occurredAt: now,
  });
  await recordAudit(tx, actor, { action: "regimen.create", resourceType: "regimen", resourceId: row.id, patientId: row.patientId, clinicId: row.clinicId, detail: { prescriptionId: p.id } });
  return row;
}

export interface PharmacyFill {
  prescription: PrescriptionRow;
  /** rx_inbox.message_id of the RxFill: a notice counts once. */
  rxInboxMessageId: string;
  fillStatus: string;
  /** In the prescription's dispense unit; SCRIPT sends a decimal string. */
  quantity: number | string;
  dispensedDate: string | null;
  now?: Date;
}

const DISPENSED = new Set(["Dispensed", "PartiallyDispensed"]);

/**
 * The pharmacy's fill notice (RxFill): a medication_fill row (units dispensed, A6 reconciliation)
 * and, when medicine went out, the planned regimen becomes active (DOMAIN.md §2 "Regimen: active
 * when the pharmacy's fill notice arrives"). A notice that dispensed nothing records 0 units.
 */
export async function recordPharmacyFill(tx: DbOrTx, actor: Actor, i: PharmacyFill) {
  const now = i.now ?? new Date();
  const p = i.prescription;
  const regimen = await ensureRegimenForPrescription(tx, actor, p, now);
  const dispensed = DISPENSED.has(i.fillStatus);
  // The notice counts dispense units (mL of spray); the regimen counts dose units (sprays).
  const c = signedContentView(p);
  const perDispense = c?.medication.form === "nasal_spray" && c.medication.spraysPerMl ? c.medication.spraysPerMl : 1;
  const quantity = Number(i.quantity);
  const units = dispensed && Number.isFinite(quantity) ? Math.round(quantity * perDispense * 1000) / 1000 : 0;
  const [fill] = await tx
    .insert(schema.medicationFill)
    .values({
      clinicId: p.clinicId,
      patientId: p.patientId,
      regimenId: regimen?.id ?? null,
      prescriptionId: p.id,
      source: "pharmacy",
      rxInboxMessageId: i.rxInboxMessageId,
      fillStatus: i.fillStatus,
      quantity: units,
      dispensedDate: i.dispensedDate,
      recordedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: schema.medicationFill.id });
  if (!fill) return { regimenId: regimen?.id ?? null, fillId: null, activated: false };
  await recordAudit(tx, actor, {
    action: "regimen.fill",
    resourceType: "medication_fill",
    resourceId: fill.id,
    patientId: p.patientId,
    clinicId: p.clinicId,
    detail: { prescriptionId: p.id, regimenId: regimen?.id ?? null, fillStatus: i.fillStatus, units },
  });
  let activated = false;
  if (regimen && dispensed && regimen.status === "planned") {
    const step = await applyRegimenEvent(tx, actor, {
      clinicId: p.clinicId,
      patientId: p.patientId,
      regimenId: regimen.id,
      event: { type: "activate", source: "fill" },
      sourceType: "rx_inbox",
      sourceId: i.rxInboxMessageId,
      now,
    });
    activated = step.changed;
  }
  return { regimenId: regimen?.id ?? null, fillId: fill.id, activated };
}

/**
 * The regimen's side of a pharmacy message, in a savepoint: the pharmacy's answer is recorded even
 * if the regimen cannot be set up (the failure is logged by code and audited as an error for a
 * person to look at); a 500 would make the network resend the message for ever.
 */
async function guarded(tx: Transaction, actor: Actor, p: PrescriptionRow, action: string, run: (sp: DbOrTx) => Promise<unknown>) {
  try {
    await tx.transaction(async (sp) => void (await run(sp)));
  } catch (error) {
    logger.error({ prescriptionId: p.id, action, err: error }, "regimen: a pharmacy message could not update the regimen");
    await recordAudit(tx, actor, { action, resourceType: "prescription", resourceId: p.id, patientId: p.patientId, clinicId: p.clinicId, outcome: "error" });
  }
}

/** transmission/inbound.ts RxFill: `recordPharmacyFill`, guarded. */
export const regimenOnFill = (tx: Transaction, actor: Actor, i: PharmacyFill) => guarded(tx, actor, i.prescription, "regimen.fill", (sp) => recordPharmacyFill(sp, actor, i));

/**
 * The regimen's side of a prescription status change from the pharmacy (transmission/inbound.ts):
 * acknowledged -> a planned regimen (once); cancelled -> the regimen stops (DOMAIN.md §2). Guarded.
 */
export const regimenOnPrescriptionStatus = (tx: Transaction, actor: Actor, p: PrescriptionRow, to: string, now = new Date()) =>
  guarded(tx, actor, p, to === "cancelled" ? "regimen.stop" : "regimen.create", (sp) => followPrescription(sp, actor, p, to, now));

async function followPrescription(tx: DbOrTx, actor: Actor, p: PrescriptionRow, to: string, now: Date) {
  if (to === "acknowledged") return void (await ensureRegimenForPrescription(tx, actor, p, now));
  if (to !== "cancelled") return;
  const [row] = await tx
    .select({ id: r.id })
    .from(r)
    .where(and(eq(r.clinicId, p.clinicId), eq(r.prescriptionId, p.id)));
  if (!row) return;
  await applyRegimenEvent(tx, actor, {
    clinicId: p.clinicId,
    patientId: p.patientId,
    regimenId: row.id,
    event: { type: "stop", reason: "prescription_cancelled" },
    sourceType: "prescription",
    sourceId: p.id,
    now,
  });
}
