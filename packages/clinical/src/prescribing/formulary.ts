/**
 * Clinic formulary entries (DOMAIN.md §4.1, §4.2): compounded ketamine forms with a structured
 * strength, route and dose bounds agreed with the clinic's compounder, and the sig rendered from
 * those fields (never free text), so the same fields drive the checklist, SCRIPT and the patient.
 */

export type FormularyForm = "troche" | "rdt_odt" | "nasal_spray";
export type FormularyRoute = "sublingual" | "buccal" | "intranasal";

/** DEA registration schedule codes (2/3 narcotic, 2N/3N non-narcotic). */
export type DeaSchedule = "2" | "2N" | "3" | "3N" | "4" | "5";

/**
 * Ketamine is Schedule III, listed among the depressants of 21 CFR 1308.13(c) (DEA code 7285),
 * not the narcotics of 1308.13(e): a registration must carry 3N to prescribe it.
 */
export const KETAMINE_DEA_SCHEDULE: DeaSchedule = "3N";

/** Strength of one dose unit (one troche, one tablet, one spray). */
export interface Strength {
  value: number;
  unit: "mg";
}

/** Clinic-set bounds (DOMAIN.md §4.2: "clinic sets", no authoritative source [U]). */
export interface DoseBounds {
  minDoseMgPerSession: number;
  maxDoseMgPerSession: number;
  /** Largest allowed increase over the previous prescription's per-session dose. */
  maxTitrationStepMg: number;
  minDaysBetweenSessions: number;
  maxSessionsPerFill: number;
}

interface EntryBase {
  id: string;
  /** e.g. "Ketamine HCl" (1306.05(a) drug name). */
  drugName: string;
  strength: Strength;
  bounds: DoseBounds;
  deaSchedule: DeaSchedule;
  /** Offered by the clinic; nasal spray is off by default (DOMAIN.md §4.1). */
  enabled: boolean;
}

export type FormularyEntry =
  | (EntryBase & { form: "troche"; route: "sublingual" | "buccal"; holdMinutes: number })
  | (EntryBase & { form: "rdt_odt"; route: "sublingual"; holdMinutes: number })
  | (EntryBase & {
      form: "nasal_spray";
      route: "intranasal";
      /** Sprays per mL of the multi-dose device: converts sprays to the dispensed mL. */
      spraysPerMl: number;
      minutesBetweenSprays: number;
    });

export type TrocheEntry = Extract<FormularyEntry, { form: "troche" }>;
export type RdtEntry = Extract<FormularyEntry, { form: "rdt_odt" }>;
export type NasalSprayEntry = Extract<FormularyEntry, { form: "nasal_spray" }>;

/** DOMAIN.md §4.1: nasal spray is not offered by default (multi-dose device, higher diversion risk). */
export const FORM_ENABLED_BY_DEFAULT: Readonly<Record<FormularyForm, boolean>> = {
  troche: true,
  rdt_odt: true,
  nasal_spray: false,
};

export const FORM_ROUTES: Readonly<Record<FormularyForm, readonly FormularyRoute[]>> = {
  troche: ["sublingual", "buccal"],
  rdt_odt: ["sublingual"],
  nasal_spray: ["intranasal"],
};

/** 1306.05(a) dosage form, in words. */
export const DOSAGE_FORM_LABEL: Readonly<Record<FormularyForm, string>> = {
  troche: "troche",
  rdt_odt: "rapid-dissolve tablet",
  nasal_spray: "nasal spray",
};

/** What one dose is counted in, and what the pharmacy dispenses (DOMAIN.md §4.1 "Unit"). */
export const DOSE_UNIT: Readonly<Record<FormularyForm, { one: string; many: string }>> = {
  troche: { one: "troche", many: "troches" },
  rdt_odt: { one: "tablet", many: "tablets" },
  nasal_spray: { one: "spray", many: "sprays" },
};
export const DISPENSE_UNIT: Readonly<Record<FormularyForm, "troche" | "tablet" | "mL">> = {
  troche: "troche",
  rdt_odt: "tablet",
  nasal_spray: "mL",
};

/**
 * SCRIPT QuantityUnitOfMeasure (NCI Thesaurus codes). Troche C48548 per INTEGRATIONS.md §3 [S];
 * tablet and millilitre [U]: confirm against the vendor's implementation guide.
 */
export const NCI_QUANTITY_UNIT: Readonly<Record<"troche" | "tablet" | "mL", string>> = {
  troche: "C48548",
  tablet: "C48542",
  mL: "C28254",
};

/** SCRIPT DEASchedule code for Schedule III (DOMAIN.md §5.2 [S]). */
export const SCRIPT_DEA_SCHEDULE_CIII = "C48676";

