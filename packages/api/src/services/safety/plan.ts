import { type FollowUpPlan, planEffect } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { recordAudit } from "../audit/record-audit";
import { activeRegimenOf, applyRegimenEvent } from "../regimen/lifecycle";
import { resumeBlockers } from "../regimen/provider";

export interface PlanOutcome {
  /** What the plan asked of the regimen: pause, stop, resume, or nothing (titrate, refer). */
  event: "pause" | "stop" | "resume" | null;
  /** Whether the regimen's status changed. */
  changed: boolean;
  /** A resume the plan asked for but a safety hold refused (an open A1/A4, no current decision). */
  heldBy: string[];
}

/**
 * DOMAIN.md §8 "P": the signed follow-up plan drives the regimen in use, in the signing
 * transaction (packages/clinical planEffect): pause pauses ('plan_pause'); stop and switch to
 * in-office stop it; continue resumes a paused one unless a safety hold remains (an open A1/A4
 * or no at-home decision in effect: those are cleared on their own path, never by a plan); titrate
 * and refer leave it. The plan's next follow-up date becomes the regimen's (what regimen.review
 * waits for, A8).
 */
export async function applyFollowUpPlan(
  tx: DbOrTx,
  actor: Actor,
  note: { id: string; clinicId: string; patientId: string },
  plan: Pick<FollowUpPlan, "action" | "nextFollowUpOn">,
  now: Date,
): Promise<PlanOutcome> {
  const regimen = await activeRegimenOf(tx, note.clinicId, note.patientId);
  const event = planEffect(plan);
  const out: PlanOutcome = { event: event?.type === "pause" || event?.type === "stop" || event?.type === "resume" ? event.type : null, changed: false, heldBy: [] };
  if (!regimen) return out;
  let status = regimen.status;
  if (event && !(event.type === "resume" && regimen.status !== "paused")) {
    out.heldBy = event.type === "resume" ? await resumeBlockers(tx, regimen, now) : [];
    if (!out.heldBy.length) {
      const r = await applyRegimenEvent(tx, actor, { clinicId: note.clinicId, patientId: note.patientId, regimenId: regimen.id, event, sourceType: "clinical_note", sourceId: note.id, now });
      out.changed = r.changed;
      if (r.regimen) status = r.regimen.status;
    }
  }
  const next = plan.nextFollowUpOn ?? null;
  if ((status === "active" || status === "paused") && next !== regimen.nextFollowUpDate) {
    const r = schema.regimen;
    await tx
      .update(r)
      .set({ nextFollowUpDate: next, updatedAt: now })
      .where(and(eq(r.clinicId, regimen.clinicId), eq(r.id, regimen.id)));
    await recordAudit(tx, actor, {
      action: "regimen.next_follow_up",
      resourceType: "regimen",
      resourceId: regimen.id,
      patientId: regimen.patientId,
      clinicId: regimen.clinicId,
      detail: { from: regimen.nextFollowUpDate, to: next, noteId: note.id },
    });
  }
  return out;
}
