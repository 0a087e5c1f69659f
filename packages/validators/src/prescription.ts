import { z } from "zod";

import { ZInstant, ZIsoDate, ZState, ZUserId, ZUuid, text } from "./common";

/**
 * Prescription inputs (issue 12 router contract, namespace `prescription`) and the canonical
 * content frozen at signing (DOMAIN.md §2 "Prescription", §4.3, §5.1, §5.2).
 */

/**
 * 21 CFR 1311.140(a)(3) [V]: shown verbatim, with the prescriptions to sign, while the prescriber
 * completes two-factor authentication. The ceremony screen shows exactly this text.
 */
export const EPCS_SIGNING_STATEMENT =
  "By completing the two-factor authentication protocol at this time, you are legally signing the prescription(s) and authorizing the transmission of the above information to the pharmacy for dispensing. The two-factor authentication protocol may only be completed by the practitioner whose name and DEA registration number appear above.";

/** DOMAIN.md §2 Prescription states. */
export const PRESCRIPTION_STATUSES = [
  "draft",
  "pending_signature",
  "signed",
  "transmitted",
  "acknowledged",
  "error",
  "cancel_requested",
  "cancelled",
  "cancel_denied",
  "voided",
] as const;
export const ZPrescriptionStatus = z.enum(PRESCRIPTION_STATUSES);

export const ZFormularyForm = z.enum(["troche", "rdt_odt", "nasal_spray"]);
export const ZFormularyRoute = z.enum(["sublingual", "buccal", "intranasal"]);
export const ZDispenseUnit = z.enum(["troche", "tablet", "mL"]);

const ZShortText = text({ min: 1, max: 200 });

/** DOMAIN.md §4.4 legal basis stored on every controlled-substance prescription (mirrors packages/clinical LegalBasis). */
export const ZLegalBasis = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("prior_in_person_eval"), date: ZIsoDate, practitioner: ZShortText }),
  z.object({ kind: z.literal("temporary_flexibility"), rule: ZShortText, validUntil: ZIsoDate }),
  z.object({ kind: z.literal("special_registration"), number: text({ min: 1, max: 40 }) }),
  z.object({ kind: z.literal("telemedicine_exception"), exception: ZShortText }),
]);
export type TLegalBasis = z.infer<typeof ZLegalBasis>;

/** SCRIPT Note is at most 210 characters (NewRx MedicationPrescribed/Note). */
export const NOTE_TO_PHARMACY_MAX = 210;

const ZUnitsPerSession = z.number({ error: "Enter the units per session." }).int("Enter a whole number of units per session.").min(1, "At least 1 unit per session.").max(20, "At most 20 units per session.");
const ZDaysBetweenSessions = z.number({ error: "Enter the days between sessions." }).int("Enter whole days.").min(1, "At least 1 day.").max(365, "At most 365 days.");
/** Dispensed quantity in the entry's dispense unit (troches, tablets, mL); mL may have two decimals. */
const ZQuantity = z
  .number({ error: "Enter the quantity." })
  .positive("The quantity must be above 0.")
  .max(1000, "At most 1000.")
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, "Use at most two decimals.");
const ZRefills = z.number({ error: "Enter the refills." }).int("Enter a whole number of refills.").min(0, "Refills cannot be negative.").max(5, "A Schedule III prescription allows at most 5 refills.");

/**
 * What the prescriber fills in (the builder). Facts (patient, decision, credentials, PDMP) are
 * read by the server, never taken from the client.
 * - `prescriberUserId`: the DEA registrant named on the prescription, who alone may sign (1311.135);
 *   default the signed-in user when they are a prescriber.
 * - `deaRegistrationId`: the registration to print (1311.135(b)); default the prescriber's
 *   registration for the basis-visit state.
 * - `legalBasis`: default the telemedicine flexibility in force (clinic setting), if any.
 */
export const ZPrescriptionDraftFields = z.object({
  prescriberUserId: ZUserId,
  basisAppointmentId: ZUuid,
  noteId: ZUuid.nullable(),
  formularyEntryId: ZUuid,
  pharmacyId: ZUuid,
  deaRegistrationId: ZUuid.nullable(),
  unitsPerSession: ZUnitsPerSession,
  daysBetweenSessions: ZDaysBetweenSessions,
  quantity: ZQuantity,
  refills: ZRefills,
  firstSessionDate: ZIsoDate.nullable(),
  substitutionsAllowed: z.boolean(),
  noteToPharmacy: text({ max: NOTE_TO_PHARMACY_MAX, multiline: false }).nullable(),
  legalBasis: ZLegalBasis.nullable(),
});
export type TPrescriptionDraftFields = z.infer<typeof ZPrescriptionDraftFields>;

const ZDraftFieldsPartial = ZPrescriptionDraftFields.partial();

export const ZPrescriptionPatientInput = z.object({ patientId: ZUuid });
export const ZPrescriptionIdInput = z.object({ id: ZUuid });

/** prescription.context: what the builder needs for one patient. */
export const ZPrescriptionContextInput = ZPrescriptionPatientInput;

