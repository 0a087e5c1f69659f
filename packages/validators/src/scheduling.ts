import { z } from "zod";

import { ZUuid } from "./common";
import { ZTimeZone } from "./intake";

export const ZVisitKind = z.enum(["evaluation", "follow_up"]);
export const ZSlotsInput = z.object({ kind: ZVisitKind, from: z.coerce.date().optional(), days: z.number().int().min(1).max(60).default(14) });
export const ZBookInput = z.object({
  kind: ZVisitKind,
  providerUserId: z.string().min(1).max(100),
  startsAt: z.coerce.date(),
  // Generated once per confirmation screen, so a double click or a retry books once.
  idempotencyKey: z.uuid("Not a valid request key."),
});
export const ZRescheduleInput = ZBookInput.extend({ appointmentId: ZUuid });
export const ZCancelInput = z.object({ appointmentId: ZUuid, reason: z.string().trim().min(1, "Tell the clinic why.").max(500) });
export const ZWeeklyHoursInput = z.object({
  providerUserId: z.string().min(1).max(100),
  timezone: ZTimeZone,
  windows: z
    .array(z.object({ weekday: z.number().int().min(0).max(6), startMinute: z.number().int().min(0).max(1440), endMinute: z.number().int().min(0).max(1440) }))
    .max(50),
});
export const ZAvailabilityExceptionInput = z
  .object({
    providerUserId: z.string().min(1).max(100),
    kind: z.enum(["time_off", "extra_hours"]),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    note: z.string().trim().max(200).optional(),
  })
  .refine((v) => v.endsAt > v.startsAt, { path: ["endsAt"], message: "The end must be after the start." });

/** Clinic scheduling settings; bounds mirror the clinic table's check constraints. */
export const ZClinicSchedulingInput = z.object({
  evaluationMinutes: z.number().int().min(15, "At least 15 minutes.").max(240, "At most 4 hours."),
  followUpMinutes: z.number().int().min(10, "At least 10 minutes.").max(240, "At most 4 hours."),
  cancelCutoffMinutes: z.number().int().min(0, "Cannot be negative.").max(7 * 24 * 60, "At most 7 days."),
  minBookingNoticeMinutes: z.number().int().min(0, "Cannot be negative.").max(7 * 24 * 60, "At most 7 days."),
  bookingHorizonDays: z.number().int().min(1, "At least 1 day.").max(365, "At most a year."),
  noShowGraceMinutes: z.number().int().min(0, "Cannot be negative.").max(240, "At most 4 hours."),
  bookingBeforeIntakeReview: z.boolean(),
});
export type TClinicSchedulingInput = z.input<typeof ZClinicSchedulingInput>;

export const ZAppointmentStatusInput = z.discriminatedUnion("event", [
  z.object({ appointmentId: ZUuid, event: z.literal("confirm") }),
  z.object({ appointmentId: ZUuid, event: z.literal("mark_no_show") }),
  z.object({ appointmentId: ZUuid, event: z.literal("cancel"), reason: z.string().trim().min(1, "Give a reason for the cancellation.").max(500) }),
]);
export type TAppointmentStatusInput = z.input<typeof ZAppointmentStatusInput>;
