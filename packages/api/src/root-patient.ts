import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { enrolmentRouter } from "./routers/enrolment";
import { bookingRouter } from "./routers/booking";
import { patientDecisionRouter } from "./routers/decision";
import { intakeRouter } from "./routers/intake";
import { invitationRouter } from "./routers/invitation";
import { patientPrescriptionRouter } from "./routers/prescription";
import { profileRouter } from "./routers/profile";
import { patientQuestionnaireRouter } from "./routers/questionnaire";
import { sessionRouter } from "./routers/session";
import { patientVisitRouter } from "./routers/visit";
import { checkInRouter } from "./routers/check-in";
import { doseRouter } from "./routers/dose";
import { patientRegimenRouter } from "./routers/regimen";
import { supportPersonRouter } from "./routers/support-person";
import { createCallerFactory, router } from "./trpc";

/** Mounted only by the patient app. */
export const patientRouter = router({
  session: sessionRouter,
  profile: profileRouter,
  intake: intakeRouter,
  booking: bookingRouter,
  visit: patientVisitRouter,
  enrolment: enrolmentRouter,
  decision: patientDecisionRouter,
  questionnaire: patientQuestionnaireRouter,
  prescription: patientPrescriptionRouter,
  invitation: invitationRouter("patient"),
  regimen: patientRegimenRouter,
  dose: doseRouter,
  supportPerson: supportPersonRouter,
  checkIn: checkInRouter,
});

export type PatientRouter = typeof patientRouter;
export type PatientInputs = inferRouterInputs<PatientRouter>;
export type PatientOutputs = inferRouterOutputs<PatientRouter>;
export const createPatientCaller = createCallerFactory(patientRouter);
