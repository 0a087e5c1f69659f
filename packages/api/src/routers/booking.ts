import type { TRPCRouterRecord } from "@trpc/server";
import { ZAppointmentRecord } from "@clearwell/validators/output/common";
import { ZBookingPatientsOutput, ZOwnAppointmentsOutput, ZSlotsOutput, ZStaffSlotsOutput } from "@clearwell/validators/output/scheduling";
import {
  ZBookInput,
  ZCancelInput,
  ZFindPatientsInput,
  ZRescheduleInput,
  ZSlotsInput,
  ZStaffBookInput,
  ZStaffRescheduleInput,
  ZStaffSlotsInput,
} from "@clearwell/validators/scheduling";

import { patientProcedure, staffProcedure } from "../procedures";
import { bookOwnAppointment, cancelOwnAppointment, listOwnAppointments, listOwnSlots } from "../services/scheduling/booking";
import { bookForPatient, findPatientsForBooking, listSlotsForPatient, rescheduleForPatient } from "../services/scheduling/staff-booking";

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

/**
 * Booking on a patient's behalf from the provider app (DOMAIN.md §1 "Manage schedule": admin and
 * staff the clinic's, providers their own). Cancelling is schedule.setStatus.
 */
const BOOKS_FOR_PATIENTS = ["admin", "staff", "provider"] as const;
export const staffBookingRouter = {
  findPatients: staffProcedure(...BOOKS_FOR_PATIENTS)
    .input(ZFindPatientsInput)
    .output(ZBookingPatientsOutput)
    .query(({ ctx, input }) => findPatientsForBooking(ctx.db, ctx.actor, ctx.clinicId, input)),
  slots: staffProcedure(...BOOKS_FOR_PATIENTS)
    .input(ZStaffSlotsInput)
    .output(ZStaffSlotsOutput)
    .query(({ ctx, input }) => listSlotsForPatient(ctx.db, ctx.actor, ctx.clinicId, input)),
  book: staffProcedure(...BOOKS_FOR_PATIENTS)
    .input(ZStaffBookInput)
    .output(ZAppointmentRecord)
    .mutation(({ ctx, input }) => bookForPatient(ctx.db, ctx.actor, ctx.clinicId, input)),
  reschedule: staffProcedure(...BOOKS_FOR_PATIENTS)
    .input(ZStaffRescheduleInput)
    .output(ZAppointmentRecord)
    .mutation(({ ctx, input }) => rescheduleForPatient(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
