import { z } from "zod";

import { ZActorKind, ZJsonObject } from "./common";

/** Demographics only: admins find a patient in the log, never their clinical content (DOMAIN.md §1). */
export const ZAuditPatient = z.object({
  id: z.string(),
  name: z.string(),
  mrn: z.string(),
  dateOfBirth: z.string(),
});

export const ZAuditListOutput = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      occurredAt: z.date(),
      action: z.string(),
      outcome: z.enum(["success", "denied", "error"]),
      resourceType: z.string(),
      resourceId: z.string().nullable(),
      actorUserId: z.string().nullable(),
      actorKind: ZActorKind,
      /** The roles the actor held in this clinic when the event happened. */
      actorRoles: z.array(z.string()),
      actorName: z.string().nullable(),
      /** The event's patient; for a list read under a patient filter, that patient. */
      patientId: z.string().nullable(),
      patientName: z.string().nullable(),
      patientMrn: z.string().nullable(),
      /** A list read: how many patients it showed (null for other events). */
      listedCount: z.number().nullable(),
      ipAddress: z.string().nullable(),
      userAgent: z.string().nullable(),
      requestId: z.string().nullable(),
      detail: ZJsonObject.nullable(),
    }),
  ),
  nextCursor: z.number().nullable(),
  /** The filtered patient when they are this clinic's (null: no filter, or no such patient here). */
  patient: ZAuditPatient.nullable(),
});

export const ZAuditPatientSearchOutput = z.object({ items: z.array(ZAuditPatient), more: z.boolean() });

export const ZAuditListReadOutput = z.object({
  items: z.array(ZAuditPatient),
  /** Patients the read showed who are no longer found in this clinic. */
  missing: z.number(),
});
