import type { AnyRouter } from "@trpc/server";

import type { Meta, Policy } from "./policy";

export interface ProcedureInfo {
  path: string;
  type: "query" | "mutation" | "subscription";
  policy: Policy | null;
  /** Whether the procedure declares an output schema (what it may send back is checked and stripped). */
  hasOutput: boolean;
}

/** Every procedure in a router with the policy it declares (null when it declares none) and whether it declares an output. */
export function walkProcedures(router: AnyRouter): ProcedureInfo[] {
  const procedures = router._def.procedures as Record<string, { _def: { type: ProcedureInfo["type"]; meta?: Partial<Meta>; output?: unknown } }>;
  return Object.entries(procedures)
    .map(([path, p]) => ({ path, type: p._def.type, policy: p._def.meta?.policy ?? null, hasOutput: p._def.output !== undefined }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
