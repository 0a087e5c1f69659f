import { type AlertTier, type ResolutionCode, manualEscalation, transitionAlert, validateResolution } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TAlertEscalateInput, TAlertResolveInput } from "@clearwell/validators/alert";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { activeRegimenOf, applyRegimenEvent } from "../regimen/lifecycle";
import { resumeBlockers } from "../regimen/provider";
import { type AlertRow, isClinician, lockedAlert, refuse } from "./access";
import { writeAlertEvent } from "./events";
import { clinicAdminIds, mailAlertUsers } from "./notify";
import { ensureOnCallMember } from "./routing";
import { safetySettingsOf } from "./settings";

const a = schema.safetyAlert;

/** What an alert action returns: its new state, nothing of the patient. */
function stateOf(row: AlertRow, extra: { regimenResumed?: boolean } = {}) {
  return {
    id: row.id,
    status: row.status,
    tier: row.tier,
    ownerUserId: row.ownerUserId,
    slaDueAt: row.slaDueAt,
    acknowledgedAt: row.acknowledgedAt,
    escalatedAt: row.escalatedAt,
    resolvedAt: row.resolvedAt,
    resolutionCode: row.resolutionCode,
    regimenResumed: extra.regimenResumed ?? false,
  };
}

/**
 * Acknowledge (DOMAIN.md §2 "Alert": open | escalated -> acknowledged; acknowledged is not
 * resolved and no longer escalates). §1: the patient's clinicians acknowledge any alert; staff only
 * non-critical, non-clinical ones (the ones they may see); admins no (the router's policy). The
 * one who acknowledges owns it from then on. Acknowledging twice is a no-op (a double click or a retry).
 */
export async function acknowledgeAlert(db: Database, actor: Actor, clinicId: string, alertId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const { alert, view } = await lockedAlert(tx, actor, clinicId, alertId, "alert.acknowledge");
    if (view !== "clinical") {
      if (alert.severity === "critical") throw refuse(actor, alert, "alert.acknowledge", "A critical alert is acknowledged by one of the patient's clinicians.");
      if (view !== "neutral" || !actor.roles.includes("staff")) throw refuse(actor, alert, "alert.acknowledge", "A clinical alert is acknowledged by one of the patient's clinicians.");
    }
    const t = transitionAlert(alert.status, "acknowledge");
    if (!t.ok) {
      if (t.code === "already_in_state") return stateOf(alert);
      throw new DomainError("INVALID_TRANSITION", t.message);
    }
    const [updated] = await tx
      .update(a)
      .set({ status: t.to, acknowledgedAt: now, acknowledgedByUserId: actor.userId, ownerUserId: actor.userId, updatedAt: now })
      .where(and(eq(a.clinicId, clinicId), eq(a.id, alert.id)))
      .returning();
    await writeAlertEvent(tx, { ...ref(alert), kind: "acknowledged", fromStatus: alert.status, toStatus: t.to, tier: alert.tier, actorUserId: actor.userId, occurredAt: now });
    await recordAudit(tx, actor, { action: "alert.acknowledge", resourceType: "safety_alert", resourceId: alert.id, patientId: alert.patientId, detail: { type: alert.type, from: alert.status } });
    return stateOf(updated!);
  });
}

const ref = (alert: AlertRow) => ({ clinicId: alert.clinicId, patientId: alert.patientId, alertId: alert.id });

/**
 * Resolve (DOMAIN.md §2: "Resolution needs a code and, for clinical alerts, a linked note/outreach";
 * §1: clinicians any alert of their patients, staff non-clinical ones only). In one transaction:
 * the outreach record when one is written, the alert resolved with its code and links, its event
 * and audit rows; with `resumeRegimen`, the regimen this alert (A1/A4) paused resumes, unless
 * another pausing alert is still open or the eligibility decision is no longer in effect.
 */
