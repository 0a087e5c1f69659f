import { z } from "zod";

import { ZStaffRole } from "../common";
import { DEA_SCHEDULES, FORMULARY_FORMS, FORMULARY_ROUTES } from "../prescribing-admin";
import { ZJsonObject } from "./common";

/** Output schemas of the prescribing administration procedures (formulary, pharmacy, settings, prescriber, epcs). */

// ------------------------------------------------------------------ formulary

export const ZFormularyItem = z.object({
  id: z.string(),
  drugName: z.string(),
  form: z.enum(FORMULARY_FORMS),
  route: z.enum(FORMULARY_ROUTES),
  strength: z.object({ value: z.number(), unit: z.literal("mg") }),
  holdMinutes: z.number().nullable(),
  spraysPerMl: z.number().nullable(),
  minutesBetweenSprays: z.number().nullable(),
  bounds: z.object({
    minDoseMgPerSession: z.number(),
    maxDoseMgPerSession: z.number(),
    maxTitrationStepMg: z.number(),
    minDaysBetweenSessions: z.number(),
    maxSessionsPerFill: z.number(),
  }),
  deaSchedule: z.enum(DEA_SCHEDULES),
  enabled: z.boolean(),
  compoundingNote: z.string().nullable(),
  version: z.number(),
  updatedAt: z.date(),
  updatedByName: z.string().nullable(),
  /** SCRIPT DrugDescription, e.g. "Ketamine HCl 200 mg sublingual troche, compounded". */
  description: z.string(),
  /** The directions rendered from the fields for the smallest session the bounds allow. */
  sigPreview: z.string(),
});
export const ZFormularyListOutput = z.object({ items: z.array(ZFormularyItem) });

// ------------------------------------------------------------------ pharmacy

export const ZPharmacyItem = z.object({
  id: z.string(),
  name: z.string(),
  ncpdpId: z.string(),
  npi: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
  phone: z.string(),
  shipsToStates: z.array(z.string()),
  epcsCapable: z.boolean(),
  compounding: z.boolean(),
  active: z.boolean(),
  updatedAt: z.date(),
});
export const ZPharmacyListOutput = z.object({ items: z.array(ZPharmacyItem) });

// ------------------------------------------------------------------ settings

const ZAckMapping = z.object({
  status: z.record(z.string(), z.enum(["acknowledged", "in_transit"])),
  statusDefault: z.enum(["acknowledged", "in_transit"]),
  errors: z.record(z.string(), z.enum(["retry", "terminal"])),
  errorDefault: z.enum(["retry", "terminal"]),
});

export const ZPrescribingSettingsOutput = z.object({
  flexibilityRule: z.string().nullable(),
  flexibilityValidUntil: z.string().nullable(),
  /** The flexibility applies today (clinic calendar day); false from the day after valid-until (fails closed). */
  flexibilityInForce: z.boolean(),
  specialRegistrationEnabled: z.boolean(),
  telemedicineExceptionEnabled: z.boolean(),
  requireDeaInPatientState: z.boolean(),
  maxRefills: z.number(),
  defaultRefills: z.number(),
  fillableMonths: z.number(),
  pdmpRequiredByState: z.record(z.string(), z.boolean()),
  pdmpRequiredByDefault: z.boolean(),
  pdmpMaxAgeHours: z.number(),
  pdmpMinAttemptsWhenUnavailable: z.number(),
  pdmpUnavailableMaxDaysSupply: z.number(),
  allowProviderDrafts: z.boolean(),
  /** The clinic's overrides, null for none. */
  ackStatusMap: z
    .object({
      status: z.record(z.string(), z.enum(["acknowledged", "in_transit"])).optional(),
      statusDefault: z.enum(["acknowledged", "in_transit"]).optional(),
      errors: z.record(z.string(), z.enum(["retry", "terminal"])).optional(),
      errorDefault: z.enum(["retry", "terminal"]).optional(),
    })
    .nullable(),
  /** The mapping in effect: the defaults with the overrides applied. */
  ackMapping: ZAckMapping,
  pendingAlertMinutes: z.number(),
  updatedAt: z.date().nullable(),
  updatedByName: z.string().nullable(),
});

// ------------------------------------------------------------------ prescriber credentials

