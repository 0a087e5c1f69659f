/** RX17: the PDMP check of the patient's state, or the recorded "unavailable" path (DOMAIN.md §4.3). */
import type { PrescriptionCheckInput } from "../check";
import { clinicToday } from "../dates";
import { DEFAULT_PRESCRIBING_CONFIG, type FindingSeverity, type PrescribingConfig, type PrescriptionFinding } from "../rules";
import { type Ctx, finding, nonNegativeInt, sameState } from "./shared";

/** Whether the clinic's per-state setting requires a PDMP check for `state`. */
export function pdmpRequired(state: string, config: PrescribingConfig = DEFAULT_PRESCRIBING_CONFIG): boolean {
  const key = state.trim().toUpperCase();
  const hit = Object.entries(config.pdmp.requiredByState).find(([s]) => s.trim().toUpperCase() === key);
  return hit ? hit[1] : config.pdmp.requiredByDefault;
}

/**
 * RX17: a PDMP check of the patient's state (at the basis visit), recorded with time, result and
 * who, no older than the clinic's limit; or the "unavailable" path: enough recorded attempts
 * (time, reason, who) within that limit and total supply within the unavailable limit. Blocks
 * where the clinic's setting for the state requires a check; otherwise a record-level item.
 */
export function checkPdmp(input: PrescriptionCheckInput, ctx: Pick<Ctx, "now" | "timeZone" | "config" | "figures">): PrescriptionFinding {
  const state = input.basisVisit?.patientState ?? null;
  const required = state ? pdmpRequired(state, ctx.config) : true;
  const severity: FindingSeverity = required ? "block" : "record";
  const cfg = ctx.config.pdmp;
  const oldest = ctx.now.getTime() - cfg.maxAgeHours * 3_600_000;
  const fresh = (at: Date) => at.getTime() <= ctx.now.getTime() && at.getTime() >= oldest;
  const out = (passed: boolean, message: string) => finding("RX17", passed, message, ["pdmp"], severity);
  const requiredWords = required ? "" : ` (not required in ${state}, recommended)`;
  if (!state) return out(false, "The basis visit has no recorded patient location, so the PDMP state is unknown.");
  const r = input.pdmp;
  if (!r) return out(false, `Check the ${state} PDMP and record the result${requiredWords}.`);
  if (!sameState(r.state, state)) return out(false, `The PDMP check recorded is for ${r.state}, but the patient was in ${state}. Check the ${state} PDMP${requiredWords}.`);
  if (r.result === "reviewed") {
    if (!r.checkedBy.trim()) return out(false, "Record who checked the PDMP.");
    if (!fresh(r.checkedAt)) return out(false, `The PDMP check is older than ${cfg.maxAgeHours} hours (or dated in the future). Check the ${state} PDMP again${requiredWords}.`);
    return out(true, `${state} PDMP checked on ${clinicToday(r.checkedAt, ctx.timeZone)} by ${r.checkedBy.trim()}.`);
  }
  const complete = r.attempts.filter((a) => fresh(a.at) && a.reason.trim() && a.by.trim());
  if (complete.length < cfg.minAttemptsWhenUnavailable) {
    const n = cfg.minAttemptsWhenUnavailable;
    return out(false, `The ${state} PDMP was recorded as unavailable, but ${n} attempt${n === 1 ? "" : "s"} in the last ${cfg.maxAgeHours} hours must be recorded with the time, the reason and who tried. Record the attempt${n === 1 ? "" : "s"} or check again.`);
  }
  const d = ctx.figures.daysSupply;
  const refills = nonNegativeInt(input.refills) ? input.refills : 0;
  const total = d === null ? null : d * (refills + 1);
  if (total === null) return out(false, `The ${state} PDMP is unavailable: enter the quantity and days between sessions to check the supply is at most ${cfg.unavailableMaxDaysSupply} days.`);
  if (total > cfg.unavailableMaxDaysSupply) {
    return out(false, `The ${state} PDMP is unavailable, so the total supply is limited to ${cfg.unavailableMaxDaysSupply} days; this prescription covers ${total} days with refills. Lower the quantity or refills, or check the PDMP again.`);
  }
  return out(true, `The ${state} PDMP was unavailable; ${complete.length} attempt${complete.length === 1 ? "" : "s"} recorded and the supply is limited to ${total} days.`);
}
