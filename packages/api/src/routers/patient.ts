import type { TRPCRouterRecord } from "@trpc/server";
import { ZPatientGetOutput, ZPatientListOutput } from "@clearwell/validators/output/staff";
import { ZInvitationResendOutput, ZPatientInviteOutput, ZPatientResendInvitationInput } from "@clearwell/validators/link-delivery";
import { ZPatientGetInput, ZPatientInviteInput, ZPatientListInput } from "@clearwell/validators/patient";

import { staffProcedure } from "../procedures";
import { getPatientForStaff } from "../services/patient/get-patient";
import { invitePatient, resendPatientInvitation } from "../services/patient/invite-patient";
import { listPatients } from "../services/patient/list-patients";

export const patientRouter = {
  list: staffProcedure().input(ZPatientListInput).output(ZPatientListOutput).query(({ ctx, input }) => listPatients(ctx.db, ctx.actor, ctx.clinicId, input)),
  get: staffProcedure().input(ZPatientGetInput).output(ZPatientGetOutput).query(({ ctx, input }) => getPatientForStaff(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  invite: staffProcedure("admin", "staff", "provider")
    .input(ZPatientInviteInput)
    .output(ZPatientInviteOutput)
    .mutation(({ ctx, input }) => invitePatient(ctx.db, ctx.actor, ctx.clinicId, input, ctx.outbound)),
  /** A new link to the patient's inbox; the previous one stops working. */
  resendInvitation: staffProcedure("admin", "staff", "provider")
    .input(ZPatientResendInvitationInput)
    .output(ZInvitationResendOutput)
    .mutation(({ ctx, input }) => resendPatientInvitation(ctx.db, ctx.actor, ctx.clinicId, input.patientId, ctx.outbound)),
} satisfies TRPCRouterRecord;
