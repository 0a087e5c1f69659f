import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";

import { staffProcedure } from "../procedures";
import { createDemoVisit, demoVisitOffer } from "../services/demo/demo-visit";

const ZDemoVisitOffer = z.object({
  available: z.boolean(),
  patientEmail: z.string().nullable(),
  providerEmail: z.string().nullable(),
});

const ZDemoVisitCreated = z.object({
  appointmentId: z.uuid(),
  /** False when the demo visit still open was kept instead. */
  created: z.boolean(),
  startsAt: z.date(),
  endsAt: z.date(),
  timezone: z.string(),
  patientEmail: z.string(),
  providerEmail: z.string(),
  patientLink: z.url(),
  providerLink: z.url(),
});

/**
 * The demo clinic's "Create a demo visit" (issue 15): the demo visit `start` books is used up once
 * ended. Admins only, and only in the seeded demo clinic, whatever NODE_ENV: `start` itself serves
 * production builds, and no other clinic has the demo patient and provider.
 */
export const demoRouter = {
  visitOffer: staffProcedure("admin")
    .output(ZDemoVisitOffer)
    .query(({ ctx }) => demoVisitOffer(ctx.db, ctx.demoVisits, ctx.clinicId)),
  createVisit: staffProcedure("admin")
    .output(ZDemoVisitCreated)
    .mutation(({ ctx }) => createDemoVisit(ctx.db, ctx.demoVisits, ctx.actor, ctx.clinicId, ctx.outbound)),
} satisfies TRPCRouterRecord;
