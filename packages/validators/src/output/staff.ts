import { z } from "zod";

import { ZStaffRole } from "../common";
import { ZActorKind, ZCareTeamMember, ZJsonObject, ZPatientRecord, ZPatientStatus } from "./common";

export const ZPatientListOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      mrn: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      preferredName: z.string().nullable(),
      dateOfBirth: z.string(),
      stateOfResidence: z.string(),
      status: ZPatientStatus,
      email: z.string(),
      phone: z.string().nullable(),
    }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
});
// Invite outputs live in ../link-delivery.ts: links go to the invitee, never back to the inviter.
export const ZPatientGetOutput = ZPatientRecord.extend({ careTeam: z.array(ZCareTeamMember) });

export const ZStaffListOutput = z.object({
  members: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      email: z.string(),
      roles: z.array(ZStaffRole),
      twoFactorEnabled: z.boolean(),
      credentials: z.string().nullable(),
      npi: z.string().nullable(),
      licensedStates: z.array(z.string()),
      deaStates: z.array(z.string()),
    }),
  ),
  invitations: z.array(z.object({ id: z.string(), email: z.string(), roles: z.array(ZStaffRole), expiresAt: z.date(), createdAt: z.date() })),
});
export const ZStaffSetRolesOutput = z.object({ userId: z.string(), roles: z.array(ZStaffRole) });
export const ZStaffRemoveOutput = z.object({ userId: z.string() });
export const ZInvitationRevokeOutput = z.object({ invitationId: z.string() });

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
      actorRoles: z.array(z.string()),
      actorName: z.string().nullable(),
      patientId: z.string().nullable(),
      patientName: z.string().nullable(),
      patientMrn: z.string().nullable(),
      ipAddress: z.string().nullable(),
      userAgent: z.string().nullable(),
      requestId: z.string().nullable(),
      detail: ZJsonObject.nullable(),
    }),
  ),
  nextCursor: z.number().nullable(),
});

const ZClinicScheduling = z.object({
  evaluationMinutes: z.number(),
  followUpMinutes: z.number(),
  cancelCutoffMinutes: z.number(),
  minBookingNoticeMinutes: z.number(),
  bookingHorizonDays: z.number(),
  noShowGraceMinutes: z.number(),
  bookingBeforeIntakeReview: z.boolean(),
  joinWindowMinutes: z.number(),
});
export const ZClinicGetOutput = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  enrolmentOpen: z.boolean(),
  enrolmentUrl: z.string(),
  scheduling: ZClinicScheduling,
});
export const ZClinicSchedulingOutput = ZClinicScheduling;
