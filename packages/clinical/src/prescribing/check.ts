/**
 * The prescription checklist (DOMAIN.md §4.5; issue 12 §5): one pure function per rule of
 * rules.ts, and `checkPrescription` running all of them so the builder shows the whole list live
 * and the server re-runs it at mark-ready and at signing. No I/O, no clock: `now` and the clinic's
 * time zone come in through the context. The rules live by group in checks/; this file keeps the
 * input and output types and re-exports every rule.
 */
import type { DecisionStatus } from "../eligibility/lifecycle";
import type { EligibilityOutcome } from "../eligibility/outcome";
import { checkContentElements, checkRefills, checkSixMonths } from "./checks/content";
import { checkDoseBounds, checkFormularyOffered, checkQuantityBounds, checkQuantityUntilFollowUp, checkSessionInterval, checkTitrationStep } from "./checks/dose-quantity";
import { checkBasisVisit, checkEligibility } from "./checks/eligibility-visit";
import { prescriptionFigures } from "./checks/figures";
import { checkLegalBasis } from "./checks/legal-basis";
import { checkPdmp } from "./checks/pdmp";
import { checkLegitimatePurpose, checkPharmacy } from "./checks/pharmacy-purpose";
import { checkDeaRegistration, checkEpcsPermission, checkLicence, checkTotp } from "./checks/prescriber";
import type { Ctx } from "./checks/shared";
import { clinicToday } from "./dates";
import type { DeaSchedule, FormularyEntry } from "./formulary";
import { DEFAULT_PRESCRIBING_CONFIG, type PrescribingConfig, type PrescriptionFinding, blockingFindings } from "./rules";

export * from "./checks/content";
export * from "./checks/dose-quantity";
export * from "./checks/eligibility-visit";
export * from "./checks/figures";
export * from "./checks/legal-basis";
export * from "./checks/pdmp";
export * from "./checks/pharmacy-purpose";
export * from "./checks/prescriber";

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
