import { z } from "zod";

import { ZVisitKind } from "../scheduling";
import { ZAppointmentStatus, ZVisitStatus } from "./common";

/** The visit row admission changes return to the provider. */
export const ZVisitRecord = z.object({
  id: z.string(),
  clinicId: z.string(),
  appointmentId: z.string(),
  patientId: z.string(),
  providerUserId: z.string(),
  roomName: z.string(),
  status: ZVisitStatus,
  modality: z.string(),
  roomSid: z.string().nullable(),
  attestedState: z.string().nullable(),
  attestedAt: z.date().nullable(),
  patientAdmitted: z.boolean(),
  firstAdmittedAt: z.date().nullable(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  endedByUserId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const joinFields = {
  url: z.string(),
  token: z.string(),
  expiresAt: z.date(),
  identity: z.string(),
  roomName: z.string(),
  visitId: z.string(),
  closesAt: z.date(),
};
export const ZProviderJoinOutput = z.object(joinFields);
export const ZPatientJoinOutput = z.object({ ...joinFields, admitted: z.boolean() });

export const ZProviderVisitOutput = z.object({
  appointment: z.object({ id: z.string(), kind: ZVisitKind, status: ZAppointmentStatus, startsAt: z.date(), endsAt: z.date(), patientState: z.string() }),
  patient: z.object({ id: z.string(), name: z.string(), mrn: z.string() }),
  opensAt: z.date(),
  closesAt: z.date(),
  visit: z
    .object({ id: z.string(), status: ZVisitStatus, admitted: z.boolean(), attestedState: z.string().nullable(), startedAt: z.date().nullable(), endedAt: z.date().nullable() })
    .nullable(),
  patientPresence: z
    .object({
      role: z.enum(["patient", "provider"]),
      present: z.boolean(),
      firstJoinedAt: z.date().nullable(),
      lastJoinedAt: z.date().nullable(),
      admittedAt: z.date().nullable(),
      leftAt: z.date().nullable(),
    })
    .nullable(),
});

export const ZLiveVisitsOutput = z.array(
  z.object({
    appointmentId: z.string(),
    visitId: z.string(),
    status: ZVisitStatus,
    patientId: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    providerUserId: z.string(),
    providerName: z.string(),
    kind: ZVisitKind,
    startsAt: z.date(),
    attestedState: z.string().nullable(),
    waitingSince: z.date(),
  }),
);

export const ZPatientVisitStatusOutput = z.object({
  appointment: z.object({ id: z.string(), kind: ZVisitKind, status: ZAppointmentStatus, startsAt: z.date(), endsAt: z.date() }),
  providerName: z.string(),
  opensAt: z.date(),
  closesAt: z.date(),
  visitStatus: ZVisitStatus.nullable(),
  admitted: z.boolean(),
  position: z.number().nullable(),
  provider: z.enum(["in_room", "with_another_patient", "not_joined"]),
});
