import { z } from "zod";

import { ZIsoDate, ZPhone, ZState, ZUserId, ZUuid, text } from "./common";
import type { EPCS_FINDING_REASONS } from "./choices/prescribing";
import { DEA_SCHEDULES, FORMULARY_FORMS } from "./choices/prescribing";

export { DEA_SCHEDULES, FORMULARY_FORMS, EPCS_FINDING_REASONS } from "./choices/prescribing";

/**
 * Inputs of the prescribing administration procedures (issue 12 router contract: formulary,
 * pharmacy, prescribingSettings, prescriber, epcs). Shared by the admin forms and the routers.
 */

// ------------------------------------------------------------------ identifiers

/**
 * NPI check digit: Luhn over the 9 leading digits prefixed with the card issuer prefix 80840
 * (CMS, "Requirements for NPI check digit"). Catches typos; the number itself is not looked up.
 */
export function isValidNpi(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = `80840${value}`.split("").map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits[i]!;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const ZNpi = text({ min: 1, max: 20, minMessage: "Enter the 10-digit NPI." })
  .regex(/^\d{10}$/, { error: "An NPI is 10 digits.", abort: true })
  .refine(isValidNpi, "This NPI's check digit does not match: check the number.");
export const ZNcpdpId = text({ min: 1, max: 20, minMessage: "Enter the 7-digit NCPDP ID." }).regex(/^\d{7}$/, "An NCPDP ID is 7 digits.");
/** DEA number shape (two letters, seven digits); the check digit is checked by the service (packages/clinical). */
export const ZDeaNumber = text({ min: 1, max: 20, minMessage: "Enter the DEA number." })
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z][A-Z9]\d{7}$/, "A DEA number is two letters and seven digits, e.g. AB1234563."));
export const ZPostalCode = text({ min: 1, max: 10, minMessage: "Enter the ZIP code." }).regex(/^\d{5}(-\d{4})?$/, "Enter a ZIP code, e.g. 80202.");

export const ZDeaSchedule = z.enum(DEA_SCHEDULES, { message: "Choose a schedule: 2, 2N, 3, 3N, 4 or 5." });

// ------------------------------------------------------------------ formulary

export const FORMULARY_ROUTES = ["sublingual", "buccal", "intranasal"] as const;
const ZForm = z.enum(FORMULARY_FORMS, { message: "Choose a form: troche, rapid-dissolve tablet or nasal spray." });
const ZRoute = z.enum(FORMULARY_ROUTES, { message: "Choose a route: sublingual, buccal or intranasal." });

const amount = (label: string) => z.number({ error: `Enter the ${label}.` }).max(100_000, `The ${label} is too large.`);
const count = (label: string) => amount(label).int(`Enter the ${label} as a whole number.`);

/**
 * A formulary entry as the admin edits it (packages/clinical FormularyEntry, DOMAIN.md §4.1-4.2):
 * the field paths are the ones `validateFormularyEntry` names. Troche/RDT take `holdMinutes`; nasal
 * spray takes `spraysPerMl` and `minutesBetweenSprays` (the other form's fields are not stored).
 * `enabled` left out: on for troche and RDT, off for nasal spray (DOMAIN.md §4.1).
 */
export const ZFormularyEntryFields = z.object({
  drugName: text({ min: 1, max: 100, minMessage: "Enter the drug name, e.g. Ketamine HCl." }),
  form: ZForm,
  route: ZRoute,
  strength: z.object({ value: amount("strength"), unit: z.literal("mg").default("mg") }),
  holdMinutes: count("minutes to hold in the mouth").nullable().optional(),
  spraysPerMl: amount("sprays per mL").nullable().optional(),
  minutesBetweenSprays: count("minutes between sprays").nullable().optional(),
  bounds: z.object({
    minDoseMgPerSession: amount("minimum dose per session"),
    maxDoseMgPerSession: amount("maximum dose per session"),
    maxTitrationStepMg: amount("maximum titration step"),
    minDaysBetweenSessions: count("minimum days between sessions"),
    maxSessionsPerFill: count("maximum sessions per fill"),
  }),
  deaSchedule: ZDeaSchedule.default("3N"),
  enabled: z.boolean().optional(),
  compoundingNote: text({ max: 500, multiline: true }).nullable().optional(),
});
export type TFormularyEntryFields = z.input<typeof ZFormularyEntryFields>;

/** formulary.save: a new entry (no id) or an edit of `id` at the `version` the admin opened. */
export const ZFormularySaveInput = ZFormularyEntryFields.extend({
  id: ZUuid.optional(),
  version: z.number().int().min(1).optional(),
}).refine((v) => !v.id || v.version !== undefined, { message: "Reload the entry and try again.", path: ["version"] });
export type TFormularySaveInput = z.input<typeof ZFormularySaveInput>;

