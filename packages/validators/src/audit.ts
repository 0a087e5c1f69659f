import { z } from "zod";

import { ZInstant, ZUserId, ZUuid, text } from "./common";

/** audit.list: the clinic's audit log, newest first, keyset-paged on the event id. */
export const ZAuditListInput = z.object({
  /** Events about this patient, list reads that showed them included. */
  patientId: ZUuid.optional(),
  actorUserId: ZUserId.optional(),
  action: text({ max: 100 }).optional(),
  outcome: z.enum(["success", "denied", "error"]).optional(),
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(10).max(200).default(50),
});
export type TAuditListInput = z.input<typeof ZAuditListInput>;

/** audit.findPatient: the patient an admin means, by name, MRN, email or date of birth. */
export const ZAuditPatientSearchInput = z.object({
  q: text({ min: 2, max: 100, minMessage: "Type at least 2 characters of a name, MRN or date of birth." }),
});

/** audit.listReadPatients: who one list read (patient list, schedule, ...) showed. */
export const ZAuditListReadInput = z.object({ eventId: z.number().int().positive() });
