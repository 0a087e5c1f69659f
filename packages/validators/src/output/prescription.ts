import { z } from "zod";

import { ZLegalBasis, ZPrescriptionStatus, ZSignedPrescriptionContent } from "../prescription";

/** Output schemas of the prescription procedures (issue 12; DOMAIN.md §1 "Create Rx draft", "Sign Rx"). */

export const ZRxRuleId = z.string().regex(/^RX\d{2}$/);

/** One checklist line of packages/clinical checkPrescription (RX01..RX19). */
export const ZPrescriptionFinding = z.object({
  ruleId: ZRxRuleId,
  title: z.string(),
  severity: z.enum(["block", "record"]),
  passed: z.boolean(),
  message: z.string(),
  source: z.string(),
  fields: z.array(z.string()),
});

export const ZPrescriptionFigures = z.object({
  issueDate: z.string(),
  fillableUntil: z.string(),
  doseMgPerSession: z.number().nullable(),
  sessionsPerFill: z.number().nullable(),
  daysSupply: z.number().nullable(),
  lastRefillDueOn: z.string().nullable(),
  sessionsUntilFollowUp: z.number().nullable(),
});

export const ZPrescriptionCheckOutput = z.object({
  findings: z.array(ZPrescriptionFinding),
  /** No blocking finding: can be marked ready / signed. */
  ok: z.boolean(),
  figures: ZPrescriptionFigures,
  /** What the server would store: the sig rendered from the fields, the DEA registration and PDMP check it picked, the legal basis. */
  sig: z.string().nullable(),
  deaRegistrationId: z.string().nullable(),
  pdmpCheckId: z.string().nullable(),
  legalBasis: ZLegalBasis.nullable(),
  nextFollowUpDate: z.string().nullable(),
});

const ZPerson = z.object({ userId: z.string(), name: z.string() });

/** A prescription as its clinicians see it. */
export const ZPrescriptionDetail = z.object({
  id: z.string(),
  patientId: z.string(),
  status: ZPrescriptionStatus,
  version: z.number(),
  prescriber: ZPerson,
  createdBy: ZPerson,
  createdAt: z.date(),
  updatedAt: z.date(),
  decisionId: z.string(),
  basisAppointmentId: z.string(),
  noteId: z.string().nullable(),
  formularyEntryId: z.string().nullable(),
  pharmacyId: z.string().nullable(),
  deaRegistrationId: z.string().nullable(),
  pdmpCheckId: z.string().nullable(),
  unitsPerSession: z.number().nullable(),
  daysBetweenSessions: z.number().nullable(),
  quantity: z.number().nullable(),
  refills: z.number().nullable(),
  firstSessionDate: z.string().nullable(),
  nextFollowUpDate: z.string().nullable(),
  substitutionsAllowed: z.boolean(),
  noteToPharmacy: z.string().nullable(),
  legalBasis: ZLegalBasis.nullable(),
  sig: z.string().nullable(),
  drugDescription: z.string().nullable(),
  pharmacyName: z.string().nullable(),
  readyAt: z.date().nullable(),
  readyVersion: z.number().nullable(),
  readyContentSha256: z.string().nullable(),
  signedAt: z.date().nullable(),
  writtenDate: z.string().nullable(),
  signedSha256: z.string().nullable(),
  signingKeyId: z.string().nullable(),
  signedContent: ZSignedPrescriptionContent.nullable(),
  transmittedAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  errorCode: z.string().nullable(),
  errorDetail: z.string().nullable(),
  cancelRequestedAt: z.date().nullable(),
  cancelRequestedReason: z.string().nullable(),
  cancelledAt: z.date().nullable(),
  cancelDeniedAt: z.date().nullable(),
  voidedAt: z.date().nullable(),
  voidedReason: z.string().nullable(),
});

/** A draft write returns the prescription and the checklist re-run on it. */
export const ZPrescriptionWriteOutput = z.object({ prescription: ZPrescriptionDetail, check: ZPrescriptionCheckOutput });

export const ZPrescriptionEvent = z.object({
  fromStatus: ZPrescriptionStatus.nullable(),
  toStatus: ZPrescriptionStatus,
  event: z.string(),
  actorKind: z.enum(["staff", "system", "pharmacy"]),
  actorName: z.string().nullable(),
  at: z.date(),
});

export const ZPrescriptionGetOutput = z.object({
  prescription: ZPrescriptionDetail,
  events: z.array(ZPrescriptionEvent),
  /** The checklist now, while it can still change (draft, pending signature); null afterwards. */
  check: ZPrescriptionCheckOutput.nullable(),
});

export const ZPrescriptionSummary = z.object({
  id: z.string(),
  status: ZPrescriptionStatus,
  version: z.number(),
  readyVersion: z.number().nullable(),
  drugDescription: z.string().nullable(),
  doseMgPerSession: z.number().nullable(),
  quantity: z.number().nullable(),
  refills: z.number().nullable(),
  sig: z.string().nullable(),
  pharmacyName: z.string().nullable(),
  prescriber: ZPerson,
  createdAt: z.date(),
  updatedAt: z.date(),
  signedAt: z.date().nullable(),
  writtenDate: z.string().nullable(),
  transmittedAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  errorCode: z.string().nullable(),
});
export const ZPrescriptionForPatientOutput = z.object({ items: z.array(ZPrescriptionSummary) });

