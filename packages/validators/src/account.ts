import { z } from "zod";

import { ZDateOfBirth, ZEmail, ZPassword, ZPersonName, ZOptionalPhone, ZStaffRole, ZState, ZToken, ZUserId, ZUuid, text } from "./common";

const ZEnrolmentCode = text({ min: 6, max: 64 });

export const ZEnrolmentLookupInput = z.object({ code: ZEnrolmentCode });

export const ZEnrolmentSignUpInput = z.object({
  code: ZEnrolmentCode,
  givenName: ZPersonName,
  familyName: ZPersonName,
  email: ZEmail,
  password: ZPassword,
  // A future or implausibly old date is refused here, so the server refuses it too.
  dateOfBirth: ZDateOfBirth,
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
  userId: ZUserId,
  roles: z.array(ZStaffRole).min(1, "Choose at least one role.").max(4),
});

export const ZStaffRemoveInput = z.object({ userId: ZUserId });
export const ZInvitationRevokeInput = z.object({ invitationId: ZUuid });
