import type { TRPCRouterRecord } from "@trpc/server";
import { ZAuditListOutput } from "@clearwell/validators/output/staff";
import { ZAuditListInput } from "@clearwell/validators/account";

import { staffProcedure } from "../procedures";
import { listAudit } from "../services/audit/list-audit";

export const auditRouter = {
  list: staffProcedure("admin").input(ZAuditListInput).output(ZAuditListOutput).query(({ ctx, input }) => listAudit(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
