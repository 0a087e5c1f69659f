import type { TRPCRouterRecord } from "@trpc/server";
import { ZPharmacyItem, ZPharmacyListOutput } from "@clearwell/validators/output/prescribing-admin";
import { ZPharmacySaveInput, ZPharmacySetActiveInput } from "@clearwell/validators/prescribing-admin";

import { staffProcedure } from "../procedures";
import { listPharmacies, savePharmacy, setPharmacyActive } from "../services/prescribing-admin/pharmacy";

/** The clinic's compounding pharmacy directory (DOMAIN.md §4.5, issue 12 §1): clinicians read active ones, admins edit. */
export const pharmacyRouter = {
  list: staffProcedure("admin", "provider", "prescriber")
    .output(ZPharmacyListOutput)
    .query(({ ctx }) => listPharmacies(ctx.db, ctx.clinicId, ctx.roles.includes("admin"))),
  save: staffProcedure("admin")
    .input(ZPharmacySaveInput)
    .output(ZPharmacyItem)
    .mutation(({ ctx, input }) => savePharmacy(ctx.db, ctx.actor, ctx.clinicId, input)),
  setActive: staffProcedure("admin")
    .input(ZPharmacySetActiveInput)
    .output(ZPharmacyItem)
    .mutation(({ ctx, input }) => setPharmacyActive(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
