import type { AnyRouter } from "@trpc/server";

import type { Meta, Policy } from "./policy";

export interface ProcedureInfo {
  path: string;
  type: "query" | "mutation" | "subscription";
  policy: Policy | null;
}

/** Every procedure in a router with the policy it declares (null when it declares none). */
export function walkProcedures(router: AnyRouter): ProcedureInfo[] {
  const procedures = router._def.procedures as Record<string, { _def: { type: ProcedureInfo["type"]; meta?: Partial<Meta> } }>;
  return Object.entries(procedures)
    .map(([path, p]) => ({ path, type: p._def.type, policy: p._def.meta?.policy ?? null }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
