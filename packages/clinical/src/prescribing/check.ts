/**
 * The prescription checklist (DOMAIN.md §4.5; issue 12 §5): one pure function per rule of
 * rules.ts, and `checkPrescription` running all of them so the builder shows the whole list live
 * and the server re-runs it at mark-ready and at signing. No I/O, no clock: `now` and the clinic's
 * time zone come in through the context.
 */
import type { DecisionStatus } from "../eligibility/lifecycle";
import type { EligibilityOutcome } from "../eligibility/outcome";
import { addCalendarDays, addCalendarMonths, clinicToday, daysBetween, isCalendarDate } from "./dates";
import { type DeaSchedule, doseUnitsPerDispenseUnit, DOSAGE_FORM_LABEL, DOSE_UNIT, DISPENSE_UNIT, type FormularyEntry, renderSig } from "./formulary";
import {
  DEFAULT_PRESCRIBING_CONFIG,
  type FindingSeverity,
  PRESCRIPTION_RULES,
  type PrescribingConfig,
  type PrescriptionFinding,
  type PrescriptionRuleId,
  blockingFindings,
} from "./rules";

/** 21 CFR 1306.22(a): at most five refills, whatever the clinic sets. */
export const LEGAL_MAX_REFILLS = 5;
/** 21 CFR 1306.22(a): no fill or refill more than six months after issue. */
export const LEGAL_FILLABLE_MONTHS = 6;

export interface PostalAddress {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  postalCode: string;
}

export interface StateLicence {
  state: string;
  number: string;
  /** Last valid calendar day (valid through this date in the clinic's zone). */
  expiresOn: string;
  /** Someone checked it is current (1311.125(a)/(b)). */
  verified: boolean;
}

export interface DeaRegistration {
  number: string;
  state: string;
  schedules: readonly DeaSchedule[];
  /** Last valid calendar day (valid through this date in the clinic's zone). */
  expiresOn: string;
  verified: boolean;
}

export type EpcsPermission = "granted" | "pending_approval" | "revoked" | "none";

export interface PrescriberFacts {
  id: string;
  fullName: string;
  address: PostalAddress | null;
  /** The registration picked for this prescription (1311.135(b)); printed on it (1306.05(a)). */
  deaNumber: string | null;
  licences: readonly StateLicence[];
  deaRegistrations: readonly DeaRegistration[];
  epcsPermission: EpcsPermission;
  totpEnrolled: boolean;
}

/** The decision's outcome and its status as computed by eligibility (any status; only `current` passes). */
export interface EligibilityFacts {
  outcome: EligibilityOutcome;
  status: DecisionStatus["status"];
  expiresAt: Date;
}

export interface BasisVisitFacts {
  id: string;
  /** State the patient attested to being in during the visit (two-letter code). */
  patientState: string | null;
  modality: "audio_video" | "audio_only" | null;
  /** Any audio-only segment flagged during the visit (DOMAIN.md §2 Visit). */
  hadAudioOnlySegment: boolean;
}

/** DOMAIN.md §4.4 legal basis, stored on every controlled-substance prescription. */
export type LegalBasis =
  | { kind: "prior_in_person_eval"; date: string; practitioner: string }
  | { kind: "temporary_flexibility"; rule: string; validUntil: string }
  | { kind: "special_registration"; number: string }
  /** INTEGRATIONS.md §1: a statutory telemedicine exception, disabled by default. */
  | { kind: "telemedicine_exception"; exception: string };

export interface PdmpAttempt {
  at: Date;
  reason: string;
  by: string;
}

/** A PDMP check as recorded: state, time, result, who (DOMAIN.md §4.3). */
export type PdmpRecord =
  | { result: "reviewed"; state: string; checkedAt: Date; checkedBy: string; interpretation?: string | null }
  | { result: "unavailable"; state: string; attempts: readonly PdmpAttempt[] };

export interface PharmacyFacts {
  ncpdpId: string;
  epcsCapable: boolean;
  shipsToStates: readonly string[];
}

