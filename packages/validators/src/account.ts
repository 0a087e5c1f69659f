import { z } from "zod";

import { ZEmail, ZIsoDate, ZPassword, ZPersonName, ZOptionalPhone, ZStaffRole, ZState, ZToken, ZUuid } from "./common";

export const ZEnrolmentLookupInput = z.object({ code: z.string().min(6).max(64) });

export const ZEnrolmentSignUpInput = z.object({
  code: z.string().min(6).max(64),
  givenName: ZPersonName,
  familyName: ZPersonName,
  email: ZEmail,
  password: ZPassword,
  dateOfBirth: ZIsoDate,
  stateOfResidence: ZState,
  phone: ZOptionalPhone,
  acceptTerms: z.literal(true, { message: "Please accept the terms to continue." }),
});
export type TEnrolmentSignUpInput = z.input<typeof ZEnrolmentSignUpInput>;

export const ZInvitationLookupInput = z.object({ token: ZToken });

export const ZInvitationAcceptInput = z.object({
  token: ZToken,
  name: ZPersonName.optional(),
  password: ZPassword,
});

export const ZStaffInviteInput = z.object({
  email: ZEmail,
  roles: z.array(ZStaffRole).min(1, "Choose at least one role.").max(4),
});
export type TStaffInviteInput = z.input<typeof ZStaffInviteInput>;

export const ZStaffSetRolesInput = z.object({
  userId: z.string().min(1).max(64),
  roles: z.array(ZStaffRole).min(1, "Choose at least one role.").max(4),
});

export const ZStaffRemoveInput = z.object({ userId: z.string().min(1).max(64) });
export const ZInvitationRevokeInput = z.object({ invitationId: ZUuid });

export const ZAuditListInput = z.object({
  patientId: ZUuid.optional(),
  actorUserId: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(["success", "denied", "error"]).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(10).max(200).default(50),
});
export type TAuditListInput = z.input<typeof ZAuditListInput>;
