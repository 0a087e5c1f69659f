import type { TRPCRouterRecord } from "@trpc/server";
import { ZBookInput, ZCancelInput, ZRescheduleInput, ZSlotsInput } from "@clearwell/validators/scheduling";

import { patientProcedure } from "../procedures";
import { bookOwnAppointment, cancelOwnAppointment, listOwnAppointments, listOwnSlots } from "../services/scheduling/booking";

/** The patient's own bookings (DOMAIN.md §1: "book/cancel own"). */
export const bookingRouter = {
  slots: patientProcedure().input(ZSlotsInput).query(({ ctx, input }) => listOwnSlots(ctx.db, ctx.actor, ctx.patientId, input)),
  mine: patientProcedure().query(({ ctx }) => listOwnAppointments(ctx.db, ctx.actor, ctx.patientId)),
  book: patientProcedure()
    .input(ZBookInput)
    .mutation(({ ctx, input }) => bookOwnAppointment(ctx.db, ctx.actor, ctx.patientId, input)),
  reschedule: patientProcedure()
    .input(ZRescheduleInput)
    .mutation(({ ctx, input }) => bookOwnAppointment(ctx.db, ctx.actor, ctx.patientId, { ...input, rescheduleOf: input.appointmentId })),
  cancel: patientProcedure()
    .input(ZCancelInput)
    .mutation(({ ctx, input }) => cancelOwnAppointment(ctx.db, ctx.actor, ctx.patientId, input)),
} satisfies TRPCRouterRecord;
