/** Who may call a procedure. Every procedure carries one in its meta (see router-policy test). */
export type StaffRole = "admin" | "provider" | "prescriber" | "staff";

export type Policy =
  | { kind: "public"; reason: string }
  | { kind: "staff"; roles: readonly StaffRole[] }
  | { kind: "patient-self" }
  | { kind: "signed-in" };

export interface Meta {
  policy: Policy;
}

export const ALL_STAFF_ROLES: readonly StaffRole[] = ["admin", "provider", "prescriber", "staff"];
