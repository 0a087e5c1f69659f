import type { TRPCRouterRecord } from "@trpc/server";
import { ZIntakeCurrentOutput, ZIntakeDraft, ZIntakeSaveStepOutput, ZIntakeSubmitOutput } from "@clearwell/validators/output/clinical";
import { ZIntakeIdInput, ZIntakeSaveStepInput } from "@clearwell/validators/intake";

import { patientProcedure } from "../procedures";
import { getOwnIntake, saveOwnIntakeStep, startOwnIntake, submitOwnIntake } from "../services/intake/intake";

export const intakeRouter = {
  current: patientProcedure().output(ZIntakeCurrentOutput).query(({ ctx }) => getOwnIntake(ctx.db, ctx.actor, ctx.patientId)),
  start: patientProcedure().output(ZIntakeDraft).mutation(({ ctx }) => startOwnIntake(ctx.db, ctx.actor, ctx.patientId, ctx.clinicId)),
  saveStep: patientProcedure()
    .input(ZIntakeSaveStepInput)
    .output(ZIntakeSaveStepOutput)
    .mutation(({ ctx, input }) => saveOwnIntakeStep(ctx.db, ctx.actor, ctx.patientId, ctx.clinicId, input)),
  submit: patientProcedure()
    .input(ZIntakeIdInput)
    .output(ZIntakeSubmitOutput)
    .mutation(({ ctx, input }) => submitOwnIntake(ctx.db, ctx.actor, ctx.patientId, ctx.clinicId, input.intakeId)),
} satisfies TRPCRouterRecord;
