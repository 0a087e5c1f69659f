import { describe, expect, it } from "vitest";

import {
  checkPrescription,
  currentFlexibilityBasis,
  type EligibilityFacts,
  isWellFormedDeaNumber,
  type PrescriptionCheckContext,
  type PrescriptionCheckInput,
  sessionsUntilFollowUp,
} from "./check";
import { DEFAULT_PRESCRIBING_CONFIG, type PrescribingConfig, PRESCRIPTION_RULE_IDS, PRESCRIPTION_RULES, type PrescriptionRuleId } from "./rules";
import { CONTEXT, DEA_CO, DEA_UT, NASAL, NOW, passingInput, TROCHE, TZ } from "./test-fixtures";

type Patch = (i: PrescriptionCheckInput) => void;
const build = (patch?: Patch) => {
  const i = passingInput();
  patch?.(i);
  return i;
};
const run = (patch?: Patch, ctx: Partial<PrescriptionCheckContext> = {}) => checkPrescription(build(patch), { ...CONTEXT, ...ctx });
const rule = (id: PrescriptionRuleId, patch?: Patch, ctx: Partial<PrescriptionCheckContext> = {}) => run(patch, ctx).findings.find((f) => f.ruleId === id)!;
const config = (over: (c: PrescribingConfig) => void): PrescribingConfig => {
  const c = JSON.parse(JSON.stringify(DEFAULT_PRESCRIBING_CONFIG)) as PrescribingConfig;
  over(c);
  return c;
};
const at = (iso: string) => new Date(iso);

describe("checkPrescription returns the whole checklist", () => {
  it("a complete prescription passes all 19 rules, in id order", () => {
    const r = run();
    expect(r.findings.map((f) => f.ruleId)).toEqual(PRESCRIPTION_RULE_IDS);
    expect(r.findings.filter((f) => !f.passed)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.blocking).toEqual([]);
    expect(r.figures).toEqual({
      issueDate: "2026-12-01",
      fillableUntil: "2027-06-01",
      doseMgPerSession: 200,
      sessionsPerFill: 4,
      daysSupply: 28,
      lastRefillDueOn: "2026-12-01",
      sessionsUntilFollowUp: 4,
    });
  });

  it("an empty draft fails every blocking rule with a message naming what to fix, and nothing throws", () => {
    const r = checkPrescription(
      {
        patient: { fullName: "", address: null },
        prescriber: { id: "p", fullName: "", address: null, deaNumber: null, licences: [], deaRegistrations: [], epcsPermission: "none", totpEnrolled: false },
        formulary: null,
        unitsPerSession: null,
        daysBetweenSessions: null,
        quantity: null,
        refills: null,
        previousDoseMgPerSession: null,
        nextFollowUpDate: null,
        eligibility: null,
        basisVisit: null,
        legalBasis: null,
        pdmp: null,
        pharmacy: null,
        signedNoteLinked: false,
      },
      CONTEXT,
    );
    expect(r.findings).toHaveLength(19);
    expect(r.findings.every((f) => !f.passed && f.message.length > 10)).toBe(true);
    expect(r.blocking.map((f) => f.ruleId)).toEqual(PRESCRIPTION_RULE_IDS.filter((id) => id !== "RX19"));
    expect(r.ok).toBe(false);
  });

  it("every finding carries its rule's title and source; record items never block", () => {
    const r = run((i) => (i.signedNoteLinked = false));
    for (const f of r.findings) {
      expect(f.title).toBe(PRESCRIPTION_RULES[f.ruleId].title);
      expect(f.source).toBe(PRESCRIPTION_RULES[f.ruleId].source);
    }
    const rx19 = r.findings.find((f) => f.ruleId === "RX19")!;
    expect(rx19).toMatchObject({ passed: false, severity: "record" });
    expect(r.ok).toBe(true);
  });
});

