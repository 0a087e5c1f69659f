import type { TRPCRouterRecord } from "@trpc/server";
import { isWellFormedDeaNumber } from "@clearwell/clinical";
import { ZPrescriberItem, ZPrescriberListOutput, ZPrescriberMutationOutput } from "@clearwell/validators/output/prescribing-admin";
import {
  ZCredentialIdInput,
  ZPrescriberGetInput,
  ZPrescriberSaveDeaInput,
  ZPrescriberSaveLicenceInput,
  ZPrescriberSaveProfileInput,
  ZPrescriberVerifyCredentialInput,
} from "@clearwell/validators/prescribing-admin";

import { staffProcedure } from "../procedures";
import {
  getPrescriber,
  listPrescribers,
  removeCredential,
  saveDea,
  saveLicence,
  savePrescriberProfile,
  verifyCredential,
} from "../services/prescribing-admin/credentials";

/** The DEA number's check digit (packages/clinical) beside the field, like the shape. */
const ZSaveDea = ZPrescriberSaveDeaInput.superRefine((v, ctx) => {
  if (!isWellFormedDeaNumber(v.number)) ctx.addIssue({ code: "custom", path: ["number"], message: "This DEA number's check digit does not match: check the number." });
});

/**
 * Prescriber credentials, recorded by admins after invitation and verified by a second person
 * (issue 12 §2; 21 CFR 1311.125(a)). Admin only: the admin is the "enterer" of DOMAIN.md §1.
 */
export const prescriberRouter = {
  list: staffProcedure("admin")
    .output(ZPrescriberListOutput)
    .query(({ ctx }) => listPrescribers(ctx.db, ctx.clinicId)),
  get: staffProcedure("admin")
    .input(ZPrescriberGetInput)
    .output(ZPrescriberItem)
    .query(({ ctx, input }) => getPrescriber(ctx.db, ctx.clinicId, input.userId)),
  saveProfile: staffProcedure("admin")
    .input(ZPrescriberSaveProfileInput)
    .output(ZPrescriberMutationOutput)
    .mutation(({ ctx, input }) => savePrescriberProfile(ctx.db, ctx.actor, ctx.clinicId, input)),
  saveLicence: staffProcedure("admin")
    .input(ZPrescriberSaveLicenceInput)
    .output(ZPrescriberMutationOutput)
    .mutation(({ ctx, input }) => saveLicence(ctx.db, ctx.actor, ctx.clinicId, input)),
  removeLicence: staffProcedure("admin")
    .input(ZCredentialIdInput)
    .output(ZPrescriberMutationOutput)
    .mutation(({ ctx, input }) => removeCredential(ctx.db, ctx.actor, ctx.clinicId, "licence", input.id)),
  saveDea: staffProcedure("admin")
    .input(ZSaveDea)
    .output(ZPrescriberMutationOutput)
    .mutation(({ ctx, input }) => saveDea(ctx.db, ctx.actor, ctx.clinicId, input)),
  removeDea: staffProcedure("admin")
    .input(ZCredentialIdInput)
    .output(ZPrescriberMutationOutput)
    .mutation(({ ctx, input }) => removeCredential(ctx.db, ctx.actor, ctx.clinicId, "dea", input.id)),
  verifyCredential: staffProcedure("admin")
    .input(ZPrescriberVerifyCredentialInput)
    .output(ZPrescriberMutationOutput)
    .mutation(({ ctx, input }) => verifyCredential(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
