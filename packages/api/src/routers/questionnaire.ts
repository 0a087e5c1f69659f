import type { TRPCRouterRecord } from "@trpc/server";
import { ZPatientVisitQuestionnaire, ZPatientVisitQuestionnairesOutput, ZVisitScore, ZVisitScoresOutput } from "@clearwell/validators/output/questionnaire";
import { ZVisitQuestionnaireInput, ZVisitQuestionnaireRef } from "@clearwell/validators/questionnaire";

import { patientProcedure, staffProcedure } from "../procedures";
import { enterVisitQuestionnaire, ownVisitQuestionnaires, submitVisitQuestionnaire, visitScores } from "../services/questionnaire/visit-questionnaire";

/**
 * PHQ-9 / GAD-7 given during a visit (issue 11 §1; DOMAIN.md §6). §1 "Read clinical chart: A":
 * providers and prescribers, narrowed by the service to the appointment's provider or a clinician
 * assigned to the patient. Admin and staff have no access to scores.
 */
export const questionnaireRouter = {
  enter: staffProcedure("provider", "prescriber")
    .input(ZVisitQuestionnaireInput)
    .output(ZVisitScore)
    .mutation(({ ctx, input }) => enterVisitQuestionnaire(ctx.db, ctx.actor, ctx.clinicId, input)),
  listForVisit: staffProcedure("provider", "prescriber")
    .input(ZVisitQuestionnaireRef)
    .output(ZVisitScoresOutput)
    .query(({ ctx, input }) => visitScores(ctx.db, ctx.actor, ctx.clinicId, input.appointmentId)),
} satisfies TRPCRouterRecord;

/** The patient answers for their own visit while waiting (DOMAIN.md §1 "O"); they never see the score. */
export const patientQuestionnaireRouter = {
  submit: patientProcedure()
    .input(ZVisitQuestionnaireInput)
    .output(ZPatientVisitQuestionnaire)
    .mutation(({ ctx, input }) => submitVisitQuestionnaire(ctx.db, ctx.actor, ctx.patientId, input)),
  listForVisit: patientProcedure()
    .input(ZVisitQuestionnaireRef)
    .output(ZPatientVisitQuestionnairesOutput)
    .query(({ ctx, input }) => ownVisitQuestionnaires(ctx.db, ctx.actor, ctx.patientId, input.appointmentId)),
} satisfies TRPCRouterRecord;
