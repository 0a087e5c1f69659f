/** The derived figures (dose, sessions per fill, days supply, last refill due) every rule reads. */
import type { PrescriptionCheckInput, PrescriptionFigures } from "../check";
import { addCalendarDays, addCalendarMonths, daysBetween, isCalendarDate } from "../dates";
import { doseUnitsPerDispenseUnit } from "../formulary";
import { DEFAULT_PRESCRIBING_CONFIG, type PrescribingConfig } from "../rules";
import { LEGAL_FILLABLE_MONTHS } from "./content";
import { isPositive, nonNegativeInt, positiveInt, round } from "./shared";

/** Sessions at `firstSession + k * interval` strictly before the follow-up day (0 if none). */
export function sessionsUntilFollowUp(firstSessionDate: string, followUpDate: string, daysBetweenSessions: number): number {
  const days = daysBetween(firstSessionDate, followUpDate);
  if (days <= 0 || daysBetweenSessions < 1) return 0;
  return Math.floor((days - 1) / daysBetweenSessions) + 1;
}

/** Days one fill lasts: a session every `daysBetweenSessions` days. */
export function daysSupplyFor(sessions: number, daysBetweenSessions: number): number {
  return sessions * daysBetweenSessions;
}

/** The figures the rules share, from the input (null where inputs are missing). */
export function prescriptionFigures(input: PrescriptionCheckInput, today: string, config: PrescribingConfig = DEFAULT_PRESCRIBING_CONFIG): PrescriptionFigures {
  const e = input.formulary;
  const units = positiveInt(input.unitsPerSession) ? input.unitsPerSession : null;
  const interval = positiveInt(input.daysBetweenSessions) ? input.daysBetweenSessions : null;
  const doseMgPerSession = e && units ? round(units * e.strength.value) : null;
  const sessionsExact = e && units && isPositive(input.quantity) ? (input.quantity * doseUnitsPerDispenseUnit(e)) / units : null;
  const sessionsPerFill = sessionsExact === null ? null : Math.ceil(sessionsExact - 1e-9);
  const daysSupply = sessionsPerFill !== null && interval ? daysSupplyFor(sessionsPerFill, interval) : null;
  const refills = nonNegativeInt(input.refills) ? input.refills : null;
  const lastRefillDueOn = daysSupply !== null && refills !== null ? addCalendarDays(today, refills * daysSupply) : null;
  const first = input.firstSessionDate && isCalendarDate(input.firstSessionDate) ? input.firstSessionDate : today;
  const sessionsToFollowUp = input.nextFollowUpDate && isCalendarDate(input.nextFollowUpDate) && interval ? sessionsUntilFollowUp(first, input.nextFollowUpDate, interval) : null;
  return {
    issueDate: today,
    fillableUntil: addCalendarMonths(today, Math.min(config.fillableMonths, LEGAL_FILLABLE_MONTHS)),
    doseMgPerSession,
    sessionsPerFill,
    daysSupply,
    lastRefillDueOn,
    sessionsUntilFollowUp: sessionsToFollowUp,
  };
}