// RX01, 21 CFR 1306.05(a).
describe("RX01 every 1306.05(a) element", () => {
  it.each<[string, Patch, string]>([
    ["patient name", (i) => (i.patient.fullName = "  "), "patient's full name"],
    ["patient address", (i) => (i.patient.address = { line1: "12 Test Street", city: "", state: "CO", postalCode: "80202" }), "patient's full address"],
    ["drug, strength, form", (i) => (i.formulary = null), "drug name"],
    ["quantity", (i) => (i.quantity = null), "quantity"],
    ["directions", (i) => (i.unitsPerSession = null), "directions"],
    ["prescriber name", (i) => (i.prescriber.fullName = ""), "prescriber's name"],
    ["prescriber address", (i) => (i.prescriber.address = null), "prescriber's address"],
    ["DEA number", (i) => (i.prescriber.deaNumber = null), "DEA number"],
    ["dated another day", (i) => (i.writtenDate = "2026-11-30"), "day it is issued (2026-12-01)"],
  ])("missing %s blocks", (_, patch, words) => {
    const f = rule("RX01", patch);
    expect(f.passed).toBe(false);
    expect(f.severity).toBe("block");
    expect(f.message).toContain(words);
  });

  it("dated today (clinic zone) passes; lists several missing elements at once", () => {
    expect(rule("RX01", (i) => (i.writtenDate = "2026-12-01")).passed).toBe(true);
    const f = rule("RX01", (i) => {
      i.patient.fullName = "";
      i.prescriber.deaNumber = "";
    });
    expect(f.message).toBe("Add the patient's full name and the prescriber's DEA number.");
    expect(f.fields).toEqual(["patient.fullName", "prescriber.deaNumber"]);
  });
});

// RX02 / RX03, 21 CFR 1306.22(a).
describe("RX02 refills <= 5 (default 0)", () => {
  it.each<[number, boolean]>([
    [0, true],
    [5, true],
    [6, false],
    [-1, false],
    [1.5, false],
  ])("%s refills -> passes %s", (refills, ok) => {
    expect(rule("RX02", (i) => (i.refills = refills)).passed).toBe(ok);
  });

  it("the default is 0 and a clinic may allow fewer, never more than 5", () => {
    expect(DEFAULT_PRESCRIBING_CONFIG.defaultRefills).toBe(0);
    const fewer = config((c) => (c.maxRefills = 2));
    expect(rule("RX02", (i) => (i.refills = 2), { config: fewer }).passed).toBe(true);
    expect(rule("RX02", (i) => (i.refills = 3), { config: fewer }).message).toContain("the clinic allows at most 2");
    const more = config((c) => (c.maxRefills = 9));
    expect(rule("RX02", (i) => (i.refills = 6), { config: more }).message).toContain("at most 5");
  });
});

describe("RX03 nothing fillable after issue + 6 months", () => {
  // One session per fill (2 troches), so days supply = days between sessions; refill k is due at k x supply.
  const fills = (refills: number, days: number): Patch => (i) => {
    i.refills = refills;
    i.quantity = 2;
    i.daysBetweenSessions = days;
  };
  it.each<[string, Patch, boolean, string]>([
    ["last refill due exactly six months after issue", fills(1, 182), true, "2027-06-01"],
    ["one day after", fills(1, 183), false, "2027-06-02"],
    ["five refills of 36 days (180 days)", fills(5, 36), true, "2027-05-30"],
    ["five refills of 37 days (185 days)", fills(5, 37), false, "2027-06-04"],
  ])("%s", (_, patch, ok, lastDue) => {
    const r = run(patch);
    expect(r.figures.fillableUntil).toBe("2027-06-01");
    expect(r.figures.lastRefillDueOn).toBe(lastDue);
    expect(r.findings.find((f) => f.ruleId === "RX03")!.passed).toBe(ok);
  });

  it("shows the last fillable day; six months counts from the clinic's calendar day and clamps month ends", () => {
    expect(rule("RX03").message).toContain("No fills after 2027-06-01");
    // 03:00 UTC on Dec 1 is still Nov 30 in Denver.
    expect(run(undefined, { now: at("2026-12-01T03:00:00Z") }).figures.fillableUntil).toBe("2027-05-30");
    expect(run(undefined, { now: at("2026-08-31T18:00:00Z") }).figures.fillableUntil).toBe("2027-02-28");
  });
});

