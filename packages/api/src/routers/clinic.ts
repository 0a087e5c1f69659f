import type { TRPCRouterRecord } from "@trpc/server";
import { ZClinicSchedulingInput } from "@clearwell/validators/scheduling";
import { z } from "zod";

import { staffProcedure } from "../procedures";
import { getClinic, updateEnrolment, updateScheduling } from "../services/clinic/clinic";

export const clinicRouter = {
  get: staffProcedure("admin").query(({ ctx }) => getClinic(ctx.db, ctx.clinicId, ctx.outbound.patientAppUrl)),
  updateEnrolment: staffProcedure("admin")
    .input(
      z
        .object({ open: z.boolean().optional(), rotate: z.boolean().optional() })
        // Nothing to change would be an empty UPDATE: say so instead of failing in the database.
        .refine((v) => v.open !== undefined || v.rotate === true, { message: "Choose whether to open or close enrolment, or to make a new link." }),
    )
    .mutation(({ ctx, input }) => updateEnrolment(ctx.db, ctx.actor, ctx.clinicId, input)),
  updateScheduling: staffProcedure("admin")
    .input(ZClinicSchedulingInput)
    .mutation(({ ctx, input }) => updateScheduling(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
