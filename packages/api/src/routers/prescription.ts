import type { TRPCRouterRecord } from "@trpc/server";
import { verifyTwoFactors } from "@clearwell/auth/reauth";
import {
  ZPrescriptionBackToDraftInput,
  ZPrescriptionCancelInput,
  ZPrescriptionCheckInput,
  ZPrescriptionContextInput,
  ZPrescriptionCreateDraftInput,
  ZPrescriptionForPatientInput,
  ZPrescriptionGetInput,
  ZPrescriptionMarkReadyInput,
  ZPrescriptionOnChangeInput,
  ZPrescriptionReadyForSigningInput,
  ZPrescriptionRecordPdmpInput,
  ZPrescriptionSignInput,
  ZPrescriptionUpdateDraftInput,
  ZPrescriptionVoidInput,
} from "@clearwell/validators/prescription";
import {
  ZPdmpCheckView,
  ZPrescriptionCheckOutput,
  ZPrescriptionContextOutput,
  ZPrescriptionDetail,
  ZPrescriptionForPatientOutput,
  ZPrescriptionGetOutput,
  ZPrescriptionMineOutput,
  ZPrescriptionSignOutput,
  ZPrescriptionWriteOutput,
  ZReadyForSigningOutput,
} from "@clearwell/validators/output/prescription";

import { patientProcedure, staffProcedure } from "../procedures";
import { cancelPrescription } from "../services/prescription/cancel";
import { backToDraft, checkDraft, createDraft, markReady, updateDraft, voidPrescription } from "../services/prescription/draft";
import { prescriptionChanges } from "../services/prescription/feed";
import { recordPdmp } from "../services/prescription/pdmp";
import { getPrescription, myPrescriptions, prescriptionContext, prescriptionsForPatient, readyForSigning } from "../services/prescription/read";
import { signPrescriptions } from "../services/prescription/sign";
import { auditWindow, sessionStillLive } from "../services/visit/feed";
import { streamOf } from "../stream-output";

/**
 * Prescriptions (issue 12; DOMAIN.md §1, §2 "Prescription", §4.5, §5.1). §1: "Read clinical
 * chart: A", "Create Rx draft: Provider A (C), Prescriber A", "Sign Rx (2FA): Prescriber A, own DEA
 * number", "Cancel Rx: Prescriber A (issuer)". Admin and staff see no prescription. The services
 * narrow every call to the patient's assigned clinicians; drafting by a provider follows the
 * clinic's setting; signing and cancelling to the prescriber named on the prescription.
 */
export const prescriptionRouter = {
  context: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionContextInput)
    .output(ZPrescriptionContextOutput)
    .query(({ ctx, input }) => prescriptionContext(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  /** The live checklist as the prescriber types (no write). */
  check: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionCheckInput)
    .output(ZPrescriptionCheckOutput)
    .query(({ ctx, input }) => checkDraft(ctx.db, ctx.actor, ctx.clinicId, input)),
  createDraft: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionCreateDraftInput)
    .output(ZPrescriptionWriteOutput)
    .mutation(({ ctx, input }) => createDraft(ctx.db, ctx.actor, ctx.clinicId, input)),
  updateDraft: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionUpdateDraftInput)
    .output(ZPrescriptionWriteOutput)
    .mutation(({ ctx, input }) => updateDraft(ctx.db, ctx.actor, ctx.clinicId, input)),
  markReady: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionMarkReadyInput)
    .output(ZPrescriptionWriteOutput)
    .mutation(({ ctx, input }) => markReady(ctx.db, ctx.actor, ctx.clinicId, input)),
  backToDraft: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionBackToDraftInput)
    .output(ZPrescriptionDetail)
    .mutation(({ ctx, input }) => backToDraft(ctx.db, ctx.actor, ctx.clinicId, input)),
  void: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionVoidInput)
    .output(ZPrescriptionDetail)
    .mutation(({ ctx, input }) => voidPrescription(ctx.db, ctx.actor, ctx.clinicId, input)),
  recordPdmp: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionRecordPdmpInput)
    .output(ZPdmpCheckView)
    .mutation(({ ctx, input }) => recordPdmp(ctx.db, ctx.actor, ctx.clinicId, input)),
  forPatient: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionForPatientInput)
    .output(ZPrescriptionForPatientOutput)
    .query(({ ctx, input }) => prescriptionsForPatient(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  get: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionGetInput)
    .output(ZPrescriptionGetOutput)
    .query(({ ctx, input }) => getPrescription(ctx.db, ctx.actor, ctx.clinicId, input.id)),
  /** The ceremony's list (1311.140(a)(1)-(3)): the signed-in prescriber's, for one patient. */
  readyForSigning: staffProcedure("prescriber")
    .input(ZPrescriptionReadyForSigningInput)
    .output(ZReadyForSigningOutput)
    .query(({ ctx, input }) => readyForSigning(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  /** Password AND a fresh TOTP code by the named prescriber (1311.115, 1311.135, 1311.140). */
  sign: staffProcedure("prescriber")
    .input(ZPrescriptionSignInput)
    .output(ZPrescriptionSignOutput)
    .mutation(({ ctx, input }) => signPrescriptions(ctx.db, (userId, factors) => verifyTwoFactors(ctx.auth, userId, factors), ctx.actor, ctx.clinicId, input)),
  cancel: staffProcedure("prescriber")
    .input(ZPrescriptionCancelInput)
    .output(ZPrescriptionDetail)
    .mutation(({ ctx, input }) => cancelPrescription(ctx.db, ctx.actor, ctx.clinicId, input)),
  /** `forPatient`, pushed whenever one of the patient's prescriptions changes status (SSE fed by LISTEN/NOTIFY; no polling). */
  onChange: staffProcedure("provider", "prescriber")
    .input(ZPrescriptionOnChangeInput)
    .output(streamOf(ZPrescriptionForPatientOutput))
    .subscription(async function* ({ ctx, input, signal }) {
      const audit = auditWindow();
      const changes = prescriptionChanges(ctx.db, {
        signal,
        match: (c) => c.clinicId === ctx.clinicId && c.patientId === input.patientId,
        stillAllowed: () => sessionStillLive(ctx.db, ctx.session.sessionId, ctx.auth.clearwell.absoluteTimeoutSeconds),
      });
      for await (const _ of changes) yield await prescriptionsForPatient(ctx.db, ctx.actor, ctx.clinicId, input.patientId, audit);
    }),
} satisfies TRPCRouterRecord;

/** The patient's own prescriptions in plain words (DOMAIN.md §1 "O"). */
export const patientPrescriptionRouter = {
  mine: patientProcedure()
    .output(ZPrescriptionMineOutput)
    .query(({ ctx }) => myPrescriptions(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId)),
} satisfies TRPCRouterRecord;
