import type { TRPCRouterRecord } from "@trpc/server";
import { ZProfileOutput, ZProfileUpdateOutput } from "@clearwell/validators/output/patient";
import { ZProfileUpdateInput } from "@clearwell/validators/patient";

import { patientProcedure } from "../procedures";
import { getOwnProfile, updateOwnProfile } from "../services/profile/profile";

export const profileRouter = {
  get: patientProcedure().output(ZProfileOutput).query(({ ctx }) => getOwnProfile(ctx.db, ctx.actor, ctx.patientId)),
  update: patientProcedure()
    .input(ZProfileUpdateInput)
    .output(ZProfileUpdateOutput)
    .mutation(({ ctx, input }) => updateOwnProfile(ctx.db, ctx.actor, ctx.patientId, input)),
} satisfies TRPCRouterRecord;
