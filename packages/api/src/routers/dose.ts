import type { TRPCRouterRecord } from "@trpc/server";
import { ZDoseListOutput, ZDoseLogOutput, ZDosePostcheckOutput, ZDosePrecheckOutput, ZDoseSessionView } from "@clearwell/validators/output/regimen";
import { ZDoseListInput, ZDoseLogInput, ZDosePostcheckInput, ZDosePrecheckInput, ZDoseRescheduleInput, ZDoseSessionRef } from "@clearwell/validators/regimen";

import { patientProcedure } from "../procedures";
import { logDose, postcheck } from "../services/dose/log";
import { precheck } from "../services/dose/precheck";
import { getSession, listSessions, rescheduleSession } from "../services/dose/read";

/**
 * Home sessions (issue 13 §2-3; DOMAIN.md §1 "Log dose/BP/side effects: Patient O"; §2 "Dose
 * session"): the pre-dose gate, the dose log and the post-dose check. Only the patient's own.
 */
export const doseRouter = {
  session: patientProcedure()
    .input(ZDoseSessionRef)
    .output(ZDoseSessionView)
    .query(({ ctx, input }) => getSession(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input.sessionId)),
  list: patientProcedure()
    .input(ZDoseListInput)
    .output(ZDoseListOutput)
    .query(({ ctx, input }) => listSessions(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input.regimenId)),
  precheck: patientProcedure()
    .input(ZDosePrecheckInput)
    .output(ZDosePrecheckOutput)
    .mutation(({ ctx, input }) => precheck(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input)),
  log: patientProcedure()
    .input(ZDoseLogInput)
    .output(ZDoseLogOutput)
    .mutation(({ ctx, input }) => logDose(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input)),
  postcheck: patientProcedure()
    .input(ZDosePostcheckInput)
    .output(ZDosePostcheckOutput)
    .mutation(({ ctx, input }) => postcheck(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input)),
  reschedule: patientProcedure()
    .input(ZDoseRescheduleInput)
    .output(ZDoseSessionView)
    .mutation(({ ctx, input }) => rescheduleSession(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input)),
} satisfies TRPCRouterRecord;
