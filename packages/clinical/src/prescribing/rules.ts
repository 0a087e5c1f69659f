/**
 * Prescription hard blocks and recorded items (DOMAIN.md §4.5; issue 12 §5). Ids are stable:
 * the UI, audit events and tests refer to them. Every rule, its severity and its source:
 *
 * | Id   | Checks                                                                 | Severity          | Source |
 * |------|------------------------------------------------------------------------|-------------------|--------|
 * | RX01 | Every 1306.05(a) element present; dated the day issued                 | block             | 21 CFR 1306.05(a); DOMAIN §4.3 Content, §4.5 |
 * | RX02 | Refills a whole number, at most 5 (clinic may set fewer; default 0)    | block             | 21 CFR 1306.22(a); DOMAIN §4.3 Refills |
 * | RX03 | Nothing fillable after issue + 6 months (last refill due by then)      | block             | 21 CFR 1306.22(a), 1306.23; DOMAIN §4.3 |
 * | RX04 | Formulary entry chosen and offered (nasal spray off by default)        | block             | DOMAIN §4.1 |
 * | RX05 | Dose per session within the entry's min/max                            | block             | DOMAIN §4.2 Enforced, §4.5 |
 * | RX06 | Increase over the previous prescription's dose <= max titration step   | block             | DOMAIN §4.2 Enforced, §4.5 |
 * | RX07 | Days between sessions >= the entry's minimum                           | block             | DOMAIN §4.2 Enforced |
 * | RX08 | Quantity whole sessions, <= max sessions per fill                      | block             | DOMAIN §4.2, §4.5 "quantity over limit (C)" |
 * | RX09 | Quantity <= sessions until the next follow-up                          | block             | DOMAIN §4.2 Sessions per fill (FDA 2023, ASKP3 [S]) |
 * | RX10 | A current, unexpired, uninvalidated eligible_at_home decision          | block             | DOMAIN §2 Prescription "create" guard, §4.5 |
 * | RX11 | Prescriber licence, verified and unexpired, in the basis-visit state   | block             | DOMAIN §1 geography, §4.4, §4.5; E20 |
 * | RX12 | DEA registration on the Rx: basis-visit state, 3N, verified, unexpired | block             | 21 CFR 1311.135(b), 1306.05(a), 1311.125; 21 U.S.C. 822(a)(2); DOMAIN §4.3, §4.4 |
 * | RX13 | Basis visit linked and audio-video                                     | block             | 21 CFR 1307.41(c) / 42 CFR 410.78(a)(3); DOMAIN §2 Visit, §4.4 (product choice) |
 * | RX14 | EPCS signing permission granted (two-person)                           | block             | 21 CFR 1311.125; DOMAIN §4.5 |
 * | RX15 | TOTP second factor enrolled                                            | block             | 21 CFR 1311.105, 1311.115; DOMAIN §4.5 "2FA incomplete" |
 * | RX16 | Valid legal basis; flexibility fails closed after configured date      | block             | 21 U.S.C. 829(e); 90 FR 61301; 90 FR 6541; DOMAIN §4.4, §4.5; INTEGRATIONS §1 |
 * | RX17 | PDMP check recorded (state, time, result, who) or unavailable attempts | block where the clinic's state setting requires, else record | DOMAIN §4.3 PDMP, §4.5; INTEGRATIONS §1 (90 FR 6504 pattern) |
 * | RX18 | Pharmacy accepts EPCS and ships to the basis-visit state               | block             | DOMAIN §4.5 (pharmacy directory); 21 CFR 1311.170 |
 * | RX19 | Legitimate purpose: a signed evaluation note is linked                 | record            | 21 CFR 1306.04(a); DOMAIN §4.3, §4.5 |
 */

export type PrescriptionRuleId =
  | "RX01"
  | "RX02"
  | "RX03"
  | "RX04"
  | "RX05"
  | "RX06"
  | "RX07"
  | "RX08"
  | "RX09"
  | "RX10"
  | "RX11"
  | "RX12"
  | "RX13"
  | "RX14"
  | "RX15"
  | "RX16"
  | "RX17"
  | "RX18"
  | "RX19";

/** block: cannot mark ready or sign. record: audited and shown, never blocks (DOMAIN.md §4.5). */
export type FindingSeverity = "block" | "record";

export interface PrescriptionRule {
  id: PrescriptionRuleId;
  title: string;
  /** Default severity; RX17 is `record` where the clinic does not require a PDMP check. */
  severity: FindingSeverity;
  source: string;
}

