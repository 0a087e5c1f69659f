import { z } from "zod";

import { ZUserId, ZUuid } from "./common";

export const ZCareTeamRole = z.enum(["primary_provider", "prescriber", "care_coordinator"]);
// A member's role as stored: also on_call, added by the alert engine when a critical alert is routed to an
// on-call clinician outside the care team (issue 13); not assignable by hand.
export const ZCareTeamMemberRole = z.enum([...ZCareTeamRole.options, "on_call"]);
export const ZCareTeamClaimInput = z.object({ patientId: ZUuid });
export const ZCareTeamAssignInput = z.object({ patientId: ZUuid, userId: ZUserId, role: ZCareTeamRole });
export type TCareTeamAssignInput = z.input<typeof ZCareTeamAssignInput>;
