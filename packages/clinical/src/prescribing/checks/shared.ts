/** What the rule modules share: the context a rule reads, the finding it returns, small value checks. */
import type { PostalAddress, PrescriptionFigures } from "../check";
import { type FindingSeverity, PRESCRIPTION_RULES, type PrescribingConfig, type PrescriptionFinding, type PrescriptionRuleId } from "../rules";

/** What `checkPrescription` works out once for every rule: today in the clinic's zone, the config, the figures. */
export interface Ctx {
  now: Date;
  timeZone: string;
  today: string;
  config: PrescribingConfig;
  figures: PrescriptionFigures;
}

export function finding(ruleId: PrescriptionRuleId, passed: boolean, message: string, fields: readonly string[], severity?: FindingSeverity): PrescriptionFinding {
  const rule = PRESCRIPTION_RULES[ruleId];
  return { ruleId, title: rule.title, severity: severity ?? rule.severity, passed, message, source: rule.source, fields };
}

export function addressComplete(a: PostalAddress | null): boolean {
  return !!a && !!a.line1.trim() && !!a.city.trim() && !!a.state.trim() && !!a.postalCode.trim();
}

export function sameState(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

export function isPositive(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v) && v > 0;
}
export function positiveInt(v: number | null | undefined): v is number {
  return isPositive(v) && Number.isInteger(v);
}
export function nonNegativeInt(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}
export function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
export function num(v: number): string {
  return String(round(v));
}
export function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
export function latest(dates: readonly string[]): string {
  return [...dates].sort().at(-1) ?? "";
}
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
