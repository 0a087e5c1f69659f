import { z } from "zod";

import { ZCareTeamMemberRole } from "../care-team";
import { ZStaffRole } from "../common";
import { ZVisitKind } from "../scheduling";

/**
 * Output schemas: what a procedure may send to the browser. z.object strips keys it does not
 * name, so a service that starts returning another column never leaks it. Enums repeat the
 * database's; the router's typecheck fails if the two drift apart.
 */
export const ZPatientStatus = z.enum([
  "invited",
  "registered",
  "identity_verified",
  "intake_in_progress",
  "intake_submitted",
  "intake_reviewed",
  "ready_to_schedule",
  "withdrawn",
]);
export const ZAppointmentStatus = z.enum(["booked", "confirmed", "checked_in", "in_progress", "completed", "cancelled", "no_show"]);
export const ZVisitStatus = z.enum(["waiting_room_open", "patient_waiting", "in_call", "reconnecting", "ended", "abandoned"]);
export const ZActorKind = z.enum(["staff", "patient", "system", "anonymous"]);
export const ZAlertSeverity = z.enum(["critical", "high", "medium", "low"]);
export const ZAlertStatus = z.enum(["open", "acknowledged", "escalated", "resolved"]);
/** Structured audit or alert detail: a JSON object whose keys vary by event. */
export const ZJsonObject = z.record(z.string(), z.unknown());

export const ZOk = z.object({ ok: z.boolean() });

export const ZCareTeamMember = z.object({
  userId: z.string(),
  role: ZCareTeamMemberRole,
  name: z.string(),
  email: z.string(),
  credentials: z.string().nullable(),
});
export const ZCareTeamOutput = z.object({ careTeam: z.array(ZCareTeamMember) });

/** A patient's record as the staff patient view and the patient's own profile show it. */
export const ZPatientRecord = z.object({
  id: z.string(),
  clinicId: z.string(),
  userId: z.string().nullable(),
  mrn: z.string(),
  status: ZPatientStatus,
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  timezone: z.string(),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  city: z.string().nullable(),
  stateOfResidence: z.string(),
  postalCode: z.string().nullable(),
  supportPersonName: z.string().nullable(),
  supportPersonRelationship: z.string().nullable(),
  supportPersonPhone: z.string().nullable(),
  emergencyContactName: z.string().nullable(),
  emergencyContactRelationship: z.string().nullable(),
  emergencyContactPhone: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** An appointment row as booking and status changes return it. */
export const ZAppointmentRecord = z.object({
  id: z.string(),
  clinicId: z.string(),
  patientId: z.string(),
  providerUserId: z.string(),
  kind: ZVisitKind,
  status: ZAppointmentStatus,
  startsAt: z.date(),
  endsAt: z.date(),
  patientState: z.string(),
  patientTimezone: z.string(),
  rescheduledFromId: z.string().nullable(),
  bookedByUserId: z.string(),
  cancelledAt: z.date().nullable(),
  cancelledByUserId: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const ZInvitationLookupOutput = z.object({ email: z.string(), clinicName: z.string(), roles: z.array(ZStaffRole), hasAccount: z.boolean() });
export const ZInvitationAcceptOutput = z.object({ email: z.string() });

const ZMembership = z.object({ clinicId: z.string(), clinicName: z.string(), clinicTimezone: z.string(), roles: z.array(ZStaffRole) });
const ZPatientLink = z.object({ patientId: z.string(), clinicId: z.string(), clinicName: z.string() });
export const ZSessionMeOutput = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string(), kind: z.enum(["staff", "patient"]), twoFactorEnabled: z.boolean() }),
  app: z.enum(["provider", "patient"]),
  memberships: z.array(ZMembership),
  activeClinic: ZMembership.nullable(),
  patientLinks: z.array(ZPatientLink),
  activePatient: ZPatientLink.nullable(),
  idleTimeoutSeconds: z.number(),
  absoluteExpiresAt: z.date(),
  expiresAt: z.date(),
});
export const ZSessionPingOutput = z.object({ expiresAt: z.date() });
