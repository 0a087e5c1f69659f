import type { TRPCRouterRecord } from "@trpc/server";
import { ZSessionMeOutput, ZSessionPingOutput } from "@clearwell/validators/output/common";

import { signedInProcedure } from "../procedures";

/** Who is signed in and when the session will lapse, for the shell and its idle warning. */
export const sessionRouter = {
  me: signedInProcedure().output(ZSessionMeOutput).query(({ ctx }) => {
    const cfg = ctx.auth.clearwell;
    return {
      user: ctx.session.user,
      app: ctx.app,
      memberships: ctx.staff?.memberships ?? [],
      activeClinic: ctx.staff?.active ?? null,
      patientLinks: ctx.patient?.links ?? [],
      activePatient: ctx.patient?.active ?? null,
      idleTimeoutSeconds: cfg.idleTimeoutSeconds,
      absoluteExpiresAt: new Date(ctx.session.createdAt.getTime() + cfg.absoluteTimeoutSeconds * 1000),
      expiresAt: ctx.session.expiresAt,
    };
  }),
  /** Called on user activity; reading the session through better-auth slides its expiry. */
  ping: signedInProcedure().output(ZSessionPingOutput).mutation(({ ctx }) => ({ expiresAt: ctx.session.expiresAt })),
} satisfies TRPCRouterRecord;
