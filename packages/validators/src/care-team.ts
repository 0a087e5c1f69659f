import { z } from "zod";

import { ZUuid } from "./common";

export const ZCareTeamRole = z.enum(["primary_provider", "prescriber", "care_coordinator"]);
export const ZCareTeamClaimInput = z.object({ patientId: ZUuid });
export const ZCareTeamAssignInput = z.object({ patientId: ZUuid, userId: z.string().trim().min(1).max(100), role: ZCareTeamRole });
export type TCareTeamAssignInput = z.input<typeof ZCareTeamAssignInput>;
