import type { TRPCRouterRecord } from "@trpc/server";
import { verifyTotpStep } from "@clearwell/auth/reauth";
import {
  ZEpcsChangeItem,
  ZEpcsChangesOutput,
  ZEpcsFinding,
  ZEpcsMonthlyLogOutput,
  ZEpcsReportOutput,
  ZEpcsReportsOutput,
} from "@clearwell/validators/output/prescribing-admin";
import {
  ZEpcsApproveChangeInput,
  ZEpcsAssessFindingInput,
  ZEpcsChangesInput,
  ZEpcsEnterChangeInput,
  ZEpcsMonthlyLogInput,
  ZEpcsRejectChangeInput,
  ZEpcsReportInput,
  ZEpcsReportsInput,
  ZEpcsWithdrawChangeInput,
} from "@clearwell/validators/prescribing-admin";

import type { Context } from "../context";
import { staffProcedure } from "../procedures";
import { decideEpcsChange, enterEpcsChange, listEpcsChanges, withdrawEpcsChange } from "../services/prescribing-admin/epcs-access";
import { assessEpcsFinding, getEpcsReport, listEpcsReports } from "../services/prescribing-admin/epcs-review";
import { monthlyLog } from "../services/prescribing-admin/monthly-log";
import type { TotpStepVerifier } from "../services/totp-fresh";

const totpOf = (ctx: Pick<Context, "auth">): TotpStepVerifier => (userId, code) => verifyTotpStep(ctx.auth, userId, code);

/**
 * EPCS logical access control (21 CFR 1311.125) and audit (1311.150, 1311.120(b)). An admin enters a
 * grant or revoke; a prescriber who is a DEA registrant here, not the enterer, decides it with a fresh
 * authenticator code (the service checks registrant status and spends the code once).
 */
export const epcsRouter = {
  changes: staffProcedure("admin", "prescriber")
    .input(ZEpcsChangesInput)
    .output(ZEpcsChangesOutput)
    .query(({ ctx, input }) => listEpcsChanges(ctx.db, ctx.clinicId, input?.status)),
  enterChange: staffProcedure("admin")
    .input(ZEpcsEnterChangeInput)
    .output(ZEpcsChangeItem)
    .mutation(({ ctx, input }) => enterEpcsChange(ctx.db, ctx.actor, ctx.clinicId, input)),
  approveChange: staffProcedure("prescriber")
    .input(ZEpcsApproveChangeInput)
    .output(ZEpcsChangeItem)
    .mutation(({ ctx, input }) => decideEpcsChange(ctx.db, totpOf(ctx), ctx.actor, ctx.clinicId, input, "approved")),
  rejectChange: staffProcedure("prescriber")
    .input(ZEpcsRejectChangeInput)
    .output(ZEpcsChangeItem)
    .mutation(({ ctx, input }) => decideEpcsChange(ctx.db, totpOf(ctx), ctx.actor, ctx.clinicId, input, "rejected")),
  withdrawChange: staffProcedure("admin")
    .input(ZEpcsWithdrawChangeInput)
    .output(ZEpcsChangeItem)
    .mutation(({ ctx, input }) => withdrawEpcsChange(ctx.db, ctx.actor, ctx.clinicId, input.id)),
  reports: staffProcedure("admin")
    .input(ZEpcsReportsInput)
    .output(ZEpcsReportsOutput)
    .query(({ ctx, input }) => listEpcsReports(ctx.db, ctx.clinicId, input)),
  report: staffProcedure("admin")
    .input(ZEpcsReportInput)
    .output(ZEpcsReportOutput)
    .query(({ ctx, input }) => getEpcsReport(ctx.db, ctx.actor, ctx.clinicId, input.id)),
  assessFinding: staffProcedure("admin")
    .input(ZEpcsAssessFindingInput)
    .output(ZEpcsFinding)
    .mutation(({ ctx, input }) => assessEpcsFinding(ctx.db, ctx.actor, ctx.clinicId, input)),
  monthlyLog: staffProcedure("admin", "prescriber")
    .input(ZEpcsMonthlyLogInput)
    .output(ZEpcsMonthlyLogOutput)
    .query(({ ctx, input }) => monthlyLog(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