export const PRESCRIPTION_RULES: Readonly<Record<PrescriptionRuleId, PrescriptionRule>> = {
  RX01: { id: "RX01", title: "Required prescription content", severity: "block", source: "21 CFR 1306.05(a); DOMAIN.md §4.3" },
  RX02: { id: "RX02", title: "Refills", severity: "block", source: "21 CFR 1306.22(a); DOMAIN.md §4.3" },
  RX03: { id: "RX03", title: "No fills after six months", severity: "block", source: "21 CFR 1306.22(a), 1306.23; DOMAIN.md §4.3" },
  RX04: { id: "RX04", title: "Formulary entry offered by the clinic", severity: "block", source: "DOMAIN.md §4.1" },
  RX05: { id: "RX05", title: "Dose per session within bounds", severity: "block", source: "DOMAIN.md §4.2, §4.5" },
  RX06: { id: "RX06", title: "Titration step", severity: "block", source: "DOMAIN.md §4.2, §4.5" },
  RX07: { id: "RX07", title: "Days between sessions", severity: "block", source: "DOMAIN.md §4.2" },
  RX08: { id: "RX08", title: "Quantity within formulary bounds", severity: "block", source: "DOMAIN.md §4.2, §4.5" },
  RX09: { id: "RX09", title: "Quantity until the next follow-up", severity: "block", source: "DOMAIN.md §4.2 (FDA 2023, ASKP3 [S])" },
  RX10: { id: "RX10", title: "Current at-home eligibility decision", severity: "block", source: "DOMAIN.md §2, §4.5" },
  RX11: { id: "RX11", title: "State licence for the patient's location", severity: "block", source: "DOMAIN.md §1, §4.4, §4.5 (E20)" },
  RX12: {
    id: "RX12",
    title: "DEA registration for the patient's location",
    severity: "block",
    source: "21 CFR 1311.135(b), 1306.05(a), 1311.125; 21 U.S.C. 822(a)(2); DOMAIN.md §4.3, §4.4",
  },
  RX13: { id: "RX13", title: "Audio-video basis visit", severity: "block", source: "21 CFR 1307.41(c); 42 CFR 410.78(a)(3); DOMAIN.md §4.4" },
  RX14: { id: "RX14", title: "EPCS signing permission", severity: "block", source: "21 CFR 1311.125; DOMAIN.md §4.5" },
  RX15: { id: "RX15", title: "Two-factor (TOTP) enrolled", severity: "block", source: "21 CFR 1311.105, 1311.115; DOMAIN.md §4.5" },
  RX16: { id: "RX16", title: "Legal basis for telemedicine prescribing", severity: "block", source: "21 U.S.C. 829(e); 90 FR 61301; 90 FR 6541; DOMAIN.md §4.4" },
  RX17: { id: "RX17", title: "PDMP check", severity: "block", source: "DOMAIN.md §4.3, §4.5; INTEGRATIONS.md §1 (90 FR 6504)" },
  RX18: { id: "RX18", title: "Pharmacy accepts EPCS and ships to the patient", severity: "block", source: "DOMAIN.md §4.5; 21 CFR 1311.170" },
  RX19: { id: "RX19", title: "Legitimate medical purpose documented", severity: "record", source: "21 CFR 1306.04(a); DOMAIN.md §4.3, §4.5" },
};

export const PRESCRIPTION_RULE_IDS = Object.keys(PRESCRIPTION_RULES) as PrescriptionRuleId[];

/** One checklist line: passed or not, with what to fix in plain words. */
export interface PrescriptionFinding {
  ruleId: PrescriptionRuleId;
  title: string;
  severity: FindingSeverity;
  passed: boolean;
  /** Plain language: what is fine, or what is wrong and what to do. */
  message: string;
  source: string;
  /** Input fields the finding is about (for the UI to point at). */
  fields: readonly string[];
}

/** The findings that stop marking ready or signing. */
export function blockingFindings(findings: readonly PrescriptionFinding[]): PrescriptionFinding[] {
  return findings.filter((f) => !f.passed && f.severity === "block");
}

/** Clinic configuration of the prescribing rules (every "(C)" of DOMAIN.md §4). */
export interface PrescribingConfig {
  /** 21 CFR 1306.22(a) caps refills at 5; a clinic may allow fewer, never more. */
  maxRefills: number;
  /** Default refills on a new prescription (DOMAIN.md §4.3: 0). */
  defaultRefills: number;
  /** Months after issue in which fills are allowed (1306.22(a): six). */
  fillableMonths: number;
  /**
   * Product choice (INTEGRATIONS.md §1): the DEA registration must be for the state the patient was
   * in, stricter than the flexibility's waiver. Default true.
   */
  requireDeaRegistrationInPatientState: boolean;
  legalBasis: LegalBasisConfig;
  pdmp: PdmpConfig;
}

export interface LegalBasisConfig {
  /** The DEA/HHS temporary flexibility in force; null = none (fails closed). */
  temporaryFlexibility: { rule: string; validUntil: string } | null;
  /** Special registration (90 FR 6541) is proposed, not final: off until configuration says so. */
  specialRegistrationEnabled: boolean;
  /** A statutory "practice of telemedicine" exception (INTEGRATIONS.md §1): off by default. */
  telemedicineExceptionEnabled: boolean;
}

export interface PdmpConfig {
  /** The clinic's per-state setting (C per state): state code -> check required. */
  requiredByState: Readonly<Record<string, boolean>>;
  /** States the clinic has not configured: required (fails closed). */
  requiredByDefault: boolean;
  /** How old a check may be when the prescription is checked [U: clinic sets; state rules vary]. */
  maxAgeHours: number;
  /**
   * Recorded attempts (time, reason, who) that make the "unavailable" path complete. DEA's
   * buprenorphine rule (90 FR 6504, pattern per INTEGRATIONS.md §1) asks for the attempted review
   * to be annotated before prescribing: one documented attempt. Clinics may ask for more.
   */
  minAttemptsWhenUnavailable: number;
  /** With the PDMP unavailable, total supply (all fills) is limited (90 FR 6504: seven days). */
  unavailableMaxDaysSupply: number;
}

export const DEFAULT_PRESCRIBING_CONFIG: PrescribingConfig = {
  maxRefills: 5,
  defaultRefills: 0,
  fillableMonths: 6,
  requireDeaRegistrationInPatientState: true,
  legalBasis: {
    // DOMAIN.md §4.4: fourth temporary extension, effective through 31 Dec 2026.
    temporaryFlexibility: { rule: "DEA/HHS temporary telemedicine flexibilities, fourth extension (90 FR 61301)", validUntil: "2026-12-31" },
    specialRegistrationEnabled: false,
    telemedicineExceptionEnabled: false,
  },
  pdmp: {
    requiredByState: {},
    requiredByDefault: true,
    maxAgeHours: 24,
    minAttemptsWhenUnavailable: 1,
    unavailableMaxDaysSupply: 7,
  },
};