// RX04, DOMAIN.md §4.1.
describe("RX04 formulary entry offered", () => {
  it("nasal spray is off by default and blocks until the clinic enables it", () => {
    const off = rule("RX04", (i) => (i.formulary = NASAL));
    expect(off.passed).toBe(false);
    expect(off.message).toContain("ask an admin to enable it");
    expect(rule("RX04", (i) => (i.formulary = { ...NASAL, enabled: true })).passed).toBe(true);
    expect(rule("RX04", (i) => (i.formulary = null)).passed).toBe(false);
  });
});

// RX05-RX09, DOMAIN.md §4.2. Troche 100 mg; bounds 200-400 mg, step 100 mg, >= 7 days, <= 4 sessions per fill.
describe("RX05 dose per session within bounds", () => {
  it.each<[number, number, boolean]>([
    [1, 100, false], // min - 1 step
    [2, 200, true], // min
    [4, 400, true], // max
    [5, 500, false], // max + 1 step
    [0, 0, false],
  ])("%s troches (%s mg) -> %s", (units, _mg, ok) => {
    const f = rule("RX05", (i) => {
      i.unitsPerSession = units;
      i.previousDoseMgPerSession = null;
    });
    expect(f.passed).toBe(ok);
  });

  it("names the range and what to change", () => {
    expect(rule("RX05", (i) => (i.unitsPerSession = 5)).message).toBe("500 mg per session is outside the clinic's range for this formulation (200-400 mg). Change the units per session.");
  });
});

describe("RX06 titration step vs the previous prescription", () => {
  it.each<[number | null, number, boolean]>([
    [200, 3, true], // +100 = max step
    [200, 4, false], // +200
    [300, 4, true],
    [400, 2, true], // decrease is allowed
    [200, 2, true], // same dose
    [null, 4, true], // first prescription
  ])("previous %s mg -> %s troches: %s", (prev, units, ok) => {
    expect(rule("RX06", (i) => ((i.previousDoseMgPerSession = prev), (i.unitsPerSession = units))).passed).toBe(ok);
  });

  it("says by how much the step is over", () => {
    expect(rule("RX06", (i) => (i.unitsPerSession = 4)).message).toContain("200 mg above the previous 200 mg; the clinic allows increases of at most 100 mg");
  });
});

describe("RX07 minimum days between sessions", () => {
  it.each<[number, boolean]>([
    [6, false],
    [7, true],
    [8, true],
    [0, false],
    [7.5, false],
  ])("every %s days -> %s", (days, ok) => {
    expect(rule("RX07", (i) => (i.daysBetweenSessions = days)).passed).toBe(ok);
  });
});

describe("RX08 quantity within formulary bounds", () => {
  it.each<[number | null, boolean]>([
    [8, true], // 4 sessions = max per fill
    [10, false], // 5 sessions
    [6, true],
    [9, false], // not whole sessions of 2
    [0, false],
    [null, false],
  ])("%s troches (2 per session) -> %s", (q, ok) => {
    expect(rule("RX08", (i) => (i.quantity = q)).passed).toBe(ok);
  });

  it("nasal spray counts sprays from mL (10 sprays/mL, 4 sprays a session)", () => {
    const nasal = (ml: number): Patch => (i) => {
      i.formulary = { ...NASAL, enabled: true };
      i.unitsPerSession = 4;
      i.quantity = ml;
    };
    expect(rule("RX08", nasal(1.6)).passed).toBe(true);
    expect(rule("RX08", nasal(1.7))).toMatchObject({ passed: false, message: expect.stringContaining("covers 5 sessions") });
  });
});

describe("RX09 quantity <= sessions until the next follow-up", () => {
  it.each<[string, number, boolean, number]>([
    // Every 7 days from Dec 1: Dec 1, 8, 15 are before Dec 22; Dec 22 is the follow-up day itself.
    ["2026-12-22", 6, true, 3],
    ["2026-12-22", 8, false, 3],
    ["2026-12-23", 8, true, 4],
    ["2026-12-02", 2, true, 1],
  ])("follow-up %s, %s troches -> %s", (date, q, ok, sessions) => {
    const r = run((i) => ((i.nextFollowUpDate = date), (i.quantity = q)));
    expect(r.figures.sessionsUntilFollowUp).toBe(sessions);
    expect(r.findings.find((f) => f.ruleId === "RX09")!.passed).toBe(ok);
  });

  it("blocks without a future follow-up, and counts from a later first session", () => {
    expect(rule("RX09", (i) => (i.nextFollowUpDate = null)).message).toContain("Book the patient's next follow-up");
    expect(rule("RX09", (i) => (i.nextFollowUpDate = "2026-12-01")).passed).toBe(false);
    expect(rule("RX09", (i) => ((i.nextFollowUpDate = "2026-12-23"), (i.firstSessionDate = "2026-12-05"))).passed).toBe(false);
    expect(sessionsUntilFollowUp("2026-12-05", "2026-12-23", 7)).toBe(3);
    expect(sessionsUntilFollowUp("2026-12-05", "2026-12-05", 7)).toBe(0);
  });
});

