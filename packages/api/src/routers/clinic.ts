import type { TRPCRouterRecord } from "@trpc/server";
import { ZOk } from "@clearwell/validators/output/common";
import { ZClinicGetOutput, ZClinicSchedulingOutput } from "@clearwell/validators/output/staff";
import { ZClinicEligibilityInput } from "@clearwell/validators/decision";
import { ZClinicEligibilityOutput } from "@clearwell/validators/output/decision";
import { ZClinicSchedulingInput } from "@clearwell/validators/scheduling";
import { z } from "zod";

import { staffProcedure } from "../procedures";
import { getClinic, getEligibilitySettings, updateEligibilitySettings, updateEnrolment, updateScheduling } from "../services/clinic/clinic";

export const clinicRouter = {
  get: staffProcedure("admin").output(ZClinicGetOutput).query(({ ctx }) => getClinic(ctx.db, ctx.clinicId, ctx.outbound.patientAppUrl)),
  updateEnrolment: staffProcedure("admin")
    .input(
      z
        .object({ open: z.boolean().optional(), rotate: z.boolean().optional() })
        // Nothing to change would be an empty UPDATE: say so instead of failing in the database.
        .refine((v) => v.open !== undefined || v.rotate === true, { message: "Choose whether to open or close enrolment, or to make a new link." }),
    )
    .output(ZOk)
    .mutation(({ ctx, input }) => updateEnrolment(ctx.db, ctx.actor, ctx.clinicId, input)),
  updateScheduling: staffProcedure("admin")
    .input(ZClinicSchedulingInput)
    .output(ZClinicSchedulingOutput)
    .mutation(({ ctx, input }) => updateScheduling(ctx.db, ctx.actor, ctx.clinicId, input)),
  // DOMAIN.md §1 clinic admin sets thresholds; §2 decision expiry N days (C); §3 OV "co-sign C".
  eligibility: staffProcedure("admin")
    .output(ZClinicEligibilityOutput)
    .query(({ ctx }) => getEligibilitySettings(ctx.db, ctx.clinicId)),
  updateEligibility: staffProcedure("admin")
    .input(ZClinicEligibilityInput)
    .output(ZClinicEligibilityOutput)
    .mutation(({ ctx, input }) => updateEligibilitySettings(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
