import type { TRPCRouterRecord } from "@trpc/server";
import { ZAppointmentRecord } from "@clearwell/validators/output/common";
import { ZOwnAppointmentsOutput, ZSlotsOutput } from "@clearwell/validators/output/scheduling";
import { ZBookInput, ZCancelInput, ZRescheduleInput, ZSlotsInput } from "@clearwell/validators/scheduling";

import { patientProcedure } from "../procedures";
import { bookOwnAppointment, cancelOwnAppointment, listOwnAppointments, listOwnSlots } from "../services/scheduling/booking";

/** The patient's own bookings (DOMAIN.md §1: "book/cancel own"). */
export const bookingRouter = {
  slots: patientProcedure().input(ZSlotsInput).output(ZSlotsOutput).query(({ ctx, input }) => listOwnSlots(ctx.db, ctx.actor, ctx.patientId, input)),
  mine: patientProcedure().output(ZOwnAppointmentsOutput).query(({ ctx }) => listOwnAppointments(ctx.db, ctx.actor, ctx.patientId)),
  book: patientProcedure()
    .input(ZBookInput)
    .output(ZAppointmentRecord)
    .mutation(({ ctx, input }) => bookOwnAppointment(ctx.db, ctx.actor, ctx.patientId, input)),
  reschedule: patientProcedure()
    .input(ZRescheduleInput)
    .output(ZAppointmentRecord)
    .mutation(({ ctx, input }) => bookOwnAppointment(ctx.db, ctx.actor, ctx.patientId, { ...input, rescheduleOf: input.appointmentId })),
  cancel: patientProcedure()
    .input(ZCancelInput)
    .output(ZAppointmentRecord)
    .mutation(({ ctx, input }) => cancelOwnAppointment(ctx.db, ctx.actor, ctx.patientId, input)),
} satisfies TRPCRouterRecord;