// RX10, DOMAIN.md §2: only a current eligible_at_home decision.
describe("RX10 current, unexpired, uninvalidated eligible_at_home decision", () => {
  const decision = (d: Partial<EligibilityFacts>): Patch => (i) => {
    i.eligibility = { ...i.eligibility!, ...d };
  };
  it("expires at the instant: blocked at expiresAt, allowed 1 ms before", () => {
    expect(rule("RX10", decision({ expiresAt: NOW })).passed).toBe(false);
    expect(rule("RX10", decision({ expiresAt: new Date(NOW.getTime() + 1) })).passed).toBe(true);
  });

  // Statuses another module may add (awaiting_co_sign...) block like any status other than current.
  it.each(["expired", "invalidated", "pending", "awaiting_co_sign", "co_sign_declined", "some_future_status"])("status %s blocks", (status) => {
    const f = rule("RX10", decision({ status: status as string as EligibilityFacts["status"] }));
    expect(f.passed).toBe(false);
    expect(f.message).toContain("Record a new decision");
  });

  it.each(["in_office_only", "not_eligible", "deferred"] as const)("outcome %s blocks", (outcome) => {
    expect(rule("RX10", decision({ outcome })).passed).toBe(false);
  });

  it("no decision blocks", () => {
    expect(rule("RX10", (i) => (i.eligibility = null)).passed).toBe(false);
  });
});

