import { z } from "zod";

import { ZCareTeamMember, ZPatientRecord } from "./common";

export const ZProfileOutput = z.object({
  patient: ZPatientRecord,
  clinic: z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }).nullable(),
  careTeam: z.array(ZCareTeamMember),
});
export const ZProfileUpdateOutput = z.object({
  changed: z.array(
    z.enum([
      "phone",
      "preferredName",
      "addressLine1",
      "addressLine2",
      "city",
      "stateOfResidence",
      "postalCode",
      "supportPersonName",
      "supportPersonRelationship",
      "supportPersonPhone",
      "emergencyContactName",
      "emergencyContactRelationship",
      "emergencyContactPhone",
      "timezone",
    ]),
  ),
});
export const ZEnrolmentLookupOutput = z.object({ clinicName: z.string(), clinicPhone: z.string().nullable() });