export interface PrescriptionCheckInput {
  patient: { fullName: string; address: PostalAddress | null };
  prescriber: PrescriberFacts;
  /** The formulary entry chosen (null: none yet). */
  formulary: FormularyEntry | null;
  /** Troches, tablets or sprays per session. */
  unitsPerSession: number | null;
  daysBetweenSessions: number | null;
  /** Dispensed quantity in the entry's dispense unit (troche, tablet, mL). */
  quantity: number | null;
  refills: number | null;
  /** When set, the date written on the prescription; it must be the day issued (today). */
  writtenDate?: string | null;
  /** Per-session dose (mg) of the patient's previous prescription; null for the first. */
  previousDoseMgPerSession: number | null;
  /** First session day; default today (an upper bound: shipping only delays it). */
  firstSessionDate?: string | null;
  /** Date of the next booked follow-up, clinic calendar day. */
  nextFollowUpDate: string | null;
  eligibility: EligibilityFacts | null;
  basisVisit: BasisVisitFacts | null;
  legalBasis: LegalBasis | null;
  pdmp: PdmpRecord | null;
  pharmacy: PharmacyFacts | null;
  /** A signed evaluation/follow-up note is linked (1306.04(a) record). */
  signedNoteLinked: boolean;
}

export interface PrescriptionCheckContext {
  now: Date;
  /** The clinic's IANA zone: "today", expiry days and the legal-basis date are its calendar days. */
  timeZone: string;
  config?: PrescribingConfig;
}

/** Derived figures, shown beside the checklist (and sent in SCRIPT: DaysSupply). */
export interface PrescriptionFigures {
  issueDate: string;
  /** Last calendar day a fill is allowed (issue + 6 months, 1306.22(a)). */
  fillableUntil: string;
  doseMgPerSession: number | null;
  /** Sessions one fill covers (rounded up). */
  sessionsPerFill: number | null;
  daysSupply: number | null;
  /** Day the last refill would be due if every fill is used as directed. */
  lastRefillDueOn: string | null;
  sessionsUntilFollowUp: number | null;
}

export interface PrescriptionCheck {
  /** Every rule, in id order, passed or not. */
  findings: PrescriptionFinding[];
  blocking: PrescriptionFinding[];
  /** No blocking finding: can be marked ready / signed. */
  ok: boolean;
  figures: PrescriptionFigures;
}

interface Ctx {
  now: Date;
  timeZone: string;
  today: string;
  config: PrescribingConfig;
  figures: PrescriptionFigures;
}

/** Runs every rule (RX01..RX19) and returns the whole checklist. */
export function checkPrescription(input: PrescriptionCheckInput, context: PrescriptionCheckContext): PrescriptionCheck {
  const config = context.config ?? DEFAULT_PRESCRIBING_CONFIG;
  const today = clinicToday(context.now, context.timeZone);
  const figures = prescriptionFigures(input, today, config);
  const ctx: Ctx = { now: context.now, timeZone: context.timeZone, today, config, figures };
  const findings = [
    checkContentElements(input, ctx),
    checkRefills(input, ctx),
    checkSixMonths(input, ctx),
    checkFormularyOffered(input),
    checkDoseBounds(input, ctx),
    checkTitrationStep(input, ctx),
    checkSessionInterval(input),
    checkQuantityBounds(input, ctx),
    checkQuantityUntilFollowUp(input, ctx),
    checkEligibility(input, ctx),
    checkLicence(input, ctx),
    checkDeaRegistration(input, ctx),
    checkBasisVisit(input),
    checkEpcsPermission(input),
    checkTotp(input),
    checkLegalBasis(input, ctx),
    checkPdmp(input, ctx),
    checkPharmacy(input),
    checkLegitimatePurpose(input),
  ];
  const blocking = blockingFindings(findings);
  return { findings, blocking, ok: blocking.length === 0, figures };
}

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

// ---------------------------------------------------------------- rules

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

const STATUS_WORDS: Readonly<Record<string, string>> = {
  expired: "has expired",
  invalidated: "is no longer valid because something changed since it was made",
  pending: "is waiting to be re-evaluated",
  awaiting_co_sign: "is waiting for a co-signature",
  co_sign_declined: "was declined by the co-signer",
};

/** RX10: a current eligible_at_home decision, not yet expired at `now` (any other status blocks). */
export function checkEligibility(input: Pick<PrescriptionCheckInput, "eligibility">, ctx: Pick<Ctx, "now" | "timeZone">): PrescriptionFinding {
  const d = input.eligibility;
  if (!d) return finding("RX10", false, "There is no eligibility decision. Record an at-home eligibility decision first.", ["eligibility"]);
  if (d.outcome !== "eligible_at_home") {
    return finding("RX10", false, `The eligibility decision is "${d.outcome.replace(/_/g, " ")}", not eligible at home. At-home ketamine cannot be prescribed.`, ["eligibility"]);
  }
  if (d.status !== "current") {
    const words = STATUS_WORDS[d.status] ?? `is ${String(d.status).replace(/_/g, " ")}`;
    return finding("RX10", false, `The at-home eligibility decision ${words}. Record a new decision before prescribing.`, ["eligibility"]);
  }
  if (ctx.now.getTime() >= d.expiresAt.getTime()) {
    return finding("RX10", false, "The at-home eligibility decision has expired. Record a new decision before prescribing.", ["eligibility"]);
  }
  return finding("RX10", true, `Eligible at home; the decision is current until ${clinicToday(d.expiresAt, ctx.timeZone)}.`, ["eligibility"]);
}