/** SCRIPT DrugDescription, e.g. "Ketamine HCl 200 mg sublingual troche, compounded". */
export function drugDescription(entry: FormularyEntry): string {
  const strength = entry.form === "nasal_spray" ? `${num(entry.strength.value)} mg per spray` : `${num(entry.strength.value)} mg`;
  return `${entry.drugName} ${strength} ${entry.route} ${DOSAGE_FORM_LABEL[entry.form]}, compounded`;
}

/** Dose units one dispensed unit holds (1 for troches and tablets; sprays per mL for nasal spray). */
export function doseUnitsPerDispenseUnit(entry: FormularyEntry): number {
  return entry.form === "nasal_spray" ? entry.spraysPerMl : 1;
}

export interface FormularyProblem {
  field: string;
  message: string;
}

/** Structural checks on an entry an admin saves; empty when valid. */
export function validateFormularyEntry(entry: FormularyEntry): FormularyProblem[] {
  const out: FormularyProblem[] = [];
  const positive = (field: string, v: number, label: string, integer = false) => {
    if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      out.push({ field, message: `${label} must be a ${integer ? "whole number" : "number"} above 0.` });
    }
  };
  if (!entry.drugName.trim()) out.push({ field: "drugName", message: "Enter the drug name, e.g. Ketamine HCl." });
  if (!FORM_ROUTES[entry.form].includes(entry.route)) {
    out.push({ field: "route", message: `A ${DOSAGE_FORM_LABEL[entry.form]} is taken ${FORM_ROUTES[entry.form].join(" or ")}, not ${entry.route}.` });
  }
  positive("strength.value", entry.strength.value, "Strength");
  const b = entry.bounds;
  positive("bounds.minDoseMgPerSession", b.minDoseMgPerSession, "Minimum dose per session");
  positive("bounds.maxDoseMgPerSession", b.maxDoseMgPerSession, "Maximum dose per session");
  if (b.minDoseMgPerSession > b.maxDoseMgPerSession) {
    out.push({ field: "bounds.maxDoseMgPerSession", message: "The maximum dose per session must be at least the minimum." });
  }
  if (!Number.isFinite(b.maxTitrationStepMg) || b.maxTitrationStepMg < 0) {
    out.push({ field: "bounds.maxTitrationStepMg", message: "Maximum titration step must be 0 mg or more." });
  }
  positive("bounds.minDaysBetweenSessions", b.minDaysBetweenSessions, "Minimum days between sessions", true);
  positive("bounds.maxSessionsPerFill", b.maxSessionsPerFill, "Maximum sessions per fill", true);
  if (entry.form === "nasal_spray") {
    positive("spraysPerMl", entry.spraysPerMl, "Sprays per mL");
    positive("minutesBetweenSprays", entry.minutesBetweenSprays, "Minutes between sprays", true);
  } else {
    positive("holdMinutes", entry.holdMinutes, "Minutes to hold in the mouth", true);
  }
  return out;
}

/** The structured directions of one prescription; the sig is rendered from these and the entry. */
export interface SigFields {
  /** Troches, tablets or sprays per session. */
  unitsPerSession: number;
  /** "No more than 1 session every N days". */
  daysBetweenSessions: number;
}

const PLACEMENT: Readonly<Record<FormularyRoute, string>> = {
  sublingual: "under the tongue",
  buccal: "between the cheek and gum",
  intranasal: "into the nose",
};

/**
 * Plain, deterministic directions (DOMAIN.md §4.1 sig templates) from structured fields: the
 * same fields always give the same text (no locale, no clock).
 */
export function renderSig(entry: FormularyEntry, fields: SigFields): string {
  const n = fields.unitsPerSession;
  const unit = DOSE_UNIT[entry.form];
  const each = num(entry.strength.value);
  const total = num(n * entry.strength.value);
  const every = fields.daysBetweenSessions === 1 ? "every day" : `every ${fields.daysBetweenSessions} days`;
  const closing = `Use only on scheduled session days, with your support person present. No more than 1 session ${every}.`;
  if (entry.form === "nasal_spray") {
    const how =
      n === 1
        ? `Spray 1 spray (${each} mg) into one nostril. Total ${total} mg per session.`
        : `Spray ${n} sprays (${each} mg each), 1 spray at a time, alternating nostrils, ${entry.minutesBetweenSprays} minutes apart. Total ${total} mg per session.`;
    return `${how} ${closing}`;
  }
  const what = n === 1 ? `1 ${unit.one} (${each} mg)` : `${n} ${unit.many} (${each} mg each), 1 at a time,`;
  return (
    `Dissolve ${what} ${PLACEMENT[entry.route]} for ${entry.holdMinutes} minutes without swallowing, then spit out what remains. ` +
    `Total ${total} mg per session. ${closing}`
  );
}

/** Numbers as plain digits (no locale grouping), trimmed of float noise. */
function num(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}
