/**
 * Clearwell's internal, version-agnostic model of the NCPDP SCRIPT messages it exchanges
 * (DOMAIN.md §5.2, INTEGRATIONS.md §3). The NCPDP XSDs are licensed, so this model is ours: it
 * carries what Clearwell sends and reads, and render.ts / parse.ts map it to SCRIPT 2017071 XML at
 * the edge. Every text goes through the shared `text()` schema (no NUL, no control characters, no
 * broken Unicode), so nothing a pharmacy sends can reach the database unchecked.
 */
import { text } from "@clearwell/validators/common";
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

/** MessageID / RelatesToMessageID: unique per message; a retry resends the same one (§5.3). */
export const ZMessageId = text({ min: 1, max: 64 }).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "Not a valid message id.");
/** NCPDP ID: 7 digits. */
export const ZNcpdpId = z.string().regex(/^\d{7}$/, "An NCPDP ID has 7 digits.");
/** NPI: 10 digits (the Luhn check belongs to the credential screens). */
export const ZNpi = z.string().regex(/^\d{10}$/, "An NPI has 10 digits.");
/** DEA number: two letters and seven digits. */
export const ZDeaNumber = z.string().regex(/^[A-Z]{2}\d{7}$/, "A DEA number is two letters and seven digits.");
/** NCI Thesaurus concept code (units of measure, dosage forms, DEA schedule). */
export const ZNciCode = z.string().regex(/^C\d{3,7}$/, "Not an NCI Thesaurus code.");
export const ZIsoDate = z.iso.date();
/** SentTime: an ISO 8601 UTC instant. */
export const ZSentTime = z.iso.datetime();
export const ZStateCode = z.string().regex(/^[A-Z]{2}$/, "A two-letter state code.");

/**
 * Decimal quantities travel as strings (no float rounding between the signed record and the XML).
 * A finite non-negative number is accepted and written in plain notation.
 */
export const ZDecimal = z
  .union([z.number().finite().nonnegative(), z.string()])
  .transform((v) => (typeof v === "number" ? plainDecimal(v) : v))
  .pipe(z.string().regex(/^\d{1,10}(\.\d{1,6})?$/, "Not a decimal number."));

function plainDecimal(n: number): string {
  // Up to 6 decimals, trailing zeros dropped; never exponent notation.
  return n.toFixed(6).replace(/\.?0+$/, "");
}

const ZCount = (max: number) => z.number().int().min(0).max(max);

// ---------------------------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------------------------

export const ZAddress = z.object({
  line1: text({ min: 1, max: 40 }),
  line2: text({ max: 40 }).optional(),
  city: text({ min: 1, max: 35 }),
  state: ZStateCode,
  postalCode: z.string().regex(/^\d{5}(\d{4})?$/, "A ZIP code has 5 or 9 digits."),
  countryCode: z.literal("US").default("US"),
});

export const ZPhone = z.string().regex(/^\d{10}$/, "A phone number is 10 digits.");

export const ZPersonName = z.object({
  last: text({ min: 1, max: 35 }),
  first: text({ min: 1, max: 35 }),
  middle: text({ max: 35 }).optional(),
});

/** SCRIPT Gender: M, F, U (unknown). */
export const ZGender = z.enum(["M", "F", "U"]);

export const ZPatient = z.object({
  name: ZPersonName,
  gender: ZGender,
  dateOfBirth: ZIsoDate,
  address: ZAddress,
  // Optional in SCRIPT for the patient (a prescription must not fail for a patient without a phone).
  phone: ZPhone.optional(),
});

export const ZPharmacy = z.object({
  ncpdpId: ZNcpdpId,
  npi: ZNpi,
  name: text({ min: 1, max: 70 }),
});

export const ZPrescriber = z.object({
  name: ZPersonName,
  npi: ZNpi,
  deaNumber: ZDeaNumber,
  stateLicence: text({ min: 1, max: 35 }),
  address: ZAddress,
  phone: ZPhone,
});

// ---------------------------------------------------------------------------------------------
// Medication
// ---------------------------------------------------------------------------------------------

/**
 * Quantity. codeListQualifier "38" = original quantity [S]; unitOfMeasure is an NCI code, e.g.
 * troche C48548, tablet C48542, mL C28254 (packages/clinical formulary.ts NCI_QUANTITY_UNIT).
 */
export const ZQuantity = z.object({
  value: ZDecimal,
  codeListQualifier: z.string().regex(/^[A-Z0-9]{1,3}$/, "Not a code list qualifier."),
  unitOfMeasure: ZNciCode,
});

export const ZStrength = z.object({
  value: ZDecimal,
  /** NCI code of the strength unit, e.g. mg C28253. */
  unitOfMeasure: ZNciCode,
});

export const ZCompoundIngredient = z.object({
  name: text({ min: 1, max: 105 }),
  strength: ZStrength,
  quantity: ZQuantity,
});

export const ZCompoundInformation = z.object({
  /** NCI code of the final dosage form (e.g. troche). */
  finalDosageForm: ZNciCode,
  ingredients: z.array(ZCompoundIngredient).min(1).max(25),
});

/** Substitutions: "0" substitution allowed, "1" substitution not allowed by the prescriber. */
export const ZSubstitutions = z.enum(["0", "1"]);

/** DEASchedule C48676 = Schedule III (ketamine) [S]; other schedules for completeness. */
export const DEA_SCHEDULE_NCI = { CII: "C48672", CIII: "C48676", CIV: "C48677", CV: "C48679" } as const;