// RX11 / RX12: licence and DEA registration for the state the patient was in at the basis visit.
describe("RX11 / RX12 state of the basis visit", () => {
  const inUtah: Patch = (i) => (i.basisVisit!.patientState = "UT");

  it("state mismatch: a Colorado prescriber cannot prescribe to a patient who was in Utah", () => {
    const r = run(inUtah);
    expect(r.findings.find((f) => f.ruleId === "RX11")!.message).toContain("no licence recorded for UT");
    expect(r.findings.find((f) => f.ruleId === "RX12")!.message).toContain("it is for CO, but the patient was in UT and the prescriber has no UT registration");
    expect(r.findings.find((f) => f.ruleId === "RX17")!.passed).toBe(false); // the PDMP check was Colorado's
  });

  it("with a Utah licence and registration, the Utah DEA number must be the one picked", () => {
    const withUtah: Patch = (i) => {
      inUtah(i);
      i.prescriber.licences = [...i.prescriber.licences, { state: "UT", number: "UT-1", expiresOn: "2027-06-30", verified: true }];
      i.prescriber.deaRegistrations = [...i.prescriber.deaRegistrations, { number: DEA_UT, state: "UT", schedules: ["3N"], expiresOn: "2027-06-30", verified: true }];
    };
    expect(rule("RX11", withUtah).passed).toBe(true);
    expect(rule("RX12", withUtah).message).toContain("choose the UT registration");
    expect(rule("RX12", (i) => (withUtah(i), (i.prescriber.deaNumber = DEA_UT))).passed).toBe(true);
  });

  it("the registration-state rule is a clinic setting; the licence rule is not", () => {
    const lenient = config((c) => (c.requireDeaRegistrationInPatientState = false));
    const withUtahLicence: Patch = (i) => {
      inUtah(i);
      i.prescriber.licences = [{ state: "UT", number: "UT-1", expiresOn: "2027-06-30", verified: true }];
    };
    expect(rule("RX12", withUtahLicence, { config: lenient }).passed).toBe(true);
    expect(rule("RX11", inUtah, { config: lenient }).passed).toBe(false);
  });

  it.each<[string, string, boolean]>([
    ["expired the day before", "2026-11-30", false],
    ["expires today (valid through the day)", "2026-12-01", true],
  ])("DEA registration %s", (_, expiresOn, ok) => {
    const f = rule("RX12", (i) => (i.prescriber.deaRegistrations = [{ ...i.prescriber.deaRegistrations[0]!, expiresOn }]));
    expect(f.passed).toBe(ok);
    if (!ok) expect(f.message).toContain(`it expired on ${expiresOn}`);
  });

  it("expiry is judged on the clinic's calendar day (22:00 in Denver is still Nov 30)", () => {
    const patch: Patch = (i) => (i.prescriber.deaRegistrations = [{ ...i.prescriber.deaRegistrations[0]!, expiresOn: "2026-11-30" }]);
    expect(rule("RX12", patch, { now: at("2026-12-01T05:00:00Z") }).passed).toBe(true);
    expect(rule("RX12", patch, { now: at("2026-12-01T07:00:00Z") }).passed).toBe(false);
  });

  it.each<[string, Patch, string]>([
    ["without schedule 3N (3 alone is narcotic)", (i) => (i.prescriber.deaRegistrations = [{ ...i.prescriber.deaRegistrations[0]!, schedules: ["2", "3", "4", "5"] }]), "does not include schedule 3N"],
    ["unverified", (i) => (i.prescriber.deaRegistrations = [{ ...i.prescriber.deaRegistrations[0]!, verified: false }]), "not been verified"],
    ["not one of the prescriber's", (i) => (i.prescriber.deaNumber = DEA_UT), "not one of the prescriber's recorded registrations"],
    [
      "with a wrong check digit",
      (i) => {
        i.prescriber.deaNumber = "AB1234567";
        i.prescriber.deaRegistrations = [{ ...i.prescriber.deaRegistrations[0]!, number: "AB1234567" }];
      },
      "check digit",
    ],
  ])("a registration %s blocks", (_, patch, words) => {
    const f = rule("RX12", patch);
    expect(f.passed).toBe(false);
    expect(f.message).toContain(words);
  });

  it.each<[string, string, boolean, boolean]>([
    ["expired the day before", "2026-11-30", true, false],
    ["expires today", "2026-12-01", true, true],
    ["unverified", "2027-06-30", false, false],
  ])("licence %s", (_, expiresOn, verified, ok) => {
    expect(rule("RX11", (i) => (i.prescriber.licences = [{ state: "CO", number: "CO-LIC-1", expiresOn, verified }])).passed).toBe(ok);
  });

  it("DEA check digit", () => {
    expect(isWellFormedDeaNumber(DEA_CO)).toBe(true);
    expect(isWellFormedDeaNumber(DEA_UT)).toBe(true);
    expect(isWellFormedDeaNumber("AB1234560")).toBe(false);
    expect(isWellFormedDeaNumber("A1234563")).toBe(false);
  });
});

// RX13, DOMAIN.md §4.4: only audio-video.
describe("RX13 audio-video basis visit", () => {
  it.each<[string, Patch, boolean]>([
    ["audio-video", () => {}, true],
    ["audio only", (i) => (i.basisVisit!.modality = "audio_only"), false],
    ["audio-video with an audio-only segment", (i) => (i.basisVisit!.hadAudioOnlySegment = true), false],
    ["no linked visit", (i) => (i.basisVisit = null), false],
  ])("%s -> %s", (_, patch, ok) => {
    expect(rule("RX13", patch).passed).toBe(ok);
  });
});

// RX14 / RX15, 21 CFR 1311.125, 1311.105/.115.
describe("RX14 EPCS permission, RX15 TOTP", () => {
  it.each<["granted" | "pending_approval" | "revoked" | "none", boolean]>([
    ["granted", true],
    ["pending_approval", false],
    ["revoked", false],
    ["none", false],
  ])("EPCS permission %s -> %s", (s, ok) => {
    expect(rule("RX14", (i) => (i.prescriber.epcsPermission = s)).passed).toBe(ok);
  });

  it("no TOTP enrolled blocks", () => {
    expect(rule("RX15", (i) => (i.prescriber.totpEnrolled = false))).toMatchObject({ passed: false, severity: "block" });
  });
});

