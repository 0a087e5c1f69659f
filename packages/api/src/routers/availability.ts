import type { TRPCRouterRecord } from "@trpc/server";
import { ZOk } from "@clearwell/validators/output/common";
import { ZAvailabilityExceptionOutput, ZAvailabilityOutput, ZWeeklyHoursOutput } from "@clearwell/validators/output/scheduling";
import { ZUserId } from "@clearwell/validators/common";
import { ZAvailabilityExceptionInput, ZAvailabilityExceptionRemoveInput, ZWeeklyHoursInput } from "@clearwell/validators/scheduling";
import { z } from "zod";

import { staffProcedure } from "../procedures";
import { addAvailabilityException, getAvailability, removeAvailabilityException, setWeeklyHours } from "../services/scheduling/availability";

/** DOMAIN.md §1 "Manage schedule": providers their own, admins the clinic's. */
export const availabilityRouter = {
  get: staffProcedure("provider", "admin")
    .input(z.object({ providerUserId: ZUserId }))
    .output(ZAvailabilityOutput)
    .query(({ ctx, input }) => getAvailability(ctx.db, ctx.actor, ctx.clinicId, input.providerUserId)),
  setWeekly: staffProcedure("provider", "admin")
    .input(ZWeeklyHoursInput)
    .output(ZWeeklyHoursOutput)
    .mutation(({ ctx, input }) => setWeeklyHours(ctx.db, ctx.actor, ctx.clinicId, input)),
  addException: staffProcedure("provider", "admin")
    .input(ZAvailabilityExceptionInput)
    .output(ZAvailabilityExceptionOutput)
    .mutation(({ ctx, input }) => addAvailabilityException(ctx.db, ctx.actor, ctx.clinicId, input)),
  removeException: staffProcedure("provider", "admin")
    .input(ZAvailabilityExceptionRemoveInput)
    .output(ZOk)
    .mutation(({ ctx, input }) => removeAvailabilityException(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
