import type { TRPCRouterRecord } from "@trpc/server";
import { ZUserId } from "@clearwell/validators/common";
import { ZAvailabilityExceptionInput, ZAvailabilityExceptionRemoveInput, ZWeeklyHoursInput } from "@clearwell/validators/scheduling";
import { z } from "zod";

import { staffProcedure } from "../procedures";
import { addAvailabilityException, getAvailability, removeAvailabilityException, setWeeklyHours } from "../services/scheduling/availability";

/** DOMAIN.md §1 "Manage schedule": providers their own, admins the clinic's. */
export const availabilityRouter = {
  get: staffProcedure("provider", "admin")
    .input(z.object({ providerUserId: ZUserId }))
    .query(({ ctx, input }) => getAvailability(ctx.db, ctx.actor, ctx.clinicId, input.providerUserId)),
  setWeekly: staffProcedure("provider", "admin")
    .input(ZWeeklyHoursInput)
    .mutation(({ ctx, input }) => setWeeklyHours(ctx.db, ctx.actor, ctx.clinicId, input)),
  addException: staffProcedure("provider", "admin")
    .input(ZAvailabilityExceptionInput)
    .mutation(({ ctx, input }) => addAvailabilityException(ctx.db, ctx.actor, ctx.clinicId, input)),
  removeException: staffProcedure("provider", "admin")
    .input(ZAvailabilityExceptionRemoveInput)
    .mutation(({ ctx, input }) => removeAvailabilityException(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
