import { z } from "zod";

import { ZInstant, ZIsoDate, ZUserId, ZUuid, text } from "./common";
import { ZTimeZone } from "./intake";

export const ZVisitKind = z.enum(["evaluation", "follow_up"]);
export const ZSlotsInput = z.object({ kind: ZVisitKind, from: ZInstant.optional(), days: z.number().int().min(1).max(60).default(14) });
export const ZBookInput = z.object({
  kind: ZVisitKind,
  // Left out: any available provider; the server picks one with the time free, in the booking's transaction.
  providerUserId: ZUserId.optional(),
  startsAt: ZInstant,
  // Generated once per confirmation screen, so a double click or a retry books once.
  idempotencyKey: z.uuid("Not a valid request key."),
});
export const ZRescheduleInput = ZBookInput.extend({ appointmentId: ZUuid });

/** Clinic staff booking for a patient (DOMAIN.md §1 "Manage schedule: clinic"). */
export const ZFindPatientsInput = z.object({
  q: text({ min: 2, max: 100, minMessage: "Enter at least 2 characters of a name, an MRN or a date of birth." }),
});
export const ZStaffSlotsInput = ZSlotsInput.extend({ patientId: ZUuid });
export const ZStaffBookInput = ZBookInput.extend({ patientId: ZUuid });
/** A reschedule keeps the visit type; the patient comes from the appointment. */
export const ZStaffRescheduleInput = ZBookInput.omit({ kind: true }).extend({ appointmentId: ZUuid });
export const ZCancelInput = z.object({ appointmentId: ZUuid, reason: text({ min: 1, max: 500, multiline: true, minMessage: "Tell the clinic why." }) });
export const ZWeeklyHoursInput = z.object({
  providerUserId: ZUserId,
  timezone: ZTimeZone,
  windows: z
    .array(z.object({ weekday: z.number().int().min(0).max(6), startMinute: z.number().int().min(0).max(1440), endMinute: z.number().int().min(0).max(1440) }))
    .max(50),
});
const ZLocalTime = text({ max: 5 }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time as HH:MM.");

/** Wall-clock times in the provider's own time zone; the server turns them into instants. */
export const ZAvailabilityExceptionInput = z
  .object({
    providerUserId: ZUserId,
    kind: z.enum(["time_off", "extra_hours"]),
    startDate: ZIsoDate,
    startTime: ZLocalTime,
    endDate: ZIsoDate,
    endTime: ZLocalTime,
    note: text({ max: 200 }).optional(),
  })
  .refine((v) => `${v.endDate}T${v.endTime}` > `${v.startDate}T${v.startTime}`, { path: ["endTime"], message: "The end must be after the start." });
export type TAvailabilityExceptionInput = z.input<typeof ZAvailabilityExceptionInput>;
export const ZAvailabilityExceptionRemoveInput = z.object({ providerUserId: ZUserId, exceptionId: ZUuid });

const whole = (min: number, max: number, tooLow: string, tooHigh: string) =>
  z.number({ error: "Enter a whole number." }).int("Enter a whole number.").min(min, tooLow).max(max, tooHigh);

/** Clinic scheduling settings; bounds mirror the clinic table's check constraints. */
export const ZClinicSchedulingInput = z.object({
  evaluationMinutes: whole(15, 240, "At least 15 minutes.", "At most 4 hours."),
  followUpMinutes: whole(10, 240, "At least 10 minutes.", "At most 4 hours."),
  cancelCutoffMinutes: whole(0, 7 * 24 * 60, "Cannot be negative.", "At most 7 days."),
  minBookingNoticeMinutes: whole(0, 7 * 24 * 60, "Cannot be negative.", "At most 7 days."),
  bookingHorizonDays: whole(1, 365, "At least 1 day.", "At most a year."),
  noShowGraceMinutes: whole(0, 240, "Cannot be negative.", "At most 4 hours."),
  bookingBeforeIntakeReview: z.boolean(),
  joinWindowMinutes: whole(0, 120, "Cannot be negative.", "At most 2 hours."),
});
export type TClinicSchedulingInput = z.input<typeof ZClinicSchedulingInput>;

export const ZAppointmentStatusInput = z.discriminatedUnion("event", [
  z.object({ appointmentId: ZUuid, event: z.literal("confirm") }),
  z.object({ appointmentId: ZUuid, event: z.literal("mark_no_show") }),
  z.object({ appointmentId: ZUuid, event: z.literal("cancel"), reason: text({ min: 1, max: 500, multiline: true, minMessage: "Give a reason for the cancellation." }) }),
]);
export type TAppointmentStatusInput = z.input<typeof ZAppointmentStatusInput>;