export const ZFormularyListInput = z.object({ includeDisabled: z.boolean().optional() }).optional();
export const ZFormularySetEnabledInput = z.object({ id: ZUuid, enabled: z.boolean() });

// ------------------------------------------------------------------ pharmacy

/** A compounding pharmacy of the clinic's directory (DOMAIN.md §4.5 "pharmacy directory"). */
export const ZPharmacySaveInput = z.object({
  id: ZUuid.optional(),
  name: text({ min: 1, max: 200, minMessage: "Enter the pharmacy's name." }),
  ncpdpId: ZNcpdpId,
  npi: ZNpi,
  addressLine1: text({ min: 1, max: 200, minMessage: "Enter the street address." }),
  addressLine2: text({ max: 200 }).nullable().optional(),
  city: text({ min: 1, max: 100, minMessage: "Enter the city." }),
  state: ZState,
  postalCode: ZPostalCode,
  phone: ZPhone,
  shipsToStates: z.array(ZState).min(1, "Choose the states it ships to.").max(60),
  epcsCapable: z.boolean(),
  compounding: z.boolean(),
  active: z.boolean().optional(),
});
export type TPharmacySaveInput = z.input<typeof ZPharmacySaveInput>;
export const ZPharmacySetActiveInput = z.object({ id: ZUuid, active: z.boolean() });

// ------------------------------------------------------------------ prescribing settings

const ZAckCode = z.string().regex(/^\d{3}$/, "A code is 3 digits.");
/**
 * Overrides of packages/clinical DEFAULT_ACK_MAPPING (DOMAIN.md §5.4: the Status code -> state map
 * is configuration): the AckMapping shape, every part optional.
 */
export const ZAckMappingOverrides = z.strictObject({
  status: z.record(ZAckCode, z.enum(["acknowledged", "in_transit"])).optional(),
  statusDefault: z.enum(["acknowledged", "in_transit"]).optional(),
  errors: z.record(ZAckCode, z.enum(["retry", "terminal"])).optional(),
  errorDefault: z.enum(["retry", "terminal"]).optional(),
});
export type TAckMappingOverrides = z.infer<typeof ZAckMappingOverrides>;

const whole = (label: string, min: number, max: number) =>
  z
    .number({ error: `Enter ${label} as a whole number from ${min} to ${max}.` })
    .int(`Enter ${label} as a whole number from ${min} to ${max}.`)
    .min(min, `Enter ${label} as a whole number from ${min} to ${max}.`)
    .max(max, `Enter ${label} as a whole number from ${min} to ${max}.`);

/**
 * prescribingSettings.update: each clinic-configurable (C) value of DOMAIN.md §4 on its own.
 * `flexibilityValidUntil: null` = no telemedicine flexibility (fails closed, DOMAIN.md §4.4).
 * Refills: at most 5 (21 CFR 1306.22(a)); the default at most the clinic's maximum.
 */
export const ZPrescribingSettingsUpdateInput = z
  .object({
    flexibilityRule: text({ min: 1, max: 300 }).nullable().optional(),
    flexibilityValidUntil: ZIsoDate.nullable().optional(),
    specialRegistrationEnabled: z.boolean().optional(),
    telemedicineExceptionEnabled: z.boolean().optional(),
    requireDeaInPatientState: z.boolean().optional(),
    maxRefills: whole("the maximum refills", 0, 5).optional(),
    defaultRefills: whole("the default refills", 0, 5).optional(),
    fillableMonths: whole("the months a prescription can be filled", 1, 6).optional(),
    pdmpRequiredByState: z.partialRecord(ZState, z.boolean()).optional(),
    pdmpRequiredByDefault: z.boolean().optional(),
    pdmpMaxAgeHours: whole("the hours a PDMP check stays valid", 1, 720).optional(),
    pdmpMinAttemptsWhenUnavailable: whole("the attempts to record when the PDMP is unavailable", 1, 10).optional(),
    pdmpUnavailableMaxDaysSupply: whole("the days' supply allowed without a PDMP check", 1, 90).optional(),
    allowProviderDrafts: z.boolean().optional(),
    ackStatusMap: ZAckMappingOverrides.nullable().optional(),
    pendingAlertMinutes: whole("the minutes before a pending message raises an alert", 1, 1440).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "Choose a setting to change." })
  .refine((v) => v.maxRefills === undefined || v.defaultRefills === undefined || v.defaultRefills <= v.maxRefills, {
    message: "The default refills cannot be more than the maximum.",
    path: ["defaultRefills"],
  });
export type TPrescribingSettingsUpdateInput = z.input<typeof ZPrescribingSettingsUpdateInput>;

// ------------------------------------------------------------------ prescriber credentials

export const ZPrescriberGetInput = z.object({ userId: ZUserId });

