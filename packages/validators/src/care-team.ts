import { z } from "zod";

import { ZUserId, ZUuid } from "./common";

export const ZCareTeamRole = z.enum(["primary_provider", "prescriber", "care_coordinator"]);
export const ZCareTeamClaimInput = z.object({ patientId: ZUuid });
export const ZCareTeamAssignInput = z.object({ patientId: ZUuid, userId: ZUserId, role: ZCareTeamRole });
export type TCareTeamAssignInput = z.input<typeof ZCareTeamAssignInput>;
