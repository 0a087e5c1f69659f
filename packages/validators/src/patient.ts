import { z } from "zod";

import { ZDateOfBirth, ZEmail, ZOptionalPhone, ZPersonName, ZPhone, ZState, ZUuid, text } from "./common";
import { ZTimeZone } from "./time-zones";

/** The sort key of the last row shown: the next page starts after it (keyset paging, issue 14). */
export const ZPatientListCursor = z.object({ familyName: text({ max: 200 }), givenName: text({ max: 200 }), id: ZUuid });
export type TPatientListCursor = z.infer<typeof ZPatientListCursor>;

export const ZPatientListInput = z.object({
  q: text({ max: 100 }).optional(),
  cursor: ZPatientListCursor.nullish(),
  pageSize: z.number().int().min(5).max(100).default(20),
});
export type TPatientListInput = z.input<typeof ZPatientListInput>;

export const ZPatientGetInput = z.object({ patientId: ZUuid });

export const ZPatientInviteInput = z.object({
  givenName: ZPersonName,
  familyName: ZPersonName,
  email: ZEmail,
  dateOfBirth: ZDateOfBirth,
  stateOfResidence: ZState,
  phone: ZOptionalPhone,
});
export type TPatientInviteInput = z.input<typeof ZPatientInviteInput>;

const ZContact = {
  name: ZPersonName,
  relationship: text({ min: 1, max: 60 }),
  phone: ZPhone,
};

export const ZProfileUpdateInput = z.object({
  preferredName: text({ max: 100 }).optional(),
  phone: ZOptionalPhone,
  addressLine1: text({ max: 200 }).optional(),
  addressLine2: text({ max: 200 }).optional(),
  city: text({ max: 100 }).optional(),
  stateOfResidence: ZState,
  postalCode: text({ max: 10 })
    .regex(/^\d{5}(-\d{4})?$/, "Enter a ZIP code like 12345.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  supportPerson: z.object(ZContact),
  emergencyContact: z.object(ZContact),
  /** Appointment times are shown in it; left out, it stays as it is. */
  timezone: ZTimeZone.optional(),
});
export type TProfileUpdateInput = z.input<typeof ZProfileUpdateInput>;
