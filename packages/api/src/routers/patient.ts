import type { TRPCRouterRecord } from "@trpc/server";
import { ZPatientGetInput, ZPatientInviteInput, ZPatientListInput } from "@clearwell/validators/patient";

import { staffProcedure } from "../procedures";
import { getPatientForStaff } from "../services/patient/get-patient";
import { invitePatient } from "../services/patient/invite-patient";
import { listPatients } from "../services/patient/list-patients";

export const patientRouter = {
  list: staffProcedure().input(ZPatientListInput).query(({ ctx, input }) => listPatients(ctx.db, ctx.actor, ctx.clinicId, input)),
  get: staffProcedure().input(ZPatientGetInput).query(({ ctx, input }) => getPatientForStaff(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  invite: staffProcedure("admin", "staff", "provider")
    .input(ZPatientInviteInput)
    .mutation(({ ctx, input }) => invitePatient(ctx.db, ctx.actor, ctx.clinicId, input, ctx.outbound)),
} satisfies TRPCRouterRecord;