// RX16, DOMAIN.md §4.4: fails closed from 2027-01-01 in the clinic's zone unless configuration changes.
describe("RX16 legal basis", () => {
  const lastMinuteOf2026 = at("2027-01-01T06:59:59Z"); // 23:59:59 on Dec 31 in Denver
  const firstMinuteOf2027 = at("2027-01-01T07:00:00Z"); // 00:00 on Jan 1 in Denver

  it("the flexibility holds through 2026-12-31 and fails closed on 2027-01-01, in the clinic's zone", () => {
    expect(rule("RX16", undefined, { now: lastMinuteOf2026 }).passed).toBe(true);
    const f = rule("RX16", undefined, { now: firstMinuteOf2027 });
    expect(f.passed).toBe(false);
    expect(f.message).toContain("ended on 2026-12-31");
    // Same instant, a clinic in Honolulu is still on Dec 31.
    expect(rule("RX16", undefined, { now: firstMinuteOf2027, timeZone: "Pacific/Honolulu" }).passed).toBe(true);
  });

  it("a configuration change extends it; a prescription carrying an out-of-date basis must choose again", () => {
    const extended = config((c) => (c.legalBasis.temporaryFlexibility = { rule: "Fifth extension (synthetic)", validUntil: "2027-12-31" }));
    const basis = currentFlexibilityBasis(firstMinuteOf2027, TZ, extended)!;
    expect(basis).toEqual({ kind: "temporary_flexibility", rule: "Fifth extension (synthetic)", validUntil: "2027-12-31" });
    expect(rule("RX16", (i) => (i.legalBasis = basis), { now: firstMinuteOf2027, config: extended }).passed).toBe(true);
    expect(rule("RX16", undefined, { now: NOW, config: extended }).message).toContain("Choose the legal basis again");
  });

  it("no flexibility configured, or none chosen, blocks; a new prescription gets none from 2027-01-01", () => {
    expect(rule("RX16", undefined, { config: config((c) => (c.legalBasis.temporaryFlexibility = null)) }).passed).toBe(false);
    expect(rule("RX16", (i) => (i.legalBasis = null)).passed).toBe(false);
    expect(currentFlexibilityBasis(lastMinuteOf2026, TZ)).not.toBeNull();
    expect(currentFlexibilityBasis(firstMinuteOf2027, TZ)).toBeNull();
  });

  it.each<[string, PrescriptionCheckInput["legalBasis"], boolean]>([
    ["prior in-person evaluation", { kind: "prior_in_person_eval", date: "2026-10-01", practitioner: "Dr. Alex Sample" }, true],
    ["in-person evaluation on the day", { kind: "prior_in_person_eval", date: "2027-01-01", practitioner: "Dr. Alex Sample" }, true],
    ["in-person evaluation dated tomorrow", { kind: "prior_in_person_eval", date: "2027-01-02", practitioner: "Dr. Alex Sample" }, false],
    ["in-person evaluation without practitioner", { kind: "prior_in_person_eval", date: "2026-10-01", practitioner: " " }, false],
    ["special registration (rule not final, off by default)", { kind: "special_registration", number: "SR-1" }, false],
    ["telemedicine exception (off by default)", { kind: "telemedicine_exception", exception: "829(e)(3)" }, false],
  ])("on 2027-01-01: %s -> %s", (_, basis, ok) => {
    expect(rule("RX16", (i) => (i.legalBasis = basis), { now: firstMinuteOf2027 }).passed).toBe(ok);
  });

  it("special registration passes once configuration enables it", () => {
    const on = config((c) => (c.legalBasis.specialRegistrationEnabled = true));
    expect(rule("RX16", (i) => (i.legalBasis = { kind: "special_registration", number: "SR-1" }), { config: on }).passed).toBe(true);
  });
});

