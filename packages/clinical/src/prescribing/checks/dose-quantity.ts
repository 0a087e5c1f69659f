/** RX04-RX09: the formulation, the dose and its titration step, the session interval and the quantity. */
import type { PrescriptionCheckInput } from "../check";
import { isCalendarDate } from "../dates";
import { DISPENSE_UNIT, DOSAGE_FORM_LABEL, DOSE_UNIT, doseUnitsPerDispenseUnit } from "../formulary";
import type { PrescriptionFinding } from "../rules";
import { type Ctx, finding, isPositive, num, positiveInt, round } from "./shared";

/** RX04: a formulary entry is chosen and the clinic offers it (nasal spray off unless enabled). */
export function checkFormularyOffered(input: PrescriptionCheckInput): PrescriptionFinding {
  const e = input.formulary;
  if (!e) return finding("RX04", false, "Choose a formulation from the clinic's formulary.", ["formulary"]);
  if (!e.enabled) {
    return finding("RX04", false, `The clinic does not offer ${e.drugName} ${DOSAGE_FORM_LABEL[e.form]}. Choose another formulation, or ask an admin to enable it in the formulary.`, ["formulary"]);
  }
  return finding("RX04", true, `${e.drugName} ${DOSAGE_FORM_LABEL[e.form]} is on the clinic's formulary.`, ["formulary"]);
}

/** RX05: dose per session (units x strength) within the entry's min/max. */
export function checkDoseBounds(input: PrescriptionCheckInput, ctx: Pick<Ctx, "figures">): PrescriptionFinding {
  const e = input.formulary;
  const dose = ctx.figures.doseMgPerSession;
  if (!e || dose === null) return finding("RX05", false, "Choose a formulation and enter the number of units per session as a whole number.", ["unitsPerSession"]);
  const { minDoseMgPerSession: min, maxDoseMgPerSession: max } = e.bounds;
  if (dose < min || dose > max) {
    return finding("RX05", false, `${num(dose)} mg per session is outside the clinic's range for this formulation (${num(min)}-${num(max)} mg). Change the units per session.`, ["unitsPerSession"]);
  }
  return finding("RX05", true, `${num(dose)} mg per session is within ${num(min)}-${num(max)} mg.`, ["unitsPerSession"]);
}

/** RX06: increase over the previous prescription's per-session dose at most the entry's step (decreases are allowed). */
export function checkTitrationStep(input: PrescriptionCheckInput, ctx: Pick<Ctx, "figures">): PrescriptionFinding {
  const e = input.formulary;
  const dose = ctx.figures.doseMgPerSession;
  if (!e || dose === null) return finding("RX06", false, "Enter the dose per session to check the titration step.", ["unitsPerSession"]);
  const prev = input.previousDoseMgPerSession;
  if (prev === null) return finding("RX06", true, "First prescription: no previous dose to step from.", ["unitsPerSession"]);
  const step = round(dose - prev);
  const max = e.bounds.maxTitrationStepMg;
  if (step > max) {
    return finding(
      "RX06",
      false,
      `${num(dose)} mg is ${num(step)} mg above the previous ${num(prev)} mg; the clinic allows increases of at most ${num(max)} mg. Lower the units per session.`,
      ["unitsPerSession"],
    );
  }
  const how = step > 0 ? `an increase of ${num(step)} mg (at most ${num(max)} mg)` : step < 0 ? `a decrease of ${num(-step)} mg` : "the same dose";
  return finding("RX06", true, `${num(dose)} mg is ${how} from the previous ${num(prev)} mg.`, ["unitsPerSession"]);
}