export const ZPdmpCheckView = z.object({
  id: z.string(),
  state: z.string(),
  result: z.enum(["reviewed", "unavailable"]),
  checkedAt: z.date(),
  checkedBy: ZPerson,
  interpretation: z.string().nullable(),
  attempts: z.array(z.object({ at: z.string(), reason: z.string(), by: z.string() })),
  createdAt: z.date(),
});

const ZFormularyOption = z.object({
  id: z.string(),
  drugName: z.string(),
  form: z.enum(["troche", "rdt_odt", "nasal_spray"]),
  route: z.enum(["sublingual", "buccal", "intranasal"]),
  strengthMg: z.number(),
  drugDescription: z.string(),
  dispenseUnit: z.enum(["troche", "tablet", "mL"]),
  minDoseMg: z.number(),
  maxDoseMg: z.number(),
  maxTitrationStepMg: z.number(),
  minDaysBetweenSessions: z.number(),
  maxSessionsPerFill: z.number(),
  holdMinutes: z.number().nullable(),
  spraysPerMl: z.number().nullable(),
  minutesBetweenSprays: z.number().nullable(),
  version: z.number(),
});

const ZPharmacyOption = z.object({
  id: z.string(),
  name: z.string(),
  ncpdpId: z.string(),
  city: z.string(),
  state: z.string(),
  shipsToStates: z.array(z.string()),
  epcsCapable: z.boolean(),
  compounding: z.boolean(),
});

/** prescription.context: what the builder needs for one patient. */
export const ZPrescriptionContextOutput = z.object({
  patient: z.object({ id: z.string(), fullName: z.string(), dateOfBirth: z.string(), stateOfResidence: z.string(), addressComplete: z.boolean() }),
  decision: z
    .object({ id: z.string(), outcome: z.string(), status: z.string(), expiresAt: z.date(), inEffect: z.boolean(), noteId: z.string() })
    .nullable(),
  basisVisits: z.array(z.object({ appointmentId: z.string(), visitId: z.string(), startsAt: z.date(), kind: z.string(), attestedState: z.string().nullable(), modality: z.string() })),
  formulary: z.array(ZFormularyOption),
  pharmacies: z.array(ZPharmacyOption),
  /** Prescribers of the clinic among the patient's clinicians: who can be named to sign (1311.135). */
  prescribers: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      epcsPermission: z.enum(["granted", "pending_approval", "revoked", "none"]),
      totpEnrolled: z.boolean(),
      deaRegistrations: z.array(z.object({ id: z.string(), number: z.string(), state: z.string(), schedules: z.array(z.string()), expiresOn: z.string(), verified: z.boolean() })),
      licences: z.array(z.object({ state: z.string(), expiresOn: z.string(), verified: z.boolean() })),
    }),
  ),
  settings: z.object({
    defaultRefills: z.number(),
    maxRefills: z.number(),
    allowProviderDrafts: z.boolean(),
    canDraft: z.boolean(),
    legalBasisDefault: ZLegalBasis.nullable(),
    flexibilityValidUntil: z.string().nullable(),
    specialRegistrationEnabled: z.boolean(),
    telemedicineExceptionEnabled: z.boolean(),
    pdmpMaxAgeHours: z.number(),
    pdmpUnavailableMaxDaysSupply: z.number(),
    pdmpRequiredStates: z.array(z.object({ state: z.string(), required: z.boolean() })),
  }),
  previousDoseMgPerSession: z.number().nullable(),
  nextFollowUp: z.object({ appointmentId: z.string(), date: z.string() }).nullable(),
  latestPdmp: z.array(ZPdmpCheckView),
  today: z.string(),
});

/** The ceremony (1311.140(a)(1)-(3)): one patient's prescriptions waiting for the signed-in prescriber, each with every 1306.05 element. */
export const ZReadyPrescription = z.object({
  id: z.string(),
  readyVersion: z.number(),
  readyAt: z.date(),
  readyContentSha256: z.string(),
  /** Content changed since it was marked ready (formulary, pharmacy, patient, credentials...): signing it sends it back to draft. */
  changedSinceReady: z.boolean(),
  /** Hard blocks with today's facts and clock ("RXnn: what to fix"): it cannot be signed until they are fixed. */
  blocking: z.array(z.string()),
  /** The content as it would be signed today (written date and last fill date are today's); null while blocked. */
  content: ZSignedPrescriptionContent.omit({ signedAt: true }).nullable(),
});
export const ZReadyForSigningOutput = z.object({
  patient: z.object({ id: z.string(), fullName: z.string(), dateOfBirth: z.string() }),
  prescriber: z.object({ userId: z.string(), name: z.string() }),
  prescriptions: z.array(ZReadyPrescription),
  /** 21 CFR 1311.140(a)(3), verbatim: show exactly this. */
  statement: z.string(),
});

export const ZPrescriptionSignOutput = z.object({
  signed: z.array(z.object({ id: z.string(), status: ZPrescriptionStatus, signedAt: z.date(), writtenDate: z.string(), signedSha256: z.string(), signingKeyId: z.string(), messageId: z.string() })),
});

/** The patient's own prescriptions in plain words (DOMAIN.md §1 "O"). */
export const ZPrescriptionMineOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: ZPrescriptionStatus,
      statusText: z.string(),
      medication: z.string(),
      directions: z.string(),
      quantity: z.string(),
      refills: z.number(),
      writtenDate: z.string(),
      lastFillDate: z.string(),
      prescriberName: z.string(),
      pharmacy: z.object({ name: z.string(), phone: z.string().nullable(), address: z.string() }),
    }),
  ),
});
