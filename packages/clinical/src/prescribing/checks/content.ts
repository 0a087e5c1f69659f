/** RX01-RX03: what the prescription must say (1306.05(a)), its refills and the six-month limit (1306.22(a)). */
import type { PrescriptionCheckInput } from "../check";
import { renderSig } from "../formulary";
import type { PrescriptionFinding } from "../rules";
import { addressComplete, type Ctx, finding, isPositive, list, nonNegativeInt, positiveInt, unique } from "./shared";

/** 21 CFR 1306.22(a): at most five refills, whatever the clinic sets. */
export const LEGAL_MAX_REFILLS = 5;
/** 21 CFR 1306.22(a): no fill or refill more than six months after issue. */
export const LEGAL_FILLABLE_MONTHS = 6;

/** RX01: 1306.05(a): dated the day issued; patient name and address; drug, strength, form, quantity, directions; practitioner name, address, DEA number. */
export function checkContentElements(input: PrescriptionCheckInput, ctx: Pick<Ctx, "today">): PrescriptionFinding {
  const missing: { field: string; label: string }[] = [];
  const need = (ok: boolean, field: string, label: string) => {
    if (!ok) missing.push({ field, label });
  };
  need(!!input.patient.fullName.trim(), "patient.fullName", "the patient's full name");
  need(addressComplete(input.patient.address), "patient.address", "the patient's full address");
  const e = input.formulary;
  need(!!e && !!e.drugName.trim(), "formulary", "the drug name");
  need(!!e && isPositive(e.strength.value), "formulary", "the strength");
  need(!!e, "formulary", "the dosage form");
  need(isPositive(input.quantity), "quantity", "the quantity");
  const directionsOk = !!e && positiveInt(input.unitsPerSession) && positiveInt(input.daysBetweenSessions);
  need(directionsOk && renderSig(e, { unitsPerSession: input.unitsPerSession!, daysBetweenSessions: input.daysBetweenSessions! }).length > 0, "directions", "the directions (units per session and days between sessions)");
  need(!!input.prescriber.fullName.trim(), "prescriber.fullName", "the prescriber's name");
  need(addressComplete(input.prescriber.address), "prescriber.address", "the prescriber's address");
  need(!!input.prescriber.deaNumber?.trim(), "prescriber.deaNumber", "the prescriber's DEA number");
  const dateOk = !input.writtenDate || input.writtenDate === ctx.today;
  need(dateOk, "writtenDate", `the date written must be the day it is issued (${ctx.today})`);
  if (missing.length === 0) return finding("RX01", true, "Every element the DEA requires on a controlled-substance prescription is present.", []);
  return finding("RX01", false, `Add ${list(missing.map((m) => m.label))}.`, unique(missing.map((m) => m.field)));
}

/** RX02: refills a whole number, at most min(clinic, 5). */
export function checkRefills(input: PrescriptionCheckInput, ctx: Pick<Ctx, "config">): PrescriptionFinding {
  const max = Math.min(ctx.config.maxRefills, LEGAL_MAX_REFILLS);
  const r = input.refills;
  if (!nonNegativeInt(r)) return finding("RX02", false, `Enter the number of refills as a whole number from 0 to ${max}.`, ["refills"]);
  if (r > max) {
    const why = max === LEGAL_MAX_REFILLS ? "a Schedule III prescription allows at most 5" : `the clinic allows at most ${max}`;
    return finding("RX02", false, `${r} refills is too many: ${why}. Lower the refills to ${max} or fewer.`, ["refills"]);
  }
  return finding("RX02", true, r === 0 ? "No refills." : `${r} refill${r === 1 ? "" : "s"} (at most ${max}).`, ["refills"]);
}

/** RX03: every fill as directed is due on or before issue + 6 months (1306.22(a)); nothing fillable after. */
export function checkSixMonths(input: PrescriptionCheckInput, ctx: Pick<Ctx, "figures">): PrescriptionFinding {
  const { fillableUntil, lastRefillDueOn } = ctx.figures;
  if (!lastRefillDueOn) {
    return finding("RX03", false, `Enter the quantity, the days between sessions and the refills to check that every fill falls on or before ${fillableUntil}.`, ["quantity", "daysBetweenSessions", "refills"]);
  }
  if (lastRefillDueOn > fillableUntil) {
    return finding(
      "RX03",
      false,
      `The last refill would be due on ${lastRefillDueOn}, after ${fillableUntil}, the last day this prescription can be filled (six months from issue). Lower the refills or the quantity.`,
      ["refills", "quantity"],
    );
  }
  return finding("RX03", true, `No fills after ${fillableUntil} (six months from issue); the last refill is due by ${lastRefillDueOn}.`, ["refills"]);
}
