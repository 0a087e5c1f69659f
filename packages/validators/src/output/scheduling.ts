import { z } from "zod";

import { ZVisitKind } from "../scheduling";
import { ZAlertSeverity, ZAlertStatus, ZAppointmentStatus } from "./common";

const ZWindow = z.object({ weekday: z.number(), startMinute: z.number(), endMinute: z.number() });
const ZException = z.object({
  id: z.string(),
  clinicId: z.string(),
  providerUserId: z.string(),
  kind: z.enum(["time_off", "extra_hours"]),
  startsAt: z.date(),
  endsAt: z.date(),
  note: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const ZAvailabilityOutput = z.object({
  timezone: z.string().nullable(),
  displayTimezone: z.string(),
  windows: z.array(ZWindow),
  exceptions: z.array(ZException),
});
export const ZWeeklyHoursOutput = z.object({ windows: z.number() });
export const ZAvailabilityExceptionOutput = ZException.extend({ timezone: z.string() });

export const ZScheduleRow = z.object({
  id: z.string(),
  kind: ZVisitKind,
  status: ZAppointmentStatus,
  startsAt: z.date(),
  endsAt: z.date(),
  patientState: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  patientFamilyName: z.string(),
  mrn: z.string(),
  providerUserId: z.string(),
  providerName: z.string(),
});
export const ZScheduleListOutput = z.array(ZScheduleRow);
export const ZDashboardOutput = z.object({
  today: z.array(ZScheduleRow),
  awaitingReview: z.array(
    z.object({
      id: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      mrn: z.string(),
      updatedAt: z.date(),
      submittedAt: z.date().nullable(),
      mine: z.boolean(),
      clinicianName: z.string().nullable(),
    }),
  ),
  alerts: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      severity: ZAlertSeverity,
      status: ZAlertStatus,
      summary: z.string(),
      createdAt: z.date(),
      patientId: z.string(),
      givenName: z.string(),
      familyName: z.string(),
    }),
  ),
});

const ZSlot = z.object({ providerUserId: z.string(), providerName: z.string(), credentials: z.string().nullable(), start: z.date(), end: z.date() });
/** Either why booking is blocked (and no slots) or the slots on offer. */
export const ZSlotsOutput = z.union([
  z.object({ blocked: z.string(), timezone: z.string(), state: z.string(), slots: z.array(z.never()) }),
  z.object({ blocked: z.null(), timezone: z.string(), state: z.string(), slots: z.array(ZSlot) }),
]);
/** Patients a front desk may book for: demographics only, never intake answers, scores or notes. */
export const ZBookingPatientsOutput = z.array(
  z.object({
    id: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    preferredName: z.string().nullable(),
    mrn: z.string(),
    dateOfBirth: z.string(),
    stateOfResidence: z.string(),
    timezone: z.string(),
  }),
);
const ZSlotsPatient = z.object({ id: z.string(), name: z.string(), mrn: z.string() });
export const ZStaffSlotsOutput = z.union([
  z.object({ blocked: z.string(), timezone: z.string(), state: z.string(), patient: ZSlotsPatient, slots: z.array(z.never()) }),
  z.object({ blocked: z.null(), timezone: z.string(), state: z.string(), patient: ZSlotsPatient, slots: z.array(ZSlot) }),
]);
export const ZOwnAppointmentsOutput = z.array(
  z.object({ id: z.string(), kind: ZVisitKind, status: ZAppointmentStatus, startsAt: z.date(), endsAt: z.date(), providerUserId: z.string(), providerName: z.string() }),
);
