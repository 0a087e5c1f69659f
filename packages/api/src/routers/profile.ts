import type { TRPCRouterRecord } from "@trpc/server";
import { ZProfileUpdateInput } from "@clearwell/validators/patient";

import { patientProcedure } from "../procedures";
import { getOwnProfile, updateOwnProfile } from "../services/profile/profile";

export const profileRouter = {
  get: patientProcedure().query(({ ctx }) => getOwnProfile(ctx.db, ctx.actor, ctx.patientId)),
  update: patientProcedure()
    .input(ZProfileUpdateInput)
    .mutation(({ ctx, input }) => updateOwnProfile(ctx.db, ctx.actor, ctx.patientId, input)),
} satisfies TRPCRouterRecord;
