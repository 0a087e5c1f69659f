import type { TRPCRouterRecord } from "@trpc/server";
import { ZLiveVisitsOutput, ZPatientJoinOutput, ZPatientVisitStatusOutput, ZProviderJoinOutput, ZProviderVisitOutput, ZVisitRecord } from "@clearwell/validators/output/visit";
import { ZPatientVisitJoinInput, ZVisitRef } from "@clearwell/validators/visit";

import { patientProcedure, staffProcedure } from "../procedures";
import { admitPatient, endVisit, removePatient, sendBackToWaiting } from "../services/visit/admission";
import { patientJoin, providerJoin } from "../services/visit/join";
import { auditWindow, sessionStillLive, visitChanges } from "../services/visit/feed";
import { liveVisits, patientVisitStatus, providerVisit, visitProviderFor } from "../services/visit/status";
import { streamOf } from "../stream-output";

/** The patient's side of a video visit: their own appointments only. */
export const patientVisitRouter = {
  join: patientProcedure()
    .input(ZPatientVisitJoinInput)
    .output(ZPatientJoinOutput)
    .mutation(({ ctx, input }) => patientJoin(ctx.db, ctx.video(), ctx.actor, ctx.patientId, input)),
  status: patientProcedure()
    .input(ZVisitRef)
    .output(ZPatientVisitStatusOutput)
    .query(({ ctx, input }) => patientVisitStatus(ctx.db, ctx.actor, ctx.patientId, input.appointmentId)),
  /** The same answer as `status`, pushed whenever this visit or the provider's queue changes (SSE). */
  statusFeed: patientProcedure()
    .input(ZVisitRef)
    .output(streamOf(ZPatientVisitStatusOutput))
    .subscription(async function* ({ ctx, input, signal }) {
      const providerUserId = await visitProviderFor(ctx.db, ctx.patientId, input.appointmentId);
      const audit = auditWindow();
      const changes = visitChanges(ctx.db, {
        signal,
        // Another patient of the same provider moving changes this patient's place in line.
        match: (c) => c.appointmentId === input.appointmentId || (providerUserId !== null && c.providerUserId === providerUserId),
        stillAllowed: () => sessionStillLive(ctx.db, ctx.session.sessionId, ctx.auth.clearwell.absoluteTimeoutSeconds),
      });
      for await (const _ of changes) yield await patientVisitStatus(ctx.db, ctx.actor, ctx.patientId, input.appointmentId, audit);
    }),
} satisfies TRPCRouterRecord;

/**
 * The provider's side. DOMAIN.md §1 "Admit from waiting room: provider/prescriber own visits;
 * admin and staff no": joining, admitting and ending are for the appointment's own provider
 * (services check the appointment is theirs). Everyone on staff can see who is waiting.
 */
export const providerVisitRouter = {
  get: staffProcedure("provider", "prescriber")
    .input(ZVisitRef)
    .output(ZProviderVisitOutput)
    .query(({ ctx, input }) => providerVisit(ctx.db, ctx.actor, ctx.clinicId, input.appointmentId)),
  live: staffProcedure().output(ZLiveVisitsOutput).query(({ ctx }) => liveVisits(ctx.db, ctx.actor, ctx.clinicId)),
  /** `live`, pushed whenever a visit this user may see changes (SSE; no polling). */
  liveFeed: staffProcedure()
    .output(streamOf(ZLiveVisitsOutput))
    .subscription(async function* ({ ctx, signal }) {
      const seesClinic = ctx.roles.includes("admin") || ctx.roles.includes("staff");
      const audit = auditWindow();
      const changes = visitChanges(ctx.db, {
        signal,
        match: (c) => c.clinicId === ctx.clinicId && (seesClinic || c.providerUserId === ctx.actor.userId),
        stillAllowed: () => sessionStillLive(ctx.db, ctx.session.sessionId, ctx.auth.clearwell.absoluteTimeoutSeconds),
      });
      for await (const _ of changes) yield await liveVisits(ctx.db, ctx.actor, ctx.clinicId, new Date(), audit);
    }),
  /** `get`, pushed whenever this visit changes (SSE). */
  watch: staffProcedure("provider", "prescriber")
    .input(ZVisitRef)
    .output(streamOf(ZProviderVisitOutput))
    .subscription(async function* ({ ctx, input, signal }) {
      const audit = auditWindow();
      const changes = visitChanges(ctx.db, {
        signal,
        match: (c) => c.appointmentId === input.appointmentId,
        stillAllowed: () => sessionStillLive(ctx.db, ctx.session.sessionId, ctx.auth.clearwell.absoluteTimeoutSeconds),
      });
      for await (const _ of changes) yield await providerVisit(ctx.db, ctx.actor, ctx.clinicId, input.appointmentId, audit);
    }),
  join: staffProcedure("provider", "prescriber")
    .input(ZVisitRef)
    .output(ZProviderJoinOutput)
    .mutation(({ ctx, input }) => providerJoin(ctx.db, ctx.video(), ctx.actor, ctx.clinicId, input)),
  admit: staffProcedure("provider", "prescriber")
    .input(ZVisitRef)
    .output(ZVisitRecord)
    .mutation(({ ctx, input }) => admitPatient(ctx.db, ctx.video(), ctx.actor, ctx.clinicId, input.appointmentId)),
  sendBack: staffProcedure("provider", "prescriber")
    .input(ZVisitRef)
    .output(ZVisitRecord)
    .mutation(({ ctx, input }) => sendBackToWaiting(ctx.db, ctx.video(), ctx.actor, ctx.clinicId, input.appointmentId)),
  remove: staffProcedure("provider", "prescriber")
    .input(ZVisitRef)
    .output(ZVisitRecord)
    .mutation(({ ctx, input }) => removePatient(ctx.db, ctx.video(), ctx.actor, ctx.clinicId, input.appointmentId)),
  end: staffProcedure("provider", "prescriber")
    .input(ZVisitRef)
    .output(ZVisitRecord)
    .mutation(({ ctx, input }) => endVisit(ctx.db, ctx.video(), ctx.actor, ctx.clinicId, input.appointmentId)),
} satisfies TRPCRouterRecord;