export async function resolveAlert(db: Database, actor: Actor, clinicId: string, input: TAlertResolveInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const { alert, view } = await lockedAlert(tx, actor, clinicId, input.alertId, "alert.resolve");
    if (view !== "clinical" && !(view === "neutral" && actor.roles.includes("staff"))) {
      throw refuse(actor, alert, "alert.resolve", "A clinical alert is resolved by one of the patient's clinicians.");
    }
    const t = transitionAlert(alert.status, "resolve");
    if (!t.ok) throw new DomainError("INVALID_TRANSITION", t.message);
    const problems = validateResolution({ code: input.code, clinical: alert.clinical, ruleId: alert.type as never, hasNote: !!input.noteId, hasOutreach: !!input.outreach });
    if (problems.length) throw new DomainError("BAD_INPUT", problems.map((p) => p.message).join(" "), problems.map((p) => `${p.field}: ${p.message}`));
    if (input.noteId) {
      // Notes are clinical records: only the patient's clinicians link them.
      if (view !== "clinical") throw new DomainError("BAD_INPUT", "Link an outreach record instead: notes are for the patient's clinicians.", ["noteId: Link an outreach record instead."]);
      const n = schema.clinicalNote;
      const [note] = await tx
        .select({ id: n.id })
        .from(n)
        .where(and(eq(n.clinicId, clinicId), eq(n.patientId, alert.patientId), eq(n.id, input.noteId), eq(n.status, "signed")));
      if (!note) throw new DomainError("BAD_INPUT", "Pick a signed note of this patient (a draft or another patient's note cannot close this alert).", ["noteId: Pick a signed note of this patient."]);
    }
    let outreachId: string | null = null;
    if (input.outreach) {
      const o = input.outreach;
      const [row] = await tx
        .insert(schema.outreachRecord)
        .values({
          clinicId,
          patientId: alert.patientId,
          alertId: alert.id,
          authorUserId: actor.userId!,
          method: o.method,
          reached: o.reached,
          riskAssessment: o.riskAssessment ?? null,
          plan: o.plan,
          occurredAt: o.occurredAt && o.occurredAt < now ? o.occurredAt : now,
          createdAt: now,
        })
        .returning({ id: schema.outreachRecord.id });
      outreachId = row!.id;
      // The method and whether they were reached, never the clinician's words, go to the audit trail.
      await recordAudit(tx, actor, { action: "outreach.record", resourceType: "outreach_record", resourceId: outreachId, patientId: alert.patientId, detail: { alertId: alert.id, method: o.method, reached: o.reached } });
    }
    const [updated] = await tx
      .update(a)
      .set({
        status: "resolved",
        resolvedAt: now,
        resolvedByUserId: actor.userId,
        resolutionCode: input.code,
        resolutionNoteId: input.noteId ?? null,
        outreachId,
        resolutionComment: input.comment ?? null,
        updatedAt: now,
      })
      .where(and(eq(a.clinicId, clinicId), eq(a.id, alert.id)))
      .returning();
    await writeAlertEvent(tx, {
      ...ref(alert),
      kind: "resolved",
      fromStatus: alert.status,
      toStatus: "resolved",
      tier: alert.tier,
      actorUserId: actor.userId,
      detail: { code: input.code, noteId: input.noteId ?? null, outreachId },
      occurredAt: now,
    });
    await recordAudit(tx, actor, {
      action: "alert.resolve",
      resourceType: "safety_alert",
      resourceId: alert.id,
      patientId: alert.patientId,
      detail: { type: alert.type, from: alert.status, code: input.code as ResolutionCode, noteId: input.noteId ?? null, outreachId },
    });
    const regimenResumed = input.resumeRegimen ? await resumeAfter(tx, actor, updated!, now) : false;
    return stateOf(updated!, { regimenResumed });
  });
}

/** Rules whose alerts pause the regimen (DOMAIN.md §7 A1, critical A4) and the pause reason each leaves. */
const PAUSED_BY: Record<string, string> = { A1: "alert_A1", A4: "alert_A4" };

/**
 * DOMAIN.md §7 A1 "regimen auto-paused until clinician clears": resolving the alert that paused it
 * clears it, when nothing else holds it (another open A1/A4) and the eligibility decision is still
 * in effect (A4 invalidates it: "eligibility re-decided"). Refusals are plain and name each hold.
 */
async function resumeAfter(tx: DbOrTx, actor: Actor, alert: AlertRow, now: Date): Promise<boolean> {
  if (!isClinician(actor)) throw new DomainError("FORBIDDEN", "Only the patient's clinicians resume a regimen.");
  const reason = PAUSED_BY[alert.type];
  if (!reason) throw new DomainError("BAD_INPUT", "Only a crisis (A1) or severe side-effect (A4) alert pauses the regimen; untick 'resume'.", ["resumeRegimen: Untick it."]);
  const regimen = await activeRegimenOf(tx, alert.clinicId, alert.patientId);
  if (!regimen || regimen.status !== "paused") return false;
  if (regimen.pauseReason !== "alert_A1" && regimen.pauseReason !== "alert_A4") {
    throw new DomainError("RULE_FAILED", "The regimen is paused for another reason; review and resume it from the chart's Home regimen panel.", ["resumeRegimen: paused for another reason"]);
  }
  // The same holds as the regimen panel's resume (services/regimen resumeBlockers): this alert is resolved by now.
  const blockers = await resumeBlockers(tx, regimen, now);
  if (blockers.length) throw new DomainError("RULE_FAILED", `The regimen stays paused: ${blockers.join(" ")}`, blockers.map((b) => `resumeRegimen: ${b}`));
  const r = await applyRegimenEvent(tx, actor, { clinicId: alert.clinicId, patientId: alert.patientId, regimenId: regimen.id, event: { type: "resume" }, sourceType: "safety_alert", sourceId: alert.id, strict: true, now });
  return r.changed;
}

