import { type AlertRuleHit, type CareTeamRole, ownerFor, slaDueAt } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, ne } from "drizzle-orm";

import type { Actor } from "../../actor";
import { recordAudit } from "../audit/record-audit";
import { applyRegimenEvent } from "../regimen/lifecycle";
import { writeAlertEvent } from "./events";
import { ensureOnCallMember } from "./routing";
import { mailAlertUsers } from "./notify";
import { safetySettingsOf } from "./settings";

export interface RaiseRuleAlertInput {
  clinicId: string;
  patientId: string;
  /** packages/clinical alerts/rules.ts: rule id, severity, clinical flag, both summaries, detail. */
  hit: AlertRuleHit;
  sourceType: string;
  sourceId: string | null;
  /** The clock (jobs and tests pass theirs); default now. */
  now?: Date;
}

export interface RaiseRuleAlertResult {
  /** The new alert, or null when an open one of the same rule already covers the patient (deduplicated). */
  alertId: string | null;
  /** The alert that now covers it: the new one, or the open one it was deduplicated into. */
  openAlertId: string | null;
}

/**
 * Raises a DOMAIN.md §7 rule hit in the caller's transaction:
 * - dedupe per (patient, rule, open window): the unique index on unresolved alerts; a second hit
 *   while one is open records `alert.deduplicated` and changes nothing else;
 * - owner, tier and SLA from the care team and the clinic's safety settings (clinical ownerFor,
 *   slaDueAt); `clinical` and the neutral summary (what admin and staff may see, §1 minimum necessary);
 * - critical: routed to the on-call clinician too (and the backup when `pageBackup`); one not on the
 *   care team is added as `on_call` so they can open the chart (audited);
 * - A1 (when the clinic auto-pauses, default on) and a critical A4 pause the regimen, also when
 *   deduplicated (a regimen activated since must still stop);
 * - critical and high: a neutral mail (no health information) to the owner and those routed.
 */
export async function raiseRuleAlert(tx: DbOrTx, actor: Actor, i: RaiseRuleAlertInput): Promise<RaiseRuleAlertResult> {
  const now = i.now ?? new Date();
  const { hit } = i;
  const settings = await safetySettingsOf(tx, i.clinicId);
  const ct = schema.careTeamMember;
  const team = await tx
    .select({ userId: ct.userId, role: ct.role })
    .from(ct)
    .where(and(eq(ct.clinicId, i.clinicId), eq(ct.patientId, i.patientId)));
  const route = ownerFor({
    ruleId: hit.ruleId,
    severity: hit.severity,
    careTeam: team.map((m) => ({ userId: m.userId, role: m.role as CareTeamRole })),
    onCallUserId: settings.onCallUserId,
    backupOnCallUserId: settings.backupOnCallUserId,
    pageBackup: hit.pageBackup ?? false,
  });
  const detail: Record<string, unknown> = { ...hit.detail, ...(hit.pageBackup !== undefined || hit.ruleId === "A1" ? { pageBackup: hit.pageBackup ?? false } : {}) };
  const a = schema.safetyAlert;
  const [row] = await tx
    .insert(a)
    .values({
      clinicId: i.clinicId,
      patientId: i.patientId,
      type: hit.ruleId,
      severity: hit.severity,
      summary: hit.summary,
      neutralSummary: hit.neutralSummary,
      clinical: hit.clinical,
      sourceType: i.sourceType,
      sourceId: i.sourceId,
      detail,
      ownerUserId: route.ownerUserId,
      tier: route.tier,
      slaDueAt: slaDueAt(hit.severity, now, settings),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: a.id });

  let openAlertId = row?.id ?? null;
  if (!row) {
    const [open] = await tx
      .select({ id: a.id })
      .from(a)
      .where(and(eq(a.clinicId, i.clinicId), eq(a.patientId, i.patientId), eq(a.type, hit.ruleId), ne(a.status, "resolved")));
    openAlertId = open?.id ?? null;
    await recordAudit(tx, actor, {
      action: "alert.deduplicated",
      resourceType: "safety_alert",
      resourceId: openAlertId,
      patientId: i.patientId,
      clinicId: i.clinicId,
      detail: { type: hit.ruleId, sourceType: i.sourceType, ...(i.sourceId ? { sourceId: i.sourceId } : {}) },
    });
  } else {
    await recordAudit(tx, actor, {
      action: "alert.raise",
      resourceType: "safety_alert",
      resourceId: row.id,
      patientId: i.patientId,
      clinicId: i.clinicId,
      detail: { type: hit.ruleId, ...detail },
    });
    await writeAlertEvent(tx, {
      clinicId: i.clinicId,
      patientId: i.patientId,
      alertId: row.id,
      kind: "raised",
      fromStatus: null,
      toStatus: "open",
      tier: route.tier,
      actorUserId: null,
      detail: { ruleId: hit.ruleId, severity: hit.severity, route: route.route, ownerUserId: route.ownerUserId },
      occurredAt: now,
    });
    // Whoever is paged must be able to open the chart (DOMAIN.md §1 "A"): on-call joins the care team.
    const onTeam = new Set(team.map((m) => m.userId));
    const routed = [...(route.route === "on_call" || route.route === "backup_on_call" ? [route.ownerUserId!] : []), ...route.notifyUserIds];
    for (const userId of [...new Set(routed)]) {
      if (!onTeam.has(userId)) await ensureOnCallMember(tx, actor, { clinicId: i.clinicId, patientId: i.patientId, userId, alertId: row.id });
      await writeAlertEvent(tx, {
        clinicId: i.clinicId,
        patientId: i.patientId,
        alertId: row.id,
        kind: "routed",
        fromStatus: "open",
        toStatus: "open",
        tier: route.tier,
        actorUserId: null,
        detail: { userId, owner: userId === route.ownerUserId },
        occurredAt: now,
      });
    }
    if (hit.severity === "critical" || hit.severity === "high") {
      const to = [...(route.ownerUserId ? [route.ownerUserId] : []), ...route.notifyUserIds];
      await mailAlertUsers(tx, i.clinicId, row.id, to, hit.severity === "critical" ? "raised_urgent" : "raised");
    }
  }

  // DOMAIN.md §7 A1 "regimen auto-paused until clinician clears (C, default on)"; A4 emergency "regimen paused".
  const pause = hit.ruleId === "A1" ? settings.a1AutoPause : hit.ruleId === "A4" && hit.severity === "critical";
  if (pause) {
    await applyRegimenEvent(tx, actor, {
      clinicId: i.clinicId,
      patientId: i.patientId,
      event: { type: "pause", reason: hit.ruleId === "A1" ? "alert_A1" : "alert_A4" },
      sourceType: "safety_alert",
      sourceId: openAlertId ?? i.sourceId,
      now,
    });
  }
  return { alertId: row?.id ?? null, openAlertId };
}