export const ZMedicationPrescribed = z.object({
  drugDescription: text({ min: 1, max: 105 }),
  quantity: ZQuantity,
  daysSupply: z.number().int().min(1).max(999),
  writtenDate: ZIsoDate,
  substitutions: ZSubstitutions,
  numberOfRefills: ZCount(99),
  sig: text({ min: 1, max: 1000 }),
  note: text({ max: 210, multiline: true }).optional(),
  deaSchedule: ZNciCode.optional(),
  compoundInformation: ZCompoundInformation.optional(),
});

// ---------------------------------------------------------------------------------------------
// Header and bodies
// ---------------------------------------------------------------------------------------------

export const ZHeader = z.object({
  /** Receiver: the pharmacy's NCPDP ID for NewRx/CancelRx, Clearwell's id for responses. */
  to: text({ min: 1, max: 35 }),
  from: text({ min: 1, max: 35 }),
  messageId: ZMessageId,
  /** The message this one answers (responses) or refers to (CancelRx -> the NewRx). */
  relatesToMessageId: ZMessageId.optional(),
  sentTime: ZSentTime,
  /** Clearwell's prescription id, stable across the prescription's messages. */
  prescriberOrderNumber: text({ min: 1, max: 64 }),
  /** The pharmacy's own reference, when it sends one. */
  rxReferenceNumber: text({ min: 1, max: 64 }).optional(),
});

export const ZNewRx = z.object({
  type: z.literal("NewRx"),
  patient: ZPatient,
  pharmacy: ZPharmacy,
  prescriber: ZPrescriber,
  medicationPrescribed: ZMedicationPrescribed,
});

/**
 * CancelRx names the original by Header.RelatesToMessageID (its NewRx) and PrescriberOrderNumber,
 * and repeats the medication as prescribed so the pharmacy can match it.
 */
export const ZCancelRx = z.object({
  type: z.literal("CancelRx"),
  patient: ZPatient,
  pharmacy: ZPharmacy,
  prescriber: ZPrescriber,
  medicationPrescribed: ZMedicationPrescribed,
});

/** Status: receipt acknowledgement; code meaning is configuration (DOMAIN §5.4, clinical ack.ts). */
export const ZStatus = z.object({
  type: z.literal("Status"),
  code: z.string().regex(/^\d{3}$/, "A status code has 3 digits."),
  description: text({ max: 140 }).optional(),
});

export const ZVerify = z.object({
  type: z.literal("Verify"),
  code: z.string().regex(/^\d{3}$/, "A status code has 3 digits.").optional(),
  description: text({ max: 140 }).optional(),
});

/** Error codes (DOMAIN §5.2 [S]): 600 and 602 retry, 601 and 900 terminal. */
export const SCRIPT_ERROR_CODES = ["600", "601", "602", "900"] as const;
export const ZErrorCode = z.enum(SCRIPT_ERROR_CODES);

export const ZError = z.object({
  type: z.literal("Error"),
  code: ZErrorCode,
  description: text({ max: 140 }).optional(),
});

export const ZCancelRxResponse = z.object({
  type: z.literal("CancelRxResponse"),
  response: z.enum(["Approved", "Denied"]),
  /** Why a cancel was denied (or a note with an approval). */
  reason: text({ max: 140 }).optional(),
});

export const ZFillStatus = z.enum(["Dispensed", "PartiallyDispensed", "NotDispensed", "Transferred"]);

/** RxFill: the pharmacy's fill or partial-fill notice (1306.23 partial fills are recorded like refills). */
export const ZRxFill = z.object({
  type: z.literal("RxFill"),
  fillStatus: ZFillStatus,
  drugDescription: text({ min: 1, max: 105 }).optional(),
  quantity: ZQuantity,
  dispensedDate: ZIsoDate,
  note: text({ max: 210, multiline: true }).optional(),
});

export const ZBody = z.discriminatedUnion("type", [ZNewRx, ZCancelRx, ZStatus, ZVerify, ZError, ZCancelRxResponse, ZRxFill]);

export const ZScriptMessage = z.object({ header: ZHeader, body: ZBody });

export type ScriptMessage = z.output<typeof ZScriptMessage>;
/** What callers may pass to renderMessage (numbers accepted where the XML carries decimals). */
export type ScriptMessageInput = z.input<typeof ZScriptMessage>;
export type ScriptHeader = z.output<typeof ZHeader>;
export type ScriptBody = z.output<typeof ZBody>;
export type ScriptMessageType = ScriptBody["type"];
export type NewRx = z.output<typeof ZNewRx>;
export type CancelRx = z.output<typeof ZCancelRx>;
export type StatusBody = z.output<typeof ZStatus>;
export type VerifyBody = z.output<typeof ZVerify>;
export type ErrorBody = z.output<typeof ZError>;
export type CancelRxResponseBody = z.output<typeof ZCancelRxResponse>;
export type RxFillBody = z.output<typeof ZRxFill>;
export type ScriptErrorCode = z.output<typeof ZErrorCode>;
export type MedicationPrescribed = z.output<typeof ZMedicationPrescribed>;
export type ScriptPatient = z.output<typeof ZPatient>;
export type ScriptPrescriber = z.output<typeof ZPrescriber>;
export type ScriptPharmacy = z.output<typeof ZPharmacy>;

export const SCRIPT_MESSAGE_TYPES = ["NewRx", "CancelRx", "Status", "Verify", "Error", "CancelRxResponse", "RxFill"] as const satisfies readonly ScriptMessageType[];
/** Messages Clearwell sends to a pharmacy; the others are the pharmacy's answers. */
export const PRESCRIBER_TO_PHARMACY: readonly ScriptMessageType[] = ["NewRx", "CancelRx"];