const credentialBase = {
  id: z.string(),
  state: z.string(),
  number: z.string(),
  expiresOn: z.string(),
  /** Expired: past its last valid day (clinic calendar). */
  expired: z.boolean(),
  verified: z.boolean(),
  /** Verified by a second person and not expired (1311.125(a)). */
  current: z.boolean(),
  verifiedAt: z.date().nullable(),
  verifiedByUserId: z.string().nullable(),
  verifiedByName: z.string().nullable(),
  verificationNote: z.string().nullable(),
  recordedByUserId: z.string(),
  recordedByName: z.string().nullable(),
  createdAt: z.date(),
};
export const ZLicenceItem = z.object(credentialBase);
export const ZDeaItem = z.object({ ...credentialBase, schedules: z.array(z.string()) });

export const ZEpcsPermission = z.enum(["granted", "revoked", "none"]);
export const ZEpcsPendingChange = z.object({ id: z.string(), action: z.enum(["grant", "revoke"]), enteredAt: z.date(), enteredByUserId: z.string(), enteredByName: z.string().nullable() });

export const ZPrescriberItem = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(ZStaffRole),
  totpEnrolled: z.boolean(),
  profile: z
    .object({
      npi: z.string(),
      address: z.object({ line1: z.string(), line2: z.string().nullable(), city: z.string(), state: z.string(), postalCode: z.string() }),
      phone: z.string(),
      updatedAt: z.date(),
    })
    .nullable(),
  licences: z.array(ZLicenceItem),
  deaRegistrations: z.array(ZDeaItem),
  epcs: z.object({
    /** Latest approved change: grant -> granted, revoke -> revoked; none approved -> none. */
    permission: ZEpcsPermission,
    /** A change waiting for its second person ("pending approval"), shown beside the permission. */
    pending: ZEpcsPendingChange.nullable(),
    since: z.date().nullable(),
  }),
  /** Holds a verified, unexpired DEA registration here (may approve EPCS changes of others). */
  deaRegistrant: z.boolean(),
});
export const ZPrescriberListOutput = z.object({ items: z.array(ZPrescriberItem) });
export const ZPrescriberMutationOutput = z.object({ id: z.string(), prescriber: ZPrescriberItem });

// ------------------------------------------------------------------ EPCS access control

export const ZEpcsChangeItem = z.object({
  id: z.string(),
  subjectUserId: z.string(),
  subjectName: z.string().nullable(),
  action: z.enum(["grant", "revoke"]),
  reason: z.string(),
  enteredByUserId: z.string(),
  enteredByName: z.string().nullable(),
  enteredAt: z.date(),
  status: z.enum(["pending", "approved", "rejected", "withdrawn"]),
  decidedByUserId: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string().nullable(),
});
export const ZEpcsChangesOutput = z.object({ items: z.array(ZEpcsChangeItem) });

// ------------------------------------------------------------------ EPCS audit (1311.150)

export const ZEpcsReportSummary = z.object({
  id: z.string(),
  reportDate: z.string(),
  compiledAt: z.date(),
  windowStart: z.date(),
  windowEnd: z.date(),
  eventCount: z.number(),
  flaggedCount: z.number(),
  /** Flagged events nobody has assessed yet. */
  unassessedCount: z.number(),
});
export const ZEpcsReportsOutput = z.object({ items: z.array(ZEpcsReportSummary) });

const ZAuditEventView = z.object({
  auditEventId: z.number(),
  occurredAt: z.date(),
  action: z.string(),
  outcome: z.enum(["success", "denied", "error"]),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  detail: ZJsonObject.nullable(),
});
export const ZEpcsFinding = ZAuditEventView.extend({
  id: z.string(),
  reason: z.string(),
  assessment: z.enum(["incident", "not_incident"]).nullable(),
  assessedByUserId: z.string().nullable(),
  assessedByName: z.string().nullable(),
  assessedAt: z.date().nullable(),
  assessmentNote: z.string().nullable(),
});
export const ZEpcsReportOutput = z.object({
  report: ZEpcsReportSummary,
  findings: z.array(ZEpcsFinding),
  /** Every EPCS-tagged event of the window, oldest first (at most 1,000; `truncated` says when more). */
  events: z.array(ZAuditEventView.extend({ flagged: z.boolean() })),
  truncated: z.boolean(),
});

export const ZEpcsMonthlyLogOutput = z.object({
  prescriber: z.object({ userId: z.string(), name: z.string() }),
  month: z.string(),
  items: z.array(
    z.object({
      prescriptionId: z.string(),
      patientId: z.string(),
      patientName: z.string(),
      patientMrn: z.string(),
      drug: z.string(),
      quantity: z.number().nullable(),
      quantityUnit: z.string().nullable(),
      refills: z.number().nullable(),
      writtenDate: z.string(),
      signedAt: z.date(),
      status: z.string(),
      pharmacyName: z.string().nullable(),
      deaNumber: z.string().nullable(),
    }),
  ),
});
