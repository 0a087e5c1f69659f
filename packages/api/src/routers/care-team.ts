import type { TRPCRouterRecord } from "@trpc/server";
import { ZCareTeamOutput } from "@clearwell/validators/output/common";
import { ZCareTeamAssignInput, ZCareTeamClaimInput } from "@clearwell/validators/care-team";

import { staffProcedure } from "../procedures";
import { assignCareTeam, claimPatient, removeCareTeam } from "../services/care-team/care-team";

/** DOMAIN.md §1: clinicians take on new patients; admins manage everyone's care team. */
export const careTeamRouter = {
  claim: staffProcedure("provider", "prescriber")
    .input(ZCareTeamClaimInput)
    .output(ZCareTeamOutput)
    .mutation(({ ctx, input }) => claimPatient(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  assign: staffProcedure("admin")
    .input(ZCareTeamAssignInput)
    .output(ZCareTeamOutput)
    .mutation(({ ctx, input }) => assignCareTeam(ctx.db, ctx.actor, ctx.clinicId, input)),
  remove: staffProcedure("admin")
    .input(ZCareTeamAssignInput)
    .output(ZCareTeamOutput)
    .mutation(({ ctx, input }) => removeCareTeam(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
