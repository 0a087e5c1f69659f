import { z } from "zod";

import { ZEmail, ZIsoDate, ZOptionalPhone, ZPersonName, ZPhone, ZState, ZUuid } from "./common";

export const ZPatientListInput = z.object({
  q: z.string().trim().max(100).optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(5).max(100).default(20),
});
export type TPatientListInput = z.input<typeof ZPatientListInput>;

export const ZPatientGetInput = z.object({ patientId: ZUuid });

export const ZPatientInviteInput = z.object({
  givenName: ZPersonName,
  familyName: ZPersonName,
  email: ZEmail,
  dateOfBirth: ZIsoDate,
  stateOfResidence: ZState,
  phone: ZOptionalPhone,
});
export type TPatientInviteInput = z.input<typeof ZPatientInviteInput>;

const ZContact = {
  name: ZPersonName,
  relationship: z.string().trim().min(1, "Required.").max(60),
  phone: ZPhone,
};

export const ZProfileUpdateInput = z.object({
  preferredName: z.string().trim().max(100).optional(),
  phone: ZOptionalPhone,
  addressLine1: z.string().trim().max(200).optional(),
  addressLine2: z.string().trim().max(200).optional(),
  city: z.string().trim().max(100).optional(),
  stateOfResidence: ZState,
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, "Enter a ZIP code like 12345.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  supportPerson: z.object(ZContact),
  emergencyContact: z.object(ZContact),
});
export type TProfileUpdateInput = z.input<typeof ZProfileUpdateInput>;