/**
 * Escalate by hand (DOMAIN.md §1 "Escalate alert": clinicians of the patient, admin, staff; §2
 * open | acknowledged | escalated -> escalated, tier up; only a person escalates an acknowledged one): to the on-call clinician, then the backup, the owner
 * kept where a tier has nobody configured. Admin and staff escalate only what they may see. The new
 * owner joins the care team as on_call when needed; the new owner and the admins get a neutral mail.
 */
export async function escalateAlert(db: Database, actor: Actor, clinicId: string, input: TAlertEscalateInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const { alert, view } = await lockedAlert(tx, actor, clinicId, input.alertId, "alert.escalate");
    if (!view) throw refuse(actor, alert, "alert.escalate", "Only the patient's clinicians can see this alert.");
    const settings = await safetySettingsOf(tx, clinicId);
    const step = manualEscalation(
      { status: alert.status, tier: alert.tier as AlertTier, severity: alert.severity, ownerUserId: alert.ownerUserId, now },
      { onCallUserId: settings.onCallUserId, backupOnCallUserId: settings.backupOnCallUserId, settings },
    );
    if ("refused" in step) throw new DomainError("INVALID_TRANSITION", step.refused);
    const updated = await applyEscalation(tx, actor, alert, step, now, { reason: input.reason, byUserId: actor.userId });
    return stateOf(updated);
  });
}

/**
 * Writes one escalation step (manual or the SLA job's): the alert row, the new owner on the care
 * team when needed, its event and audit rows, and neutral mail to the new owner and the admins.
 */
export async function applyEscalation(
  tx: DbOrTx,
  actor: Actor,
  alert: AlertRow,
  step: { tier: AlertTier; ownerUserId: string | null; slaDueAt: Date | null },
  now: Date,
  why: { reason: string; byUserId: string | null },
) {
  const [updated] = await tx
    .update(a)
    .set({ status: "escalated", tier: step.tier, ownerUserId: step.ownerUserId, slaDueAt: step.slaDueAt, escalatedAt: now, updatedAt: now })
    .where(and(eq(a.clinicId, alert.clinicId), eq(a.id, alert.id)))
    .returning();
  const ownerChanged = !!step.ownerUserId && step.ownerUserId !== alert.ownerUserId;
  if (ownerChanged) await ensureOnCallMember(tx, actor, { ...ref(alert), userId: step.ownerUserId! });
  await writeAlertEvent(tx, {
    ...ref(alert),
    kind: "escalated",
    fromStatus: alert.status,
    toStatus: "escalated",
    tier: step.tier,
    actorUserId: why.byUserId,
    detail: { reason: why.reason, fromTier: alert.tier, ownerUserId: step.ownerUserId },
    occurredAt: now,
  });
  await recordAudit(tx, actor, {
    action: "alert.escalate",
    resourceType: "safety_alert",
    resourceId: alert.id,
    patientId: alert.patientId,
    clinicId: alert.clinicId,
    detail: { type: alert.type, from: alert.status, fromTier: alert.tier, toTier: step.tier, reason: why.reason },
  });
  const admins = (await clinicAdminIds(tx, alert.clinicId)).filter((id) => id !== step.ownerUserId);
  if (ownerChanged) await mailAlertUsers(tx, alert.clinicId, alert.id, [step.ownerUserId!], "escalated_to_you");
  await mailAlertUsers(tx, alert.clinicId, alert.id, admins, "escalated_admin");
  return updated!;
}

/** For the inbox: the actions a person may take on an alert they can see (the same rules as above). */
export function allowedActions(actor: Actor, alert: Pick<AlertRow, "status" | "severity" | "clinical" | "tier">, view: "clinical" | "neutral" | "escalation") {
  const staffNeutral = view === "neutral" && actor.roles.includes("staff");
  const open = alert.status === "open" || alert.status === "escalated";
  return {
    canAcknowledge: open && (view === "clinical" || (staffNeutral && alert.severity !== "critical")),
    canResolve: alert.status !== "resolved" && (view === "clinical" || staffNeutral),
    canEscalate: alert.status !== "resolved" && alert.tier < 2,
  };
}

