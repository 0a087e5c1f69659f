import { describe, expect, it } from "vitest";

import { addCalendarDays, addCalendarMonths, clinicToday, daysBetween, isCalendarDate } from "./dates";
import { DISPENSE_UNIT, drugDescription, FORM_ENABLED_BY_DEFAULT, type FormularyEntry, KETAMINE_DEA_SCHEDULE, NCI_QUANTITY_UNIT, type RdtEntry, renderSig, validateFormularyEntry } from "./formulary";
import { NASAL, TROCHE } from "./test-fixtures";

const RDT: RdtEntry = { ...TROCHE, id: "f-rdt-150", form: "rdt_odt", route: "sublingual", strength: { value: 150, unit: "mg" } };

describe("formulary defaults (DOMAIN.md §4.1)", () => {
  it("nasal spray is off by default; troche and RDT on", () => {
    expect(FORM_ENABLED_BY_DEFAULT).toEqual({ troche: true, rdt_odt: true, nasal_spray: false });
  });
  it("ketamine needs schedule 3N (CIII non-narcotic); dispense units and SCRIPT unit codes", () => {
    expect(KETAMINE_DEA_SCHEDULE).toBe("3N");
    expect(DISPENSE_UNIT).toEqual({ troche: "troche", rdt_odt: "tablet", nasal_spray: "mL" });
    expect(NCI_QUANTITY_UNIT.troche).toBe("C48548");
  });
  it("SCRIPT DrugDescription from the structured fields", () => {
    expect(drugDescription(TROCHE)).toBe("Ketamine HCl 100 mg sublingual troche, compounded");
    expect(drugDescription(NASAL)).toBe("Ketamine HCl 10 mg per spray intranasal nasal spray, compounded");
  });
});

describe("renderSig: plain and deterministic from fields", () => {
  it.each<[string, FormularyEntry, number, number, string]>([
    [
      "one troche, sublingual",
      { ...TROCHE, strength: { value: 200, unit: "mg" } },
      1,
      7,
      "Dissolve 1 troche (200 mg) under the tongue for 15 minutes without swallowing, then spit out what remains. Total 200 mg per session. Use only on scheduled session days, with your support person present. No more than 1 session every 7 days.",
    ],
    [
      "two troches, buccal",
      { ...TROCHE, route: "buccal" },
      2,
      7,
      "Dissolve 2 troches (100 mg each), 1 at a time, between the cheek and gum for 15 minutes without swallowing, then spit out what remains. Total 200 mg per session. Use only on scheduled session days, with your support person present. No more than 1 session every 7 days.",
    ],
    [
      "RDT, daily cap",
      RDT,
      2,
      1,
      "Dissolve 2 tablets (150 mg each), 1 at a time, under the tongue for 15 minutes without swallowing, then spit out what remains. Total 300 mg per session. Use only on scheduled session days, with your support person present. No more than 1 session every day.",
    ],
    [
      "nasal spray",
      NASAL,
      4,
      7,
      "Spray 4 sprays (10 mg each), 1 spray at a time, alternating nostrils, 5 minutes apart. Total 40 mg per session. Use only on scheduled session days, with your support person present. No more than 1 session every 7 days.",
    ],
    [
      "one spray",
      NASAL,
      1,
      14,
      "Spray 1 spray (10 mg) into one nostril. Total 10 mg per session. Use only on scheduled session days, with your support person present. No more than 1 session every 14 days.",
    ],
  ])("%s", (_, entry, units, days, text) => {
    expect(renderSig(entry, { unitsPerSession: units, daysBetweenSessions: days })).toBe(text);
    // Same fields, same text.
    expect(renderSig(entry, { unitsPerSession: units, daysBetweenSessions: days })).toBe(renderSig(JSON.parse(JSON.stringify(entry)) as FormularyEntry, { unitsPerSession: units, daysBetweenSessions: days }));
  });

  it("decimal strengths print as plain digits without float noise", () => {
    expect(renderSig({ ...TROCHE, strength: { value: 12.5, unit: "mg" } }, { unitsPerSession: 3, daysBetweenSessions: 7 })).toContain("Total 37.5 mg per session");
    expect(renderSig({ ...NASAL, strength: { value: 0.1, unit: "mg" } }, { unitsPerSession: 3, daysBetweenSessions: 7 })).toContain("Total 0.3 mg per session");
  });
});

describe("validateFormularyEntry", () => {
  it("the fixtures are valid", () => {
    expect(validateFormularyEntry(TROCHE)).toEqual([]);
    expect(validateFormularyEntry(NASAL)).toEqual([]);
    expect(validateFormularyEntry(RDT)).toEqual([]);
  });
  it("names each problem and its field", () => {
    const bad = {
      ...TROCHE,
      drugName: " ",
      route: "intranasal",
      strength: { value: 0, unit: "mg" },
      holdMinutes: 2.5,
      bounds: { minDoseMgPerSession: 400, maxDoseMgPerSession: 200, maxTitrationStepMg: -1, minDaysBetweenSessions: 0, maxSessionsPerFill: 1.5 },
    } as unknown as FormularyEntry;
    expect(validateFormularyEntry(bad).map((p) => p.field)).toEqual([
      "drugName",
      "route",
      "strength.value",
      "bounds.maxDoseMgPerSession",
      "bounds.maxTitrationStepMg",
      "bounds.minDaysBetweenSessions",
      "bounds.maxSessionsPerFill",
      "holdMinutes",
    ]);
    expect(validateFormularyEntry(bad)[1]!.message).toBe("A troche is taken sublingual or buccal, not intranasal.");
  });
});

describe("calendar helpers", () => {
  it("add months clamps month ends; days and differences are calendar days", () => {
    expect(addCalendarMonths("2026-12-01", 6)).toBe("2027-06-01");
    expect(addCalendarMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addCalendarMonths("2027-08-31", 6)).toBe("2028-02-29");
    expect(addCalendarMonths("2026-01-31", -2)).toBe("2025-11-30");
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(daysBetween("2026-12-01", "2027-06-01")).toBe(182);
    expect(daysBetween("2026-12-02", "2026-12-01")).toBe(-1);
  });
  it("validates dates and reads today in the clinic's zone", () => {
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-1-01")).toBe(false);
    expect(() => addCalendarDays("2026-02-30", 1)).toThrow(RangeError);
    expect(clinicToday(new Date("2027-01-01T06:59:59Z"), "America/Denver")).toBe("2026-12-31");
    expect(clinicToday(new Date("2027-01-01T07:00:00Z"), "America/Denver")).toBe("2027-01-01");
  });
});
