import type { TRPCRouterRecord } from "@trpc/server";
import { ZCheckInMineOutput, ZCheckInSubmitOutput, ZCheckInTrendOutput } from "@clearwell/validators/output/regimen";
import { ZCheckInSubmitInput } from "@clearwell/validators/regimen";

import { patientProcedure } from "../procedures";
import { myCheckIns, myTrend, submitCheckIn } from "../services/check-in/check-in";

/** Scheduled PHQ-9 / GAD-7 check-ins (issue 13 §5; DOMAIN.md §2 "Check-in", §6, §7 A1/A2): the patient's own. */
export const checkInRouter = {
  mine: patientProcedure()
    .output(ZCheckInMineOutput)
    .query(({ ctx }) => myCheckIns(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId)),
  submit: patientProcedure()
    .input(ZCheckInSubmitInput)
    .output(ZCheckInSubmitOutput)
    .mutation(({ ctx, input }) => submitCheckIn(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input)),
  trend: patientProcedure()
    .output(ZCheckInTrendOutput)
    .query(({ ctx }) => myTrend(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId)),
} satisfies TRPCRouterRecord;
