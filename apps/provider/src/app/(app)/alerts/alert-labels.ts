import type { AlertRuleId, AlertSeverity } from "@clearwell/clinical/alerts/rules";
import { RULE_TITLES } from "@clearwell/clinical/alerts/rules";
import type { AlertStatus } from "@clearwell/clinical/alerts/sla";
import { RESOLUTION_CODE_LABELS } from "@clearwell/clinical/alerts/sla";

type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";

/** DOMAIN.md §7: CRITICAL = page on-call now, HIGH = same day, MEDIUM = 1 business day, LOW = worklist. */
export const SEVERITY: Readonly<Record<AlertSeverity, { label: string; variant: Variant; rank: number }>> = {
  critical: { label: "Critical", variant: "danger", rank: 0 },
  high: { label: "High", variant: "warning", rank: 1 },
  medium: { label: "Medium", variant: "info", rank: 2 },
  low: { label: "Low", variant: "neutral", rank: 3 },
};

export const severityOf = (s: string) => SEVERITY[s as AlertSeverity] ?? { label: s, variant: "neutral" as const, rank: 9 };

export const STATUS: Readonly<Record<AlertStatus, { label: string; variant: Variant }>> = {
  open: { label: "Open", variant: "warning" },
  acknowledged: { label: "Acknowledged", variant: "info" },
  escalated: { label: "Escalated", variant: "danger" },
  resolved: { label: "Resolved", variant: "success" },
};

export const statusOf = (s: string) => STATUS[s as AlertStatus] ?? { label: s, variant: "neutral" as const };

/** Tiers (packages/clinical alerts/sla.ts): 0 the care team, 1 the on-call clinician, 2 the backup on-call. */
export const TIER_LABEL = ["Care team", "On-call", "Backup on-call"] as const;
export const tierLabel = (tier: number) => TIER_LABEL[tier] ?? `Tier ${tier}`;

/** "A3 · Blood pressure" for clinicians; admin and staff see only the rule id (no type detail, DOMAIN.md §1). */
export function ruleTitle(ruleId: string): string {
  return RULE_TITLES[ruleId as AlertRuleId] ?? ruleId;
}

export const resolutionLabel = (code: string | null | undefined) => (code ? (RESOLUTION_CODE_LABELS[code as keyof typeof RESOLUTION_CODE_LABELS] ?? code.replace(/_/g, " ")) : "—");

export type InboxScope = "mine" | "open" | "escalated" | "resolved";
export const SCOPES: readonly { id: InboxScope; label: string; empty: string }[] = [
  { id: "mine", label: "Mine", empty: "Nothing is waiting for you. Alerts you own appear here until they are resolved." },
  { id: "open", label: "Open", empty: "No open alerts. New ones appear here as they are raised." },
  { id: "escalated", label: "Escalated", empty: "No escalated alerts." },
  { id: "resolved", label: "Resolved", empty: "No resolved alerts yet." },
];
export const isScope = (v: string | null): v is InboxScope => SCOPES.some((s) => s.id === v);

function spell(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  return `${Math.floor(hours / 24)} days`;
}

/**
 * The SLA as a person reads it: "due in 42 min" / "overdue 10 min" (whole minutes, so it changes
 * once a minute), or null when the alert has no SLA (LOW: worklist) or is no longer waiting.
 */
export function slaText(slaDueAt: Date | string | null | undefined, now: number): { text: string; overdue: boolean; soon: boolean } | null {
  if (!slaDueAt) return null;
  const due = (typeof slaDueAt === "string" ? new Date(slaDueAt) : slaDueAt).getTime();
  const diff = due - now;
  if (diff >= 0) {
    const minutes = Math.ceil(diff / 60_000);
    return { text: `due in ${spell(minutes)}`, overdue: false, soon: minutes <= 15 };
  }
  return { text: `overdue ${spell(Math.max(1, Math.floor(-diff / 60_000)))}`, overdue: true, soon: false };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