/** The prescriber's NewRx identity (DOMAIN.md §5.2 Prescriber: NPI, address, phone). */
export const ZPrescriberSaveProfileInput = z.object({
  userId: ZUserId,
  npi: ZNpi,
  address: z.object({
    line1: text({ min: 1, max: 200, minMessage: "Enter the street address." }),
    line2: text({ max: 200 }).nullable().optional(),
    city: text({ min: 1, max: 100, minMessage: "Enter the city." }),
    state: ZState,
    postalCode: ZPostalCode,
  }),
  phone: ZPhone,
});
export type TPrescriberSaveProfileInput = z.input<typeof ZPrescriberSaveProfileInput>;

const ZExpiry = ZIsoDate;

/** A state licence; an edit of any field clears its verification (1311.125(a): verified as current). */
export const ZPrescriberSaveLicenceInput = z.object({
  id: ZUuid.optional(),
  userId: ZUserId,
  state: ZState,
  number: text({ min: 1, max: 40, minMessage: "Enter the licence number." }),
  expiresOn: ZExpiry,
});
export type TPrescriberSaveLicenceInput = z.input<typeof ZPrescriberSaveLicenceInput>;

/** A DEA registration (1311.135(b): one per state the prescriber prescribes into). */
export const ZPrescriberSaveDeaInput = z.object({
  id: ZUuid.optional(),
  userId: ZUserId,
  number: ZDeaNumber,
  state: ZState,
  schedules: z
    .array(ZDeaSchedule)
    .min(1, "Choose the schedules on the registration.")
    .max(6)
    .refine((s) => new Set(s).size === s.length, "A schedule is listed twice."),
  expiresOn: ZExpiry,
});
export type TPrescriberSaveDeaInput = z.input<typeof ZPrescriberSaveDeaInput>;

export const ZCredentialIdInput = z.object({ id: ZUuid });
export const ZCredentialKind = z.enum(["licence", "dea"]);
export const ZPrescriberVerifyCredentialInput = z.object({
  kind: ZCredentialKind,
  id: ZUuid,
  note: text({ min: 3, max: 500, multiline: true, minMessage: "Say how you verified it, e.g. the board's online lookup on today's date." }),
});
export type TPrescriberVerifyCredentialInput = z.input<typeof ZPrescriberVerifyCredentialInput>;

// ------------------------------------------------------------------ EPCS access control and audit

export const ZTotpCode = z.string().regex(/^\d{6}$/, "Enter the 6-digit code.");
export const ZEpcsChangeStatus = z.enum(["pending", "approved", "rejected", "withdrawn"]);
export const ZEpcsAction = z.enum(["grant", "revoke"]);

export const ZEpcsChangesInput = z.object({ status: ZEpcsChangeStatus.optional() }).optional();
export const ZEpcsEnterChangeInput = z.object({
  subjectUserId: ZUserId,
  action: ZEpcsAction,
  reason: text({ min: 3, max: 500, multiline: true, minMessage: "Say why, in a few words." }),
});
export type TEpcsEnterChangeInput = z.input<typeof ZEpcsEnterChangeInput>;
/** The second person (a DEA registrant) decides with a fresh authenticator code (1311.125(a)). */
export const ZEpcsApproveChangeInput = z.object({ id: ZUuid, totp: ZTotpCode, note: text({ max: 500, multiline: true }).optional() });
export const ZEpcsRejectChangeInput = z.object({ id: ZUuid, totp: ZTotpCode, note: text({ min: 3, max: 500, multiline: true, minMessage: "Say why you reject it." }) });
export const ZEpcsWithdrawChangeInput = z.object({ id: ZUuid });

/** Daily review reports between two clinic days (at most a year at a time). */
export const ZEpcsReportsInput = z
  .object({ from: ZIsoDate, to: ZIsoDate })
  .refine((v) => v.from <= v.to, { message: "The start date must be on or before the end date.", path: ["to"] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, { message: "Choose at most a year.", path: ["to"] });
export const ZEpcsReportInput = z.object({ id: ZUuid });
export const ZEpcsAssessFindingInput = z.object({
  findingId: ZUuid,
  assessment: z.enum(["incident", "not_incident"]),
  note: text({ min: 3, max: 2000, multiline: true, minMessage: "Say what you found, in a few words." }),
});
export type TEpcsAssessFindingInput = z.input<typeof ZEpcsAssessFindingInput>;

/** 1311.120(b): the controlled-substance prescription log of one prescriber for one month. */
export const ZEpcsMonthlyLogInput = z.object({
  prescriberUserId: ZUserId,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Enter a month as YYYY-MM.").refine((m) => m >= "1900-01" && m <= "2199-12", "Enter a month between 1900 and 2199."),
  sort: z.enum(["patient", "drug", "date"]).default("date"),
  direction: z.enum(["asc", "desc"]).default("asc"),
});
export type TEpcsMonthlyLogInput = z.input<typeof ZEpcsMonthlyLogInput>;

export type EpcsFindingReason = keyof typeof EPCS_FINDING_REASONS;
