import type { TRPCRouterRecord } from "@trpc/server";
import { ZChartOutput, ZIntakeReviewOutput } from "@clearwell/validators/output/clinical";
import { ZAppointmentRecord } from "@clearwell/validators/output/common";
import { ZDashboardOutput, ZScheduleListOutput } from "@clearwell/validators/output/scheduling";
import { ZInstant, ZUserId } from "@clearwell/validators/common";
import { ZIntakeReviewInput } from "@clearwell/validators/intake";
import { ZAppointmentStatusInput } from "@clearwell/validators/scheduling";
import { ZPatientGetInput } from "@clearwell/validators/patient";
import { z } from "zod";

import { staffProcedure } from "../procedures";
import { getChart, reviewIntake } from "../services/chart/chart";
import { changeAppointmentStatus } from "../services/schedule/appointment-status";
import { getDashboard, listSchedule } from "../services/schedule/schedule";

const ZRange = z.object({ from: ZInstant, to: ZInstant, providerUserId: ZUserId.optional() }).refine((v) => v.to > v.from, {
  path: ["to"],
  message: "The end must be after the start.",
});

/** DOMAIN.md §1: the clinical chart is for clinicians (A); the schedule for everyone who manages it. */
export const chartRouter = {
  get: staffProcedure("provider", "prescriber")
    .input(ZPatientGetInput)
    .output(ZChartOutput)
    .query(({ ctx, input }) => getChart(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  reviewIntake: staffProcedure("provider", "prescriber")
    .input(ZIntakeReviewInput)
    .output(ZIntakeReviewOutput)
    .mutation(({ ctx, input }) => reviewIntake(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;

export const scheduleRouter = {
  list: staffProcedure().input(ZRange).output(ZScheduleListOutput).query(({ ctx, input }) => listSchedule(ctx.db, ctx.actor, ctx.clinicId, input)),
  dashboard: staffProcedure()
    .input(z.object({ dayStart: ZInstant, dayEnd: ZInstant }))
    .output(ZDashboardOutput)
    .query(({ ctx, input }) => getDashboard(ctx.db, ctx.actor, ctx.clinicId, input)),
  /** Confirm, cancel or record a no-show: providers on their own visits, admins and staff on the clinic's. */
  setStatus: staffProcedure()
    .input(ZAppointmentStatusInput)
    .output(ZAppointmentRecord)
    .mutation(({ ctx, input }) => changeAppointmentStatus(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