/**
 * prescription.check: the live checklist as the prescriber types (no write). `id` checks an
 * existing draft with the typed changes applied over it.
 */
export const ZPrescriptionCheckInput = ZDraftFieldsPartial.extend({ patientId: ZUuid, id: ZUuid.optional() });
export type TPrescriptionCheckInput = z.input<typeof ZPrescriptionCheckInput>;

/** A retried or double-clicked create makes one draft (returned again). */
export const ZIdempotencyKey = text({ min: 8, max: 100 });

/**
 * prescription.createDraft: DOMAIN.md §2 "create" (current eligible_at_home decision and a linked
 * audio-video visit). Refills default to the clinic's default; quantity to the sessions until the
 * next follow-up (at most the entry's sessions per fill).
 */
export const ZPrescriptionCreateDraftInput = ZDraftFieldsPartial.required({ basisAppointmentId: true, formularyEntryId: true, pharmacyId: true, unitsPerSession: true, daysBetweenSessions: true }).extend({
  patientId: ZUuid,
  idempotencyKey: ZIdempotencyKey,
});
export type TPrescriptionCreateDraftInput = z.input<typeof ZPrescriptionCreateDraftInput>;

/** prescription.updateDraft: optimistic `version`; editing a pending_signature prescription sends it back to draft. */
export const ZPrescriptionUpdateDraftInput = ZDraftFieldsPartial.omit({ basisAppointmentId: true }).extend({
  id: ZUuid,
  version: z.number().int().min(1),
  basisAppointmentId: ZUuid.optional(),
});
export type TPrescriptionUpdateDraftInput = z.input<typeof ZPrescriptionUpdateDraftInput>;

export const ZPrescriptionMarkReadyInput = z.object({ id: ZUuid, version: z.number().int().min(1) });
export const ZPrescriptionBackToDraftInput = ZPrescriptionIdInput;
export const ZPrescriptionVoidInput = z.object({
  id: ZUuid,
  reason: text({ min: 3, max: 500, multiline: true, minMessage: "Say why, in a few words." }),
});

/** PDMP "unavailable" path: each attempt with its time and reason; who is the signed-in user. */
export const ZPdmpAttemptInput = z.object({ at: ZInstant, reason: text({ min: 3, max: 300, minMessage: "Say why the PDMP could not be checked." }) });

/**
 * prescription.recordPdmp (append-only): reviewed (time, interpretation) or unavailable with the
 * attempts (DOMAIN.md §4.3 PDMP, §4.5 "PDMP result and interpretation").
 */
export const ZPrescriptionRecordPdmpInput = z
  .object({
    patientId: ZUuid,
    state: ZState,
    result: z.enum(["reviewed", "unavailable"]),
    checkedAt: ZInstant.optional(),
    interpretation: text({ max: 2000, multiline: true }).optional(),
    attempts: z.array(ZPdmpAttemptInput).max(10).optional(),
    idempotencyKey: ZIdempotencyKey.optional(),
  })
  .refine((v) => v.result !== "unavailable" || (v.attempts?.length ?? 0) > 0, { message: "Record each attempt to reach the PDMP: when, and why it failed.", path: ["attempts"] });
export type TPrescriptionRecordPdmpInput = z.input<typeof ZPrescriptionRecordPdmpInput>;

export const ZPrescriptionForPatientInput = ZPrescriptionPatientInput;
export const ZPrescriptionGetInput = ZPrescriptionIdInput;
/** The ceremony's list (1311.140(a)(1)): one patient's prescriptions waiting for the signed-in prescriber. */
export const ZPrescriptionReadyForSigningInput = ZPrescriptionPatientInput;

/**
 * prescription.sign (1311.140): one patient's prescriptions the prescriber marked, each with the
 * ready version they saw (same order as `prescriptionIds`), the password AND a fresh TOTP code
 * (two factors, 1311.115). A retry with the same key returns the same result.
 */
export const ZPrescriptionSignInput = z
  .object({
    patientId: ZUuid,
    prescriptionIds: z.array(ZUuid).min(1, "Mark at least one prescription to sign.").max(20),
    readyVersions: z.array(z.number().int().min(1)).min(1).max(20),
    password: text({ trim: false, min: 1, max: 128 }),
    totp: z.string().regex(/^\d{6}$/, "Enter the 6-digit code."),
    idempotencyKey: ZIdempotencyKey,
  })
  .refine((v) => v.readyVersions.length === v.prescriptionIds.length, { message: "One ready version per prescription.", path: ["readyVersions"] })
  .refine((v) => new Set(v.prescriptionIds).size === v.prescriptionIds.length, { message: "A prescription is listed twice.", path: ["prescriptionIds"] });
export type TPrescriptionSignInput = z.input<typeof ZPrescriptionSignInput>;

/** prescription.cancel: the issuing prescriber sends CancelRx (DOMAIN.md §2 transmitted|acknowledged -> cancel_requested). */
export const ZPrescriptionCancelInput = z.object({
  id: ZUuid,
  reason: text({ min: 3, max: 500, multiline: true, minMessage: "Say why, in a few words." }),
});

