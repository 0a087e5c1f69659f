import { z } from "zod";

import { ZStaffRole } from "../common";
import { ZCareTeamMember, ZPatientRecord, ZPatientStatus } from "./common";

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
  /** Pass back as `cursor` for the next page; null on the last one. No total: counting walked the whole clinic. */
  nextCursor: z.object({ familyName: z.string(), givenName: z.string(), id: z.string() }).nullable(),
  pageSize: z.number(),
});
// Invite outputs live in ../link-delivery.ts: links go to the invitee, never back to the inviter.
/** chartAccess: whether chart.get would open this patient's chart for the caller (a clinician on their care team or with a visit). */
export const ZPatientGetOutput = ZPatientRecord.extend({ careTeam: z.array(ZCareTeamMember), chartAccess: z.boolean() });

export const ZStaffListOutput = z.object({
  members: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      email: z.string(),
      roles: z.array(ZStaffRole),
      twoFactorEnabled: z.boolean(),
      credentials: z.string().nullable(),
      // This clinic's credential record (the Prescribers page edits it): the NPI, and the states where a
      // licence or DEA registration is in force today (not removed, unexpired), verified or not.
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
