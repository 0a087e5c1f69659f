import type { TRPCRouterRecord } from "@trpc/server";
import { ZInvitationRevokeOutput, ZStaffListOutput, ZStaffRemoveOutput, ZStaffSetRolesOutput } from "@clearwell/validators/output/staff";
import { ZInvitationResendOutput, ZStaffInviteOutput, ZStaffResendInvitationInput } from "@clearwell/validators/link-delivery";
import { ZInvitationRevokeInput, ZStaffInviteInput, ZStaffRemoveInput, ZStaffSetRolesInput } from "@clearwell/validators/account";

import { staffProcedure } from "../procedures";
import { inviteStaff, listStaff, removeStaff, resendStaffInvitation, revokeInvitation, setStaffRoles } from "../services/staff/staff";

export const staffRouter = {
  list: staffProcedure("admin").output(ZStaffListOutput).query(({ ctx }) => listStaff(ctx.db, ctx.clinicId)),
  invite: staffProcedure("admin")
    .input(ZStaffInviteInput)
    .output(ZStaffInviteOutput)
    .mutation(({ ctx, input }) => inviteStaff(ctx.db, ctx.actor, ctx.clinicId, input, ctx.outbound)),
  /** A new link to the invitee's inbox; the previous one stops working. */
  resendInvitation: staffProcedure("admin")
    .input(ZStaffResendInvitationInput)
    .output(ZInvitationResendOutput)
    .mutation(({ ctx, input }) => resendStaffInvitation(ctx.db, ctx.actor, ctx.clinicId, input.invitationId, ctx.outbound)),
  setRoles: staffProcedure("admin")
    .input(ZStaffSetRolesInput)
    .output(ZStaffSetRolesOutput)
    .mutation(({ ctx, input }) => setStaffRoles(ctx.db, ctx.actor, ctx.clinicId, input.userId, input.roles)),
  remove: staffProcedure("admin")
    .input(ZStaffRemoveInput)
    .output(ZStaffRemoveOutput)
    .mutation(({ ctx, input }) => removeStaff(ctx.db, ctx.actor, ctx.clinicId, input.userId)),
  revokeInvitation: staffProcedure("admin")
    .input(ZInvitationRevokeInput)
    .output(ZInvitationRevokeOutput)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.actor, ctx.clinicId, input.invitationId)),
} satisfies TRPCRouterRecord;