/** prescription.onChange: live status of one patient's prescriptions. */
export const ZPrescriptionOnChangeInput = ZPrescriptionPatientInput;

// ------------------------------------------------------------------ signed content

const ZAddress = z.object({ line1: z.string(), line2: z.string().nullable(), city: z.string(), state: z.string(), postalCode: z.string() });
export type TPrescriptionAddress = z.infer<typeof ZAddress>;

/**
 * The canonical content frozen at signing (DOMAIN.md §5.1 "Store signed canonical bytes + hash";
 * 1311.120(b) DEA elements unalterable). Its canonical JSON is what is signed and hashed, stored
 * on the prescription and sent as the outbox payload; SCRIPT NewRx/CancelRx are rendered from it
 * at the edge (DOMAIN.md §5.2 "NewRx key content"). Version 1.
 */
export const ZSignedPrescriptionContent = z.object({
  v: z.literal(1),
  prescriptionId: z.string(),
  clinicId: z.string(),
  /** 1306.05(a) "dated ... the day issued": the clinic's calendar day at signing. */
  writtenDate: z.string(),
  signedAt: z.string(),
  patient: z.object({
    id: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    fullName: z.string(),
    dateOfBirth: z.string(),
    /** SCRIPT Gender M/F/U, from the patient's record (intake's "Sex on your ID"). */
    sex: z.enum(["male", "female", "unknown"]),
    address: ZAddress,
    phone: z.string().nullable(),
  }),
  prescriber: z.object({
    userId: z.string(),
    fullName: z.string(),
    credentials: z.string().nullable(),
    address: ZAddress,
    phone: z.string().nullable(),
    npi: z.string(),
    /** The registration picked for this prescription (1311.135(b)), printed on it (1306.05(a)). */
    dea: z.object({ registrationId: z.string(), number: z.string(), state: z.string(), schedules: z.array(z.string()), expiresOn: z.string() }),
    licence: z.object({ state: z.string(), number: z.string(), expiresOn: z.string() }),
  }),
  pharmacy: z.object({ id: z.string(), name: z.string(), ncpdpId: z.string(), npi: z.string(), address: ZAddress, phone: z.string().nullable() }),
  /** Formulary snapshot: the entry may change later; the prescription keeps what was signed. */
  medication: z.object({
    formularyEntryId: z.string(),
    formularyVersion: z.number(),
    drugName: z.string(),
    form: ZFormularyForm,
    /** 1306.05(a) dosage form in words. */
    dosageForm: z.string(),
    route: ZFormularyRoute,
    strength: z.object({ value: z.number(), unit: z.literal("mg") }),
    holdMinutes: z.number().nullable(),
    spraysPerMl: z.number().nullable(),
    minutesBetweenSprays: z.number().nullable(),
    /** SCRIPT DrugDescription, e.g. "Ketamine HCl 200 mg sublingual troche, compounded". */
    drugDescription: z.string(),
    dispenseUnit: ZDispenseUnit,
    /** SCRIPT QuantityUnitOfMeasure (NCI Thesaurus code). */
    quantityUnitCode: z.string(),
    /** DEA schedule of the registration (3N) and the SCRIPT DEASchedule code (C48676 = CIII). */
    deaSchedule: z.string(),
    deaScheduleCode: z.string(),
    /** SCRIPT CompoundInformation: final dosage form and the ingredient (usually no NDC). */
    compound: z.object({
      finalDosageForm: z.string(),
      finalDosageFormCode: z.string(),
      ingredients: z.array(z.object({ name: z.string(), strength: z.object({ value: z.number(), unit: z.string() }) })),
      note: z.string().nullable(),
    }),
  }),
  unitsPerSession: z.number(),
  daysBetweenSessions: z.number(),
  doseMgPerSession: z.number(),
  quantity: z.object({ value: z.number(), unit: ZDispenseUnit, unitCode: z.string() }),
  daysSupply: z.number(),
  refills: z.number(),
  /** Last calendar day any fill is allowed: issue + 6 months (1306.22(a)). */
  lastFillDate: z.string(),
  /** Rendered by packages/clinical renderSig from the structured fields. */
  sig: z.string(),
  substitutionsAllowed: z.boolean(),
  noteToPharmacy: z.string().nullable(),
  firstSessionDate: z.string().nullable(),
  nextFollowUpDate: z.string().nullable(),
  legalBasis: ZLegalBasis,
  pdmp: z.object({ checkId: z.string(), state: z.string(), result: z.enum(["reviewed", "unavailable"]), checkedAt: z.string() }).nullable(),
  /** 1306.04(a) legitimate purpose: the eligibility decision in effect (with its evidence hash) and the signed note. */
  decision: z.object({ id: z.string(), evidenceSha256: z.string() }),
  basisVisit: z.object({ appointmentId: z.string(), visitId: z.string().nullable(), attestedState: z.string(), modality: z.literal("audio_video") }),
  noteId: z.string().nullable(),
});
export type TSignedPrescriptionContent = z.infer<typeof ZSignedPrescriptionContent>;