/** RX11: a verified licence, valid today, in the state the patient was in at the basis visit. */
export function checkLicence(input: PrescriptionCheckInput, ctx: Pick<Ctx, "today">): PrescriptionFinding {
  const state = input.basisVisit?.patientState;
  if (!state) return finding("RX11", false, "The basis visit has no recorded patient location. Link the video visit where the patient confirmed their state.", ["basisVisit"]);
  const inState = input.prescriber.licences.filter((l) => sameState(l.state, state));
  if (inState.length === 0) return finding("RX11", false, `The prescriber has no licence recorded for ${state}, where the patient was at the visit. Only a prescriber licensed in ${state} can prescribe.`, ["prescriber"]);
  const valid = inState.find((l) => l.verified && ctx.today <= l.expiresOn);
  if (!valid) {
    const unverified = inState.find((l) => ctx.today <= l.expiresOn);
    const msg = unverified
      ? `The prescriber's ${state} licence has not been verified as current. An admin must verify it.`
      : `The prescriber's ${state} licence expired on ${latest(inState.map((l) => l.expiresOn))}. Record the renewed licence.`;
    return finding("RX11", false, msg, ["prescriber"]);
  }
  return finding("RX11", true, `Licensed in ${state} (valid through ${valid.expiresOn}).`, ["prescriber"]);
}

/**
 * RX12: the DEA number on the prescription is one of the prescriber's registrations, for the
 * state the patient was in (clinic setting, default on), with schedule 3N, verified and valid
 * today (valid through its expiry date), with a well-formed number.
 */
export function checkDeaRegistration(input: PrescriptionCheckInput, ctx: Pick<Ctx, "today" | "config">, schedule: DeaSchedule = input.formulary?.deaSchedule ?? "3N"): PrescriptionFinding {
  const p = input.prescriber;
  const state = input.basisVisit?.patientState;
  if (!state) return finding("RX12", false, "The basis visit has no recorded patient location, so the DEA registration cannot be matched to it.", ["basisVisit"]);
  const picked = p.deaNumber?.trim();
  if (!picked) return finding("RX12", false, "Choose the DEA registration to print on this prescription.", ["prescriber.deaNumber"]);
  const reg = p.deaRegistrations.find((r) => r.number.trim().toUpperCase() === picked.toUpperCase());
  if (!reg) return finding("RX12", false, `DEA number ${picked} is not one of the prescriber's recorded registrations. Choose a recorded registration.`, ["prescriber.deaNumber"]);
  const problems: string[] = [];
  if (ctx.config.requireDeaRegistrationInPatientState && !sameState(reg.state, state)) {
    const other = p.deaRegistrations.find((r) => sameState(r.state, state));
    problems.push(other ? `it is for ${reg.state}, but the patient was in ${state}: choose the ${state} registration` : `it is for ${reg.state}, but the patient was in ${state} and the prescriber has no ${state} registration`);
  }
  if (!reg.schedules.includes(schedule)) problems.push(`it does not include schedule ${schedule} (ketamine is Schedule III non-narcotic)`);
  if (ctx.today > reg.expiresOn) problems.push(`it expired on ${reg.expiresOn}`);
  if (!reg.verified) problems.push("it has not been verified as current by an admin");
  if (!isWellFormedDeaNumber(reg.number)) problems.push("the number is not a valid DEA number (check digit)");
  if (problems.length) return finding("RX12", false, `DEA registration ${reg.number} cannot be used: ${problems.join("; ")}.`, ["prescriber.deaNumber"]);
  return finding("RX12", true, `DEA registration ${reg.number} (${reg.state}, schedule ${schedule}) is valid through ${reg.expiresOn}.`, ["prescriber.deaNumber"]);
}

/** RX13: the basis visit is linked and was audio-video throughout (no audio-only segment). */
export function checkBasisVisit(input: Pick<PrescriptionCheckInput, "basisVisit">): PrescriptionFinding {
  const v = input.basisVisit;
  if (!v) return finding("RX13", false, "Link the video visit this prescription is based on.", ["basisVisit"]);
  if (v.modality !== "audio_video") return finding("RX13", false, "The basis visit was not an audio-video visit. Only an audio-video visit can support a controlled-substance prescription: see the patient by video first.", ["basisVisit"]);
  if (v.hadAudioOnlySegment) return finding("RX13", false, "Part of the basis visit was audio only. Only an audio-video visit qualifies: see the patient by video again.", ["basisVisit"]);
  return finding("RX13", true, "The basis visit was audio-video.", ["basisVisit"]);
}

