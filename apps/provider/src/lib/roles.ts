export type StaffRole = "admin" | "provider" | "prescriber" | "staff";

export const STAFF_ROLES: readonly StaffRole[] = ["admin", "provider", "prescriber", "staff"];

export const ROLE_INFO: Record<StaffRole, { label: string; description: string }> = {
  admin: { label: "Admin", description: "Manages staff, clinic settings and reads the audit log." },
  provider: { label: "Provider", description: "Clinician who sees patients." },
  prescriber: { label: "Prescriber", description: "Clinician who may prescribe (needs state license and DEA)." },
  staff: { label: "Staff", description: "Front desk and care coordination." },
};

export const roleLabel = (role: string) => ROLE_INFO[role as StaffRole]?.label ?? role;

export const CARE_TEAM_ROLE: Record<string, string> = {
  primary_provider: "Primary provider",
  prescriber: "Prescriber",
  care_coordinator: "Care coordinator",
  on_call: "On-call clinician",
};

/** Roles allowed to invite patients (mirrors the API policy on patient.invite). */
export const canInvitePatients = (roles: readonly string[]) => roles.some((r) => r === "admin" || r === "staff" || r === "provider");
export const isAdmin = (roles: readonly string[]) => roles.includes("admin");
/** Clinical roles: the chart is theirs (DOMAIN.md §1 "Read clinical chart: A"). */
export const isClinician = (roles: readonly string[]) => roles.includes("provider") || roles.includes("prescriber");
/** Where a patient's name leads: the chart for clinicians, demographics for everyone else. */
export const patientHref = (roles: readonly string[], patientId: string) => (isClinician(roles) ? `/patients/${patientId}/chart` : `/patients/${patientId}`);
