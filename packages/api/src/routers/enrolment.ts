import type { TRPCRouterRecord } from "@trpc/server";
import { ZEnrolmentLookupOutput, ZEnrolmentSignUpOutput } from "@clearwell/validators/output/patient";
import { ZEnrolmentLookupInput, ZEnrolmentSignUpInput } from "@clearwell/validators/account";

import { publicProcedure } from "../procedures";
import { lookupEnrolment, selfEnrol } from "../services/enrolment/enrolment";

export const enrolmentRouter = {
  lookup: publicProcedure("clinic enrolment link; shows only the clinic's name")
    .input(ZEnrolmentLookupInput)
    .output(ZEnrolmentLookupOutput)
    .query(({ ctx, input }) => lookupEnrolment(ctx.db, input.code)),
  signUp: publicProcedure("self sign-up through a clinic's enrolment link")
    .input(ZEnrolmentSignUpInput)
    .output(ZEnrolmentSignUpOutput)
    .mutation(({ ctx, input }) => selfEnrol(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
