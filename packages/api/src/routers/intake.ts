import type { TRPCRouterRecord } from "@trpc/server";
import { ZIntakeIdInput, ZIntakeSaveStepInput } from "@clearwell/validators/intake";

import { patientProcedure } from "../procedures";
import { getOwnIntake, saveOwnIntakeStep, startOwnIntake, submitOwnIntake } from "../services/intake/intake";

export const intakeRouter = {
  current: patientProcedure().query(({ ctx }) => getOwnIntake(ctx.db, ctx.actor, ctx.patientId)),
  start: patientProcedure().mutation(({ ctx }) => startOwnIntake(ctx.db, ctx.actor, ctx.patientId, ctx.clinicId)),
  saveStep: patientProcedure()
    .input(ZIntakeSaveStepInput)
    .mutation(({ ctx, input }) => saveOwnIntakeStep(ctx.db, ctx.actor, ctx.patientId, ctx.clinicId, input)),
  submit: patientProcedure()
    .input(ZIntakeIdInput)
    .mutation(({ ctx, input }) => submitOwnIntake(ctx.db, ctx.actor, ctx.patientId, ctx.clinicId, input.intakeId)),
} satisfies TRPCRouterRecord;
