import type { TRPCRouterRecord } from "@trpc/server";
import { ZRegimenForPatientOutput, ZRegimenMineOutput, ZRegimenReportOutput } from "@clearwell/validators/output/regimen";
import {
  ZRegimenActionInput,
  ZRegimenConfirmReceiptInput,
  ZRegimenForPatientInput,
  ZRegimenReportLostInput,
  ZRegimenRequestRenewalInput,
} from "@clearwell/validators/regimen";

import { patientProcedure, staffProcedure } from "../procedures";
import { confirmReceipt, myRegimen, reportLostOrStolen, requestRenewal } from "../services/regimen/patient";
import { clinicianRegimenAction, regimenForPatient } from "../services/regimen/provider";

/**
 * The patient's at-home regimen (issue 13 §1; DOMAIN.md §1 "O", §2 "Regimen"): in plain words,
 * confirm the medicine arrived, report lost or stolen medicine, ask for a renewal (A6 where due).
 */
export const patientRegimenRouter = {
  mine: patientProcedure()
    .output(ZRegimenMineOutput)
    .query(({ ctx }) => myRegimen(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId)),
  confirmReceipt: patientProcedure()
    .input(ZRegimenConfirmReceiptInput)
    .output(ZRegimenMineOutput)
    .mutation(({ ctx, input }) => confirmReceipt(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input)),
  reportLostOrStolen: patientProcedure()
    .input(ZRegimenReportLostInput)
    .output(ZRegimenReportOutput)
    .mutation(({ ctx, input }) => reportLostOrStolen(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input)),
  requestRenewal: patientProcedure()
    .input(ZRegimenRequestRenewalInput)
    .output(ZRegimenReportOutput)
    .mutation(({ ctx, input }) => requestRenewal(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input)),
} satisfies TRPCRouterRecord;

/**
 * The chart's "Home regimen" panel (DOMAIN.md §1 "Log dose/BP/side effects: Provider/Prescriber
 * view", assigned patients only; admin and staff never). Pause, resume, stop by the patient's
 * clinicians; resume waits for the A1/A4 alert and a current eligibility decision.
 */
export const providerRegimenRouter = {
  forPatient: staffProcedure("provider", "prescriber")
    .input(ZRegimenForPatientInput)
    .output(ZRegimenForPatientOutput)
    .query(({ ctx, input }) => regimenForPatient(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  pause: staffProcedure("provider", "prescriber")
    .input(ZRegimenActionInput)
    .output(ZRegimenForPatientOutput)
    .mutation(({ ctx, input }) => clinicianRegimenAction(ctx.db, ctx.actor, ctx.clinicId, "pause", input)),
  resume: staffProcedure("provider", "prescriber")
    .input(ZRegimenActionInput)
    .output(ZRegimenForPatientOutput)
    .mutation(({ ctx, input }) => clinicianRegimenAction(ctx.db, ctx.actor, ctx.clinicId, "resume", input)),
  stop: staffProcedure("provider", "prescriber")
    .input(ZRegimenActionInput)
    .output(ZRegimenForPatientOutput)
    .mutation(({ ctx, input }) => clinicianRegimenAction(ctx.db, ctx.actor, ctx.clinicId, "stop", input)),
} satisfies TRPCRouterRecord;
