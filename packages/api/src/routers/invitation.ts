import type { TRPCRouterRecord } from "@trpc/server";
import { ZInvitationAcceptOutput, ZInvitationLookupOutput } from "@clearwell/validators/output/common";
import { verifyPassword } from "@clearwell/auth/password";
import { ZInvitationAcceptInput, ZInvitationLookupInput } from "@clearwell/validators/account";

import { publicProcedure } from "../procedures";
import { PUBLIC_WRITE_RATE_LIMIT } from "../rate-limit";
import { acceptInvitation, lookupInvitation } from "../services/enrolment/enrolment";

/** Invitation links for one kind of account: staff on the provider app, patients on the patient app. */
export const invitationRouter = (kind: "staff" | "patient") =>
  ({
    lookup: publicProcedure("the link's token is the credential")
      .input(ZInvitationLookupInput)
      .output(ZInvitationLookupOutput)
      .query(({ ctx, input }) => lookupInvitation(ctx.db, input.token, kind)),
    accept: publicProcedure("the link's token is the credential", PUBLIC_WRITE_RATE_LIMIT)
      .input(ZInvitationAcceptInput)
      .output(ZInvitationAcceptOutput)
      .mutation(({ ctx, input }) =>
        acceptInvitation(ctx.db, ctx.actor, kind, input, {
          verify: (hash, password) => verifyPassword({ hash, password }),
          lockout: ctx.auth.clearwell.lockout,
        }),
      ),
  }) satisfies TRPCRouterRecord;
