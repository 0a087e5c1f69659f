/**
 * Alert ownership, SLA and escalation (DOMAIN.md §7: "every alert has an owner"; CRITICAL = page
 * on-call now, HIGH = same day, MEDIUM = 1 business day, LOW = worklist; SLA breach escalates to
 * the next tier + admin; acknowledged != resolved) and the alert state machine (DOMAIN.md §2).
 *
 * Tiers: 0 the patient's care team, 1 the clinic's on-call clinician, 2 the backup on-call (max).
 */
import type { AlertRuleId, AlertSeverity } from "./rules";
import type { SafetySettings } from "./settings";

export const ALERT_STATUSES = ["open", "acknowledged", "escalated", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export type AlertTier = 0 | 1 | 2;
export const MAX_ALERT_TIER: AlertTier = 2;

type SlaSettings = Pick<SafetySettings, "slaCriticalMinutes" | "slaHighMinutes" | "slaMediumMinutes" | "slaLowMinutes">;

export function slaMinutes(severity: AlertSeverity, s: SlaSettings): number | null {
  switch (severity) {
    case "critical":
      return s.slaCriticalMinutes;
    case "high":
      return s.slaHighMinutes;
    case "medium":
      return s.slaMediumMinutes;
    case "low":
      return s.slaLowMinutes;
  }
}

/** When the owner must have acknowledged the alert; null for a worklist item (LOW by default). */
export function slaDueAt(severity: AlertSeverity, raisedAt: Date, s: SlaSettings): Date | null {
  const m = slaMinutes(severity, s);
  return m === null ? null : new Date(raisedAt.getTime() + m * 60_000);
}

export type CareTeamRole = "primary_provider" | "prescriber" | "care_coordinator" | "on_call";

export interface CareTeamEntry {
  userId: string;
  role: CareTeamRole;
}

export type AlertRoute = "care_team" | "on_call" | "backup_on_call" | "unassigned";

export interface AlertOwner {
  ownerUserId: string | null;
  tier: AlertTier;
  route: AlertRoute;
  /** Besides the owner, who is told now (critical: the on-call; A1 item 9 >= 2: the backup too). */
  notifyUserIds: string[];
}

export interface OwnerInput {
  ruleId: AlertRuleId;
  severity: AlertSeverity;
  careTeam: readonly CareTeamEntry[];
  onCallUserId: string | null;
  backupOnCallUserId?: string | null;
  pageBackup?: boolean;
}

const firstWith = (team: readonly CareTeamEntry[], role: CareTeamRole) => team.find((m) => m.role === role)?.userId ?? null;

/**
 * The owner of a new alert. A6 goes to the prescriber (DOMAIN.md §7 "notified: prescriber"), else
 * the primary provider; A7/A8 to the primary provider (staff see them too, neutrally); the rest to
 * the primary provider, else the prescriber. With no clinician on the care team the on-call
 * clinician owns it at tier 1 (so a crisis alert for a patient with no clinician yet still reaches
 * someone who can open the chart), else the backup at tier 2; with nobody at all it is unassigned
 * and the admin sees it.
 */
export function ownerFor(input: OwnerInput): AlertOwner {
  const team = input.careTeam.filter((m) => m.role !== "care_coordinator");
  const primary = firstWith(team, "primary_provider");
  const prescriber = firstWith(team, "prescriber");
  const onCallMember = firstWith(team, "on_call");
  const clinician = input.ruleId === "A6" || input.ruleId === "A9" ? (prescriber ?? primary) : (primary ?? prescriber ?? onCallMember);
  const onCall = input.onCallUserId;
  const backup = input.backupOnCallUserId ?? null;

  let owner: Pick<AlertOwner, "ownerUserId" | "tier" | "route">;
  if (clinician) owner = { ownerUserId: clinician, tier: 0, route: "care_team" };
  else if (onCall) owner = { ownerUserId: onCall, tier: 1, route: "on_call" };
  else if (backup) owner = { ownerUserId: backup, tier: 2, route: "backup_on_call" };
  else owner = { ownerUserId: null, tier: 0, route: "unassigned" };

  const notify = new Set<string>();
  // DOMAIN.md §7: critical = page on-call now, whoever owns it.
  if (input.severity === "critical" && onCall) notify.add(onCall);
  if (input.pageBackup && backup) notify.add(backup);
  if (owner.ownerUserId) notify.delete(owner.ownerUserId);
  return { ...owner, notifyUserIds: [...notify] };
}

export interface EscalationRouting {
  onCallUserId: string | null;
  backupOnCallUserId: string | null;
  /** SLA minutes for the next tier's clock. */
  settings: SlaSettings;
}

export interface EscalationState {
  status: AlertStatus;
  tier: AlertTier;
  severity: AlertSeverity;
  slaDueAt: Date | null;
  ownerUserId: string | null;
  now: Date;
}

export interface EscalationStep {
  tier: AlertTier;
  /** The new owner; the current one stays when the tier has nobody configured. */
  ownerUserId: string | null;
  /** The next tier's clock; null at the top tier (nowhere further to go). */
  slaDueAt: Date | null;
  /** DOMAIN.md §7: an SLA breach escalates to the next tier and the admin. */
  notifyAdmin: true;
}

/** The tier after `tier`: on-call, then backup; a tier with nobody configured is skipped. */
export function escalationTarget(tier: AlertTier, routing: Pick<EscalationRouting, "onCallUserId" | "backupOnCallUserId">): { tier: AlertTier; ownerUserId: string | null } | null {
  if (tier >= MAX_ALERT_TIER) return null;
  if (tier === 0 && routing.onCallUserId) return { tier: 1, ownerUserId: routing.onCallUserId };
  if (routing.backupOnCallUserId) return { tier: 2, ownerUserId: routing.backupOnCallUserId };
  // Nobody to hand it to: still escalate so the admin is told; the owner stays.
  return { tier: (tier + 1) as AlertTier, ownerUserId: null };
}

/**
 * One automatic escalation step when the SLA has lapsed, or null: acknowledged and resolved alerts
 * never escalate, nor do alerts without an SLA (LOW) or already at the top tier.
 */
export function escalationStep(state: EscalationState, routing: EscalationRouting): EscalationStep | null {
  if (state.status !== "open" && state.status !== "escalated") return null;
  if (state.slaDueAt === null || state.now < state.slaDueAt) return null;
  return nextStep(state, routing);
}

/** A manual escalation (DOMAIN.md §1: clinicians, admin and staff may escalate): same target, no SLA check. */
export function manualEscalation(state: Omit<EscalationState, "slaDueAt">, routing: EscalationRouting): EscalationStep | { refused: string } {
  if (state.status === "resolved") return { refused: "This alert is already resolved." };
  if (state.tier >= MAX_ALERT_TIER) return { refused: "This alert is already with the backup on-call clinician, the last tier." };
  return nextStep(state, routing)!;
}

function nextStep(state: Pick<EscalationState, "tier" | "severity" | "ownerUserId" | "now">, routing: EscalationRouting): EscalationStep | null {
  const target = escalationTarget(state.tier, routing);
  if (!target) return null;
  const minutes = slaMinutes(state.severity, routing.settings);
  return {
    tier: target.tier,
    ownerUserId: target.ownerUserId ?? state.ownerUserId,
    slaDueAt: target.tier < MAX_ALERT_TIER && minutes !== null ? new Date(state.now.getTime() + minutes * 60_000) : null,
    notifyAdmin: true,
  };
}

export type AlertEvent = "acknowledge" | "escalate" | "resolve";

/**
 * DOMAIN.md §2 "Alert": open | acknowledged -> escalated -> acknowledged -> resolved; escalated ->
 * escalated (tier up); resolved is terminal. Only a person escalates an acknowledged alert (its SLA
 * was met: escalationStep never does).
 */
export const ALERT_TRANSITIONS: Readonly<Record<AlertStatus, Partial<Record<AlertEvent, AlertStatus>>>> = {
  open: { acknowledge: "acknowledged", escalate: "escalated", resolve: "resolved" },
  escalated: { acknowledge: "acknowledged", escalate: "escalated", resolve: "resolved" },
  acknowledged: { escalate: "escalated", resolve: "resolved" },
  resolved: {},
};

export function transitionAlert(status: AlertStatus, event: AlertEvent): { ok: true; to: AlertStatus } | { ok: false; code: "invalid_transition" | "already_in_state"; message: string } {
  const to = ALERT_TRANSITIONS[status][event];
  if (to) return { ok: true, to };
  if (status === "acknowledged" && event === "acknowledge") return { ok: false, code: "already_in_state", message: "This alert is already acknowledged." };
  if (status === "resolved") return { ok: false, code: "invalid_transition", message: "This alert is already resolved." };
  return { ok: false, code: "invalid_transition", message: "An acknowledged alert is being worked by its owner; resolve it, or it stays with them." };
}

/** Disposition codes for resolving an alert (DOMAIN.md §7 "closing the loop"). */
export const RESOLUTION_CODES = ["outreach_completed", "reviewed_no_action", "plan_changed", "emergency_services", "patient_unreachable", "duplicate", "rebooked"] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

export const RESOLUTION_CODE_LABELS: Readonly<Record<ResolutionCode, string>> = {
  outreach_completed: "Reached the patient",
  reviewed_no_action: "Reviewed, no action needed",
  plan_changed: "Treatment plan changed",
  emergency_services: "Emergency services involved",
  patient_unreachable: "Could not reach the patient",
  duplicate: "Duplicate of another alert",
  rebooked: "Visit rebooked",
};

/**
 * Whether resolving needs a linked signed note or outreach record: every clinical alert does
 * (DOMAIN.md §2 "for clinical alerts, a linked note/outreach"); a non-clinical one only when the
 * code says someone reached out (A7 "outreach logged").
 */
export function requiresClinicalRecord(code: ResolutionCode, clinical: boolean): boolean {
  return clinical || code === "outreach_completed";
}

export interface ResolutionInput {
  code: string;
  clinical: boolean;
  ruleId: AlertRuleId;
  hasNote: boolean;
  hasOutreach: boolean;
}

export interface ResolutionProblem {
  field: "code" | "noteId" | "outreach";
  message: string;
}

/** Plain problems with a resolution, naming what to add; empty when it may be saved. */
export function validateResolution(r: ResolutionInput): ResolutionProblem[] {
  if (!(RESOLUTION_CODES as readonly string[]).includes(r.code)) return [{ field: "code", message: "Choose how the alert was resolved." }];
  const code = r.code as ResolutionCode;
  const p: ResolutionProblem[] = [];
  if (code === "rebooked" && r.ruleId !== "A8") p.push({ field: "code", message: "'Visit rebooked' only closes a missed follow-up visit alert." });
  if (code === "emergency_services" && !r.clinical) p.push({ field: "code", message: "'Emergency services involved' only closes a clinical alert." });
  if (requiresClinicalRecord(code, r.clinical) && !r.hasNote && !r.hasOutreach) {
    p.push({
      field: r.clinical ? "noteId" : "outreach",
      message: r.clinical ? "A clinical alert is resolved with a signed note or an outreach record: pick the note or write the outreach." : "Write the outreach record (how you reached the patient and what was agreed).",
    });
  }
  return p;
}
