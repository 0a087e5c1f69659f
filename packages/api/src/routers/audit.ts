import type { TRPCRouterRecord } from "@trpc/server";
import { ZAuditListInput, ZAuditListReadInput, ZAuditPatientSearchInput } from "@clearwell/validators/audit";
import { ZAuditListOutput, ZAuditListReadOutput, ZAuditPatientSearchOutput } from "@clearwell/validators/output/audit";

import { staffProcedure } from "../procedures";
import { listAudit } from "../services/audit/list-audit";
import { listReadPatients, searchAuditPatients } from "../services/audit/patients";

// Admins only (DOMAIN.md §1 "View audit log: own clinic"); demographics, never clinical content.
export const auditRouter = {
  list: staffProcedure("admin").input(ZAuditListInput).output(ZAuditListOutput).query(({ ctx, input }) => listAudit(ctx.db, ctx.actor, ctx.clinicId, input)),
  findPatient: staffProcedure("admin")
    .input(ZAuditPatientSearchInput)
    .output(ZAuditPatientSearchOutput)
    .query(({ ctx, input }) => searchAuditPatients(ctx.db, ctx.actor, ctx.clinicId, input)),
  listReadPatients: staffProcedure("admin")
    .input(ZAuditListReadInput)
    .output(ZAuditListReadOutput)
    .query(({ ctx, input }) => listReadPatients(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
