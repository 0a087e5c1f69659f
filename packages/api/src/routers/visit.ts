import type { TRPCRouterRecord } from "@trpc/server";
import { ZLiveVisitsOutput, ZPatientJoinOutput, ZPatientVisitStatusOutput, ZProviderJoinOutput, ZProviderVisitOutput, ZVisitRecord } from "@clearwell/validators/output/visit";
import { ZPatientVisitJoinInput, ZVisitRef } from "@clearwell/validators/visit";

import { patientProcedure, staffProcedure } from "../procedures";
import { admitPatient, endVisit, removePatient, sendBackToWaiting } from "../services/visit/admission";
import { patientJoin, providerJoin } from "../services/visit/join";
import { liveVisits, patientVisitStatus, providerVisit } from "../services/visit/status";

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