// RX17, DOMAIN.md §4.3, §4.5; INTEGRATIONS.md §1.
describe("RX17 PDMP", () => {
  const reviewedAt = (iso: string): Patch => (i) => (i.pdmp = { result: "reviewed", state: "CO", checkedAt: at(iso), checkedBy: "Dr. Alex Sample" });
  const unavailable = (attempts: { at: string; reason: string; by: string }[]): Patch => (i) =>
    (i.pdmp = { result: "unavailable", state: "CO", attempts: attempts.map((a) => ({ ...a, at: at(a.at) })) });
  const oneAttempt = [{ at: "2026-12-01T16:30:00Z", reason: "PDMP portal down (HTTP 503)", by: "Dr. Alex Sample" }];
  const sevenDays: Patch = (i) => (i.quantity = 2); // 1 session x 7 days

  it("required (default for every state) and not recorded: blocks", () => {
    expect(rule("RX17", (i) => (i.pdmp = null))).toMatchObject({ passed: false, severity: "block" });
  });

  it("not required by the clinic's setting for the state: a record item that does not block", () => {
    const notCo = config((c) => (c.pdmp.requiredByState = { co: false }));
    const r = run((i) => (i.pdmp = null), { config: notCo });
    expect(r.findings.find((f) => f.ruleId === "RX17")).toMatchObject({ passed: false, severity: "record" });
    expect(r.ok).toBe(true);
    expect(rule("RX17", undefined, { config: notCo })).toMatchObject({ passed: true, severity: "record" });
  });

  it.each<[string, boolean]>([
    ["2026-11-30T17:00:00Z", true], // exactly 24 h old
    ["2026-11-30T16:59:59Z", false], // 24 h + 1 s
    ["2026-12-01T17:00:01Z", false], // dated in the future
  ])("reviewed at %s -> %s", (iso, ok) => {
    expect(rule("RX17", reviewedAt(iso)).passed).toBe(ok);
  });

  it("a check of another state, or without who checked, blocks", () => {
    expect(rule("RX17", (i) => (i.pdmp = { result: "reviewed", state: "UT", checkedAt: NOW, checkedBy: "x" })).passed).toBe(false);
    expect(rule("RX17", (i) => (i.pdmp = { result: "reviewed", state: "CO", checkedAt: NOW, checkedBy: " " })).passed).toBe(false);
  });

  it("unavailable with one recorded attempt (time, reason, who) and a 7-day supply passes", () => {
    const f = rule("RX17", (i) => (unavailable(oneAttempt)(i), sevenDays(i)));
    expect(f.passed).toBe(true);
    expect(f.message).toContain("1 attempt recorded");
  });

  it.each<[string, Patch]>([
    ["no attempts", (i) => (unavailable([])(i), sevenDays(i))],
    ["an attempt without a reason", (i) => (unavailable([{ ...oneAttempt[0]!, reason: "" }])(i), sevenDays(i))],
    ["an attempt older than 24 h", (i) => (unavailable([{ ...oneAttempt[0]!, at: "2026-11-29T12:00:00Z" }])(i), sevenDays(i))],
    ["14 days of supply", (i) => (unavailable(oneAttempt)(i), (i.quantity = 4))],
    ["7 days plus a refill", (i) => (unavailable(oneAttempt)(i), sevenDays(i), (i.refills = 1))],
  ])("unavailable with %s blocks", (_, patch) => {
    expect(rule("RX17", patch).passed).toBe(false);
  });

  it("a clinic may require more attempts", () => {
    const two = config((c) => (c.pdmp.minAttemptsWhenUnavailable = 2));
    const patch: Patch = (i) => (unavailable(oneAttempt)(i), sevenDays(i));
    expect(rule("RX17", patch, { config: two }).message).toContain("2 attempts");
  });
});

// RX18, DOMAIN.md §4.5.
describe("RX18 pharmacy", () => {
  it.each<[string, Patch, boolean]>([
    ["EPCS-capable, ships to CO", () => {}, true],
    ["not EPCS-capable", (i) => (i.pharmacy!.epcsCapable = false), false],
    ["does not ship to CO", (i) => (i.pharmacy!.shipsToStates = ["UT"]), false],
    ["none chosen", (i) => (i.pharmacy = null), false],
  ])("%s -> %s", (_, patch, ok) => {
    expect(rule("RX18", patch).passed).toBe(ok);
  });
});

describe("the troche fixture's bounds are the ones the tables assume", () => {
  it("min 200, max 400, step 100, 7 days, 4 sessions", () => {
    expect(TROCHE.bounds).toEqual({ minDoseMgPerSession: 200, maxDoseMgPerSession: 400, maxTitrationStepMg: 100, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 });
  });
});
