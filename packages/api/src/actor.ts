import type { RequestMeta } from "./context";

/** Who does something, as services and the audit trail see it. */
export interface Actor {
  userId: string | null;
  kind: "staff" | "patient" | "system" | "anonymous";
  roles: string[];
  clinicId: string | null;
  meta: RequestMeta;
}

export const systemActor = (clinicId: string | null, meta: RequestMeta): Actor => ({
  userId: null,
  kind: "system",
  roles: [],
  clinicId,
  meta,
});
