import type { TRPCRouterRecord } from "@trpc/server";
import { ZPrescribingSettingsOutput } from "@clearwell/validators/output/prescribing-admin";
import { ZPrescribingSettingsUpdateInput } from "@clearwell/validators/prescribing-admin";

import { staffProcedure } from "../procedures";
import { getPrescribingSettings, updatePrescribingSettings } from "../services/prescribing-admin/settings";

/** The clinic's prescribing configuration (every "(C)" of DOMAIN.md §4): clinicians read it, admins change it. */
export const prescribingSettingsRouter = {
  get: staffProcedure("admin", "provider", "prescriber")
    .output(ZPrescribingSettingsOutput)
    .query(({ ctx }) => getPrescribingSettings(ctx.db, ctx.clinicId)),
  update: staffProcedure("admin")
    .input(ZPrescribingSettingsUpdateInput)
    .output(ZPrescribingSettingsOutput)
    .mutation(({ ctx, input }) => updatePrescribingSettings(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
