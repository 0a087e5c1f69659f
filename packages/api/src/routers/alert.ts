import type { TRPCRouterRecord } from "@trpc/server";
import { ZAlertAckOutput, ZAlertRef } from "@clearwell/validators/alert";

import { staffProcedure } from "../procedures";
import { acknowledgeAlert } from "../services/safety/alerts";

/** DOMAIN.md §1 "Acknowledge alert": the patient's clinicians; staff for non-critical alerts; admins no. */
export const alertRouter = {
  acknowledge: staffProcedure("provider", "prescriber", "staff")
    .input(ZAlertRef)
    .output(ZAlertAckOutput)
    .mutation(({ ctx, input }) => acknowledgeAlert(ctx.db, ctx.actor, ctx.clinicId, input.alertId)),
} satisfies TRPCRouterRecord;
