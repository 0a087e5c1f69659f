import { roleLabel } from "~/lib/roles";

/** Plain words for the events admins look for most; any other event shows its code only. */
const ACTION_LABEL: Record<string, string> = {
  "auth.sign_in": "Sign-in",
  "auth.locked_out": "Account locked",
  "patient.list": "Viewed the patient list",
  "patient.read": "Opened patient details",
  "patient.invite": "Invited a patient",
  "patient.enrol": "Patient enrolled",
  "chart.read": "Opened the chart",
  "schedule.read": "Viewed the schedule",
  "dashboard.read": "Viewed the dashboard",
  "alert.list": "Viewed the alert inbox",
  "alert.read": "Opened an alert",
  "visit.live": "Saw a waiting patient",
  "visit.read": "Opened a visit",
  "visit.join": "Joined a visit",
  "note.read": "Opened a note",
  "note.sign": "Signed a note",
  "intake.review": "Reviewed an intake",
  "intake.submit": "Submitted an intake",
  "appointment.book": "Booked a visit",
  "appointment.reschedule": "Rescheduled a visit",
  "appointment.cancel": "Cancelled a visit",
  "prescription.read": "Opened a prescription",
  "profile.update": "Updated a profile",
  "staff.roles.set": "Changed staff roles",
  "staff.remove": "Removed a staff member",
  "procedure.denied": "Refused: role missing",
  "audit.list": "Viewed the audit log",
  "audit.patient_search": "Searched patients in the audit log",
  "audit.list_read_patients": "Opened who a list showed",
};

export const actionLabel = (action: string): string | null => ACTION_LABEL[action] ?? null;

export interface ActorFields {
  actorName: string | null;
  actorKind: string;
  actorRoles: string[];
}

export const actorName = (ev: ActorFields) => ev.actorName ?? (ev.actorKind === "anonymous" ? "Not signed in" : ev.actorKind === "system" ? "Clearwell" : "Unknown user");

/**
 * The roles recorded with the event (what the person held in this clinic then), the same on sign-in
 * rows and every other row. Rows written before roles were recorded on sign-in say so.
 */
export function actorRoles(ev: ActorFields): string {
  if (ev.actorRoles.length) return ev.actorRoles.map((r) => (r === "patient" ? "Patient" : roleLabel(r))).join(", ");
  if (ev.actorKind === "patient") return "Patient";
  if (ev.actorKind === "system") return "Automatic";
  if (ev.actorKind === "anonymous") return "No account";
  return "Roles not recorded";
}

export const OUTCOME: Record<string, { label: string; variant: "success" | "warning" | "danger" }> = {
  success: { label: "Success", variant: "success" },
  denied: { label: "Denied", variant: "warning" },
  error: { label: "Error", variant: "danger" },
};