/** RX14: EPCS signing permission granted (two-person grant, 1311.125). */
export function checkEpcsPermission(input: PrescriptionCheckInput): PrescriptionFinding {
  const s = input.prescriber.epcsPermission;
  if (s === "granted") return finding("RX14", true, "The prescriber may sign controlled-substance prescriptions.", ["prescriber"]);
  const msg =
    s === "pending_approval"
      ? "The prescriber's permission to sign controlled-substance prescriptions is waiting for a second person (a DEA registrant) to approve it."
      : s === "revoked"
        ? "The prescriber's permission to sign controlled-substance prescriptions was revoked. An admin and a DEA registrant must grant it again."
        : "The prescriber has no permission to sign controlled-substance prescriptions. An admin enters it and a DEA registrant approves it.";
  return finding("RX14", false, msg, ["prescriber"]);
}

/** RX15: the prescriber has a TOTP second factor enrolled (a password alone never signs). */
export function checkTotp(input: PrescriptionCheckInput): PrescriptionFinding {
  if (input.prescriber.totpEnrolled) return finding("RX15", true, "The prescriber has a two-factor authenticator (TOTP) enrolled.", ["prescriber"]);
  return finding("RX15", false, "The prescriber has no two-factor authenticator (TOTP) enrolled. Enrol one before signing.", ["prescriber"]);
}

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

/** RX18: the pharmacy accepts EPCS and ships to the state the patient was in. */
export function checkPharmacy(input: PrescriptionCheckInput): PrescriptionFinding {
  const ph = input.pharmacy;
  const state = input.basisVisit?.patientState;
  if (!ph) return finding("RX18", false, "Choose a pharmacy from the clinic's pharmacy directory.", ["pharmacy"]);
  if (!ph.epcsCapable) return finding("RX18", false, "This pharmacy does not accept electronic controlled-substance prescriptions. Choose an EPCS-capable pharmacy.", ["pharmacy"]);
  if (!state) return finding("RX18", false, "The basis visit has no recorded patient location, so shipping cannot be checked.", ["basisVisit"]);
  if (!ph.shipsToStates.some((s) => sameState(s, state))) return finding("RX18", false, `This pharmacy does not ship to ${state}. Choose a pharmacy that ships there.`, ["pharmacy"]);
  return finding("RX18", true, `The pharmacy accepts EPCS and ships to ${state}.`, ["pharmacy"]);
}

/** RX19 (record): a signed note documents the legitimate medical purpose (1306.04(a)). */
export function checkLegitimatePurpose(input: PrescriptionCheckInput): PrescriptionFinding {
  if (input.signedNoteLinked) return finding("RX19", true, "A signed clinical note documents the reason for this prescription.", ["note"]);
  return finding("RX19", false, "No signed clinical note is linked. Link the signed evaluation or follow-up note that documents the reason for this prescription.", ["note"]);
}

// ---------------------------------------------------------------- helpers

/**
 * DEA number shape: two letters and seven digits whose last digit is the check digit
 * ((d1+d3+d5) + 2*(d2+d4+d6)) mod 10. Catches typos; registration itself is verified by a person.
 */
export function isWellFormedDeaNumber(value: string): boolean {
  const m = /^[A-Z]{2}(\d{7})$/i.exec(value.trim());
  if (!m) return false;
  const d = m[1]!.split("").map(Number);
  const sum = d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!);
  return sum % 10 === d[6];
}

function finding(ruleId: PrescriptionRuleId, passed: boolean, message: string, fields: readonly string[], severity?: FindingSeverity): PrescriptionFinding {
  const rule = PRESCRIPTION_RULES[ruleId];
  return { ruleId, title: rule.title, severity: severity ?? rule.severity, passed, message, source: rule.source, fields };
}

function addressComplete(a: PostalAddress | null): boolean {
  return !!a && !!a.line1.trim() && !!a.city.trim() && !!a.state.trim() && !!a.postalCode.trim();
}

function sameState(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

function isPositive(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v) && v > 0;
}
function positiveInt(v: number | null | undefined): v is number {
  return isPositive(v) && Number.isInteger(v);
}
function nonNegativeInt(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}
function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
function num(v: number): string {
  return String(round(v));
}
function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
function latest(dates: readonly string[]): string {
  return [...dates].sort().at(-1) ?? "";
}
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
