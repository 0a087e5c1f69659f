import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { alertRouter, safetySettingsRouter } from "./routers/alert";
import { auditRouter } from "./routers/audit";
import { availabilityRouter } from "./routers/availability";
import { staffBookingRouter } from "./routers/booking";
import { careTeamRouter } from "./routers/care-team";
import { chartRouter, scheduleRouter } from "./routers/chart";
import { clinicRouter } from "./routers/clinic";
import { invitationRouter } from "./routers/invitation";
import { noteRouter } from "./routers/note";
import { decisionRouter } from "./routers/decision";
import { demoRouter } from "./routers/demo";
import { patientRouter } from "./routers/patient";
import { prescriptionRouter } from "./routers/prescription";
import { questionnaireRouter } from "./routers/questionnaire";
import { sessionRouter } from "./routers/session";
import { staffRouter } from "./routers/staff";
import { providerVisitRouter } from "./routers/visit";
import { epcsRouter } from "./routers/epcs";
import { formularyRouter } from "./routers/formulary";
import { pharmacyRouter } from "./routers/pharmacy";
import { prescriberRouter } from "./routers/prescriber";
import { prescribingSettingsRouter } from "./routers/prescribing-settings";
import { providerRegimenRouter } from "./routers/regimen";
import { rxOutboxRouter } from "./routers/rx-outbox";
import { createCallerFactory, router } from "./trpc";

/** Mounted only by the provider app. */
export const providerRouter = router({
  session: sessionRouter,
  patient: patientRouter,
  staff: staffRouter,
  audit: auditRouter,
  clinic: clinicRouter,
  availability: availabilityRouter,
  chart: chartRouter,
  careTeam: careTeamRouter,
  schedule: scheduleRouter,
  booking: staffBookingRouter,
  visit: providerVisitRouter,
  note: noteRouter,
  decision: decisionRouter,
  alert: alertRouter,
  safetySettings: safetySettingsRouter,
  questionnaire: questionnaireRouter,
  prescription: prescriptionRouter,
  invitation: invitationRouter("staff"),
  formulary: formularyRouter,
  pharmacy: pharmacyRouter,
  prescribingSettings: prescribingSettingsRouter,
  prescriber: prescriberRouter,
  epcs: epcsRouter,
  rxOutbox: rxOutboxRouter,
  regimen: providerRegimenRouter,
  demo: demoRouter,
});

export type ProviderRouter = typeof providerRouter;
export type ProviderInputs = inferRouterInputs<ProviderRouter>;
export type ProviderOutputs = inferRouterOutputs<ProviderRouter>;
export const createProviderCaller = createCallerFactory(providerRouter);
