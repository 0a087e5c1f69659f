/** RX16: the legal basis for prescribing by telemedicine (DOMAIN.md §4.4). */
import type { LegalBasis, PrescriptionCheckInput } from "../check";
import { clinicToday, isCalendarDate } from "../dates";
import { DEFAULT_PRESCRIBING_CONFIG, type PrescribingConfig, type PrescriptionFinding } from "../rules";
import { type Ctx, finding } from "./shared";

/** The legal basis a new prescription stores while the configured flexibility is in force, else null. */
export function currentFlexibilityBasis(now: Date, timeZone: string, config: PrescribingConfig = DEFAULT_PRESCRIBING_CONFIG): LegalBasis | null {
  const flex = config.legalBasis.temporaryFlexibility;
  if (!flex || clinicToday(now, timeZone) > flex.validUntil) return null;
  return { kind: "temporary_flexibility", rule: flex.rule, validUntil: flex.validUntil };
}

/**
 * RX16: a valid legal basis (DOMAIN.md §4.4). The flexibility is valid through the configured
 * `validUntil` in the clinic's calendar and fails closed the day after; the stored basis must
 * match the configuration (a prescription cannot carry its own later date).
 */
export function checkLegalBasis(input: PrescriptionCheckInput, ctx: Pick<Ctx, "today" | "config">): PrescriptionFinding {
  const b = input.legalBasis;
  const cfg = ctx.config.legalBasis;
  if (!b) return finding("RX16", false, "Choose the legal basis for prescribing by telemedicine: a prior in-person evaluation, or an exception in force.", ["legalBasis"]);
  switch (b.kind) {
    case "prior_in_person_eval": {
      if (!isCalendarDate(b.date)) return finding("RX16", false, "Enter the date of the in-person evaluation.", ["legalBasis"]);
      if (b.date > ctx.today) return finding("RX16", false, `The in-person evaluation date ${b.date} is in the future. Enter the date it took place.`, ["legalBasis"]);
      if (!b.practitioner.trim()) return finding("RX16", false, "Enter who performed the in-person evaluation.", ["legalBasis"]);
      return finding("RX16", true, `In-person evaluation on ${b.date} by ${b.practitioner.trim()}.`, ["legalBasis"]);
    }
    case "temporary_flexibility": {
      const flex = cfg.temporaryFlexibility;
      if (!flex) return finding("RX16", false, "No telemedicine flexibility is in force. A prior in-person evaluation is required: record it as the legal basis.", ["legalBasis"]);
      if (b.rule !== flex.rule || b.validUntil !== flex.validUntil) {
        return finding("RX16", false, `The flexibility on this prescription (${b.rule}, until ${b.validUntil}) is not the one in force (${flex.rule}, until ${flex.validUntil}). Choose the legal basis again.`, ["legalBasis"]);
      }
      if (ctx.today > flex.validUntil) {
        return finding("RX16", false, `The telemedicine flexibility ended on ${flex.validUntil}. A prior in-person evaluation is now required: record it as the legal basis.`, ["legalBasis"]);
      }
      return finding("RX16", true, `${flex.rule}, in force through ${flex.validUntil}.`, ["legalBasis"]);
    }
    case "special_registration": {
      if (!cfg.specialRegistrationEnabled) return finding("RX16", false, "Special registration for telemedicine is not in effect (the DEA rule is only proposed). Choose another legal basis.", ["legalBasis"]);
      if (!b.number.trim()) return finding("RX16", false, "Enter the special registration number.", ["legalBasis"]);
      return finding("RX16", true, `Special registration ${b.number.trim()}.`, ["legalBasis"]);
    }
    case "telemedicine_exception": {
      if (!cfg.telemedicineExceptionEnabled) return finding("RX16", false, "The clinic has not enabled telemedicine exceptions as a legal basis. Choose another legal basis.", ["legalBasis"]);
      if (!b.exception.trim()) return finding("RX16", false, "Name the telemedicine exception that applies.", ["legalBasis"]);
      return finding("RX16", true, `Telemedicine exception: ${b.exception.trim()}.`, ["legalBasis"]);
    }
    default:
      return finding("RX16", false, "Unknown legal basis. Choose the legal basis again.", ["legalBasis"]);
  }
}
