import type { TRPCRouterRecord } from "@trpc/server";
import { ZEnrolmentLookupOutput } from "@clearwell/validators/output/patient";
import { ZEnrolmentLookupInput, ZEnrolmentSignUpInput } from "@clearwell/validators/account";
import { ZEnrolmentConfirmInput, ZEnrolmentConfirmOutput, ZEnrolmentSignUpOutput } from "@clearwell/validators/link-delivery";

import { publicProcedure } from "../procedures";
import { PUBLIC_WRITE_RATE_LIMIT } from "../rate-limit";
import { confirmEnrolment, lookupEnrolment, selfEnrol } from "../services/enrolment/enrolment";

export const enrolmentRouter = {
  lookup: publicProcedure("clinic enrolment link; shows only the clinic's name")
    .input(ZEnrolmentLookupInput)
    .output(ZEnrolmentLookupOutput)
    .query(({ ctx, input }) => lookupEnrolment(ctx.db, input.code)),
  signUp: publicProcedure("self sign-up through a clinic's enrolment link; answers alike for known and new addresses", PUBLIC_WRITE_RATE_LIMIT)
    .input(ZEnrolmentSignUpInput)
    .output(ZEnrolmentSignUpOutput)
    .mutation(({ ctx, input }) => selfEnrol(ctx.db, input, ctx.outbound)),
  confirm: publicProcedure("the e-mailed link's token is the credential", PUBLIC_WRITE_RATE_LIMIT)
    .input(ZEnrolmentConfirmInput)
    .output(ZEnrolmentConfirmOutput)
    .mutation(({ ctx, input }) => confirmEnrolment(ctx.db, ctx.actor, input.token)),
} satisfies TRPCRouterRecord;
