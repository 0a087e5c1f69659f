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
