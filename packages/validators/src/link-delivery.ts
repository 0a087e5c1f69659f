import { z } from "zod";

import { ZToken, ZUuid } from "./common";

// Procedures that send a link by e-mail answer with where it went, never with the link:
// the token reaches only the inbox it was sent to (issue 10, findings 7 and 8).

/** The same answer whether or not the address already has an account. */
export const ZEnrolmentSignUpOutput = z.object({ email: z.string() });

export const ZEnrolmentConfirmInput = z.object({ token: ZToken });
export const ZEnrolmentConfirmOutput = z.object({ email: z.string() });

export const ZStaffInviteOutput = z.object({ invitationId: z.string(), sentTo: z.string() });
export const ZPatientInviteOutput = z.object({ patientId: z.string(), mrn: z.string(), sentTo: z.string() });

export const ZStaffResendInvitationInput = z.object({ invitationId: ZUuid });
export const ZPatientResendInvitationInput = z.object({ patientId: ZUuid });
export const ZInvitationResendOutput = z.object({ invitationId: z.string(), sentTo: z.string() });