/** RX07: days between sessions at least the entry's minimum. */
export function checkSessionInterval(input: PrescriptionCheckInput): PrescriptionFinding {
  const e = input.formulary;
  const d = input.daysBetweenSessions;
  if (!e) return finding("RX07", false, "Choose a formulation to check the days between sessions.", ["daysBetweenSessions"]);
  if (!positiveInt(d)) return finding("RX07", false, "Enter the days between sessions as a whole number of at least 1.", ["daysBetweenSessions"]);
  const min = e.bounds.minDaysBetweenSessions;
  if (d < min) return finding("RX07", false, `Sessions every ${d} days are too close: the clinic requires at least ${min} days between sessions.`, ["daysBetweenSessions"]);
  return finding("RX07", true, `At most 1 session every ${d} days (at least ${min} required).`, ["daysBetweenSessions"]);
}

/** RX08: quantity covers whole sessions (counted forms) and at most the entry's sessions per fill. */
export function checkQuantityBounds(input: PrescriptionCheckInput, ctx: Pick<Ctx, "figures">): PrescriptionFinding {
  const e = input.formulary;
  const q = input.quantity;
  const units = input.unitsPerSession;
  if (!e || !positiveInt(units)) return finding("RX08", false, "Choose a formulation and the units per session to check the quantity.", ["quantity"]);
  const unit = DISPENSE_UNIT[e.form];
  if (!isPositive(q)) return finding("RX08", false, `Enter the quantity to dispense (${unit}).`, ["quantity"]);
  if (e.form !== "nasal_spray" && (!Number.isInteger(q) || q % units !== 0)) {
    return finding("RX08", false, `${num(q)} ${DOSE_UNIT[e.form].many} is not a whole number of sessions of ${units}. Enter a multiple of ${units}.`, ["quantity"]);
  }
  const sessions = ctx.figures.sessionsPerFill!;
  const max = e.bounds.maxSessionsPerFill;
  if (sessions > max) {
    return finding("RX08", false, `${num(q)} ${unit} covers ${sessions} sessions; the clinic allows at most ${max} per fill. Enter at most ${num(max * units / doseUnitsPerDispenseUnit(e))} ${unit}.`, ["quantity"]);
  }
  return finding("RX08", true, `${num(q)} ${unit} covers ${sessions} session${sessions === 1 ? "" : "s"} (at most ${max} per fill).`, ["quantity"]);
}

/** RX09: the sessions one fill covers are no more than the sessions possible before the next follow-up. */
export function checkQuantityUntilFollowUp(input: PrescriptionCheckInput, ctx: Pick<Ctx, "figures" | "today">): PrescriptionFinding {
  const f = ctx.figures;
  if (!input.nextFollowUpDate) return finding("RX09", false, "Book the patient's next follow-up visit first: the quantity may only cover the sessions until then.", ["nextFollowUpDate"]);
  if (!isCalendarDate(input.nextFollowUpDate)) return finding("RX09", false, "The next follow-up date is not a valid date.", ["nextFollowUpDate"]);
  if (input.nextFollowUpDate <= ctx.today) return finding("RX09", false, "The next follow-up is today or earlier. Book a follow-up in the future first.", ["nextFollowUpDate"]);
  if (f.sessionsPerFill === null || f.sessionsUntilFollowUp === null) return finding("RX09", false, "Enter the quantity and the days between sessions to compare with the next follow-up.", ["quantity", "daysBetweenSessions"]);
  if (f.sessionsPerFill > f.sessionsUntilFollowUp) {
    return finding(
      "RX09",
      false,
      `The quantity covers ${f.sessionsPerFill} sessions but only ${f.sessionsUntilFollowUp} fit before the follow-up on ${input.nextFollowUpDate}. Lower the quantity to ${f.sessionsUntilFollowUp} session${f.sessionsUntilFollowUp === 1 ? "" : "s"}.`,
      ["quantity"],
    );
  }
  return finding("RX09", true, `${f.sessionsPerFill} session${f.sessionsPerFill === 1 ? "" : "s"}, within the ${f.sessionsUntilFollowUp} possible before the follow-up on ${input.nextFollowUpDate}.`, ["quantity"]);
}
