import { type AlertOwner, type AlertRuleHit, type AlertSeverity, type CareTeamRole, ownerFor, slaDueAt } from "@clearwell/clinical";
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
  /** Deduplicated into an open alert of lower severity, which now carries this hit's severity. */
  upgraded: boolean;
}

const RANK: Record<AlertSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

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
  let upgraded = false;
  const scope = { clinicId: i.clinicId, patientId: i.patientId };
  if (!row) {
    const [open] = await tx
      .select()
      .from(a)
      .where(and(eq(a.clinicId, i.clinicId), eq(a.patientId, i.patientId), eq(a.type, hit.ruleId), ne(a.status, "resolved")))
      .for("update");
    openAlertId = open?.id ?? null;
    // A more severe hit while one is open (A3 urgent after high, A7's second miss) raises the open
    // alert's severity rather than hiding behind the dedupe: new SLA, and critical is paged.
    if (open && RANK[hit.severity] < RANK[open.severity]) {
      upgraded = true;
      await tx
        .update(a)
        .set({ severity: hit.severity, summary: hit.summary, neutralSummary: hit.neutralSummary, detail, slaDueAt: slaDueAt(hit.severity, now, settings), updatedAt: now })
        .where(and(eq(a.clinicId, i.clinicId), eq(a.id, open.id)));
      await recordAudit(tx, actor, {
        action: "alert.upgrade",
        resourceType: "safety_alert",
        resourceId: open.id,
        ...scope,
        detail: { type: hit.ruleId, from: open.severity, to: hit.severity, sourceType: i.sourceType, ...(i.sourceId ? { sourceId: i.sourceId } : {}) },
      });
      await writeAlertEvent(tx, {
        ...scope,
        alertId: open.id,
        kind: "raised",
        fromStatus: open.status,
        toStatus: open.status,
        tier: open.tier,
        actorUserId: null,
        detail: { ruleId: hit.ruleId, severity: hit.severity, upgradedFrom: open.severity },
        occurredAt: now,
      });
      const owner = open.ownerUserId ?? route.ownerUserId;
      await routeAndMail(tx, actor, { ...scope, alertId: open.id, status: open.status, tier: open.tier, severity: hit.severity, ownerUserId: owner, route, team, now });
    } else {
      await recordAudit(tx, actor, {
        action: "alert.deduplicated",
        resourceType: "safety_alert",
        resourceId: openAlertId,
        ...scope,
        detail: { type: hit.ruleId, sourceType: i.sourceType, ...(i.sourceId ? { sourceId: i.sourceId } : {}) },
      });
    }
  } else {
    await recordAudit(tx, actor, { action: "alert.raise", resourceType: "safety_alert", resourceId: row.id, ...scope, detail: { type: hit.ruleId, ...detail } });
    await writeAlertEvent(tx, {
      ...scope,
      alertId: row.id,
      kind: "raised",
      fromStatus: null,
      toStatus: "open",
      tier: route.tier,
      actorUserId: null,
      detail: { ruleId: hit.ruleId, severity: hit.severity, route: route.route, ownerUserId: route.ownerUserId },
      occurredAt: now,
    });
    await routeAndMail(tx, actor, { ...scope, alertId: row.id, status: "open", tier: route.tier, severity: hit.severity, ownerUserId: route.ownerUserId, route, team, now });
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
  return { alertId: row?.id ?? null, openAlertId, upgraded };
}

/**
 * Whoever is paged must be able to open the chart (DOMAIN.md §1 "A"): an on-call or backup
 * clinician the alert was routed to joins the care team as on_call. Critical and high: a neutral
 * mail to the owner and those routed (critical = page on-call now, §7).
 */
async function routeAndMail(
  tx: DbOrTx,
  actor: Actor,
  i: {
    clinicId: string;
    patientId: string;
    alertId: string;
    status: (typeof schema.alertStatus.enumValues)[number];
    tier: number;
    severity: AlertSeverity;
    ownerUserId: string | null;
    route: AlertOwner;
    team: readonly { userId: string }[];
    now: Date;
  },
) {
  const scope = { clinicId: i.clinicId, patientId: i.patientId };
  const onTeam = new Set(i.team.map((m) => m.userId));
  const routed = [...(i.route.route === "on_call" || i.route.route === "backup_on_call" ? [i.route.ownerUserId!] : []), ...i.route.notifyUserIds];
  for (const userId of [...new Set(routed)]) {
    if (!onTeam.has(userId)) await ensureOnCallMember(tx, actor, { ...scope, userId, alertId: i.alertId });
    await writeAlertEvent(tx, {
      ...scope,
      alertId: i.alertId,
      kind: "routed",
      fromStatus: i.status,
      toStatus: i.status,
      tier: i.tier,
      actorUserId: null,
      detail: { userId, owner: userId === i.ownerUserId },
      occurredAt: i.now,
    });
  }
  if (i.severity === "critical" || i.severity === "high") {
    const to = [...(i.ownerUserId ? [i.ownerUserId] : []), ...i.route.notifyUserIds];
    await mailAlertUsers(tx, i.clinicId, i.alertId, to, i.severity === "critical" ? "raised_urgent" : "raised");
  }
}
