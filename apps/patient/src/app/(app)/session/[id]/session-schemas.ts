import { ZBloodPressure, ZDoseLogInput, ZDosePostcheckInput, ZPrecheckAnswers, ZSupportCode } from "@clearwell/validators/regimen";
import { z } from "zod";

import { dateFromLocalInput, numberFromText } from "~/lib/form-schemas";

// The session's form schemas, apart from the forms so zod loads after the page (useZodForm's SchemaSource).

/** The reading as typed (text in each box) and checked as numbers by the shared schema. */
const ZBpForm = z.object({
  systolic: numberFromText(ZBloodPressure.shape.systolic),
  diastolic: numberFromText(ZBloodPressure.shape.diastolic),
});

/** The side-effect list as the shared schema checks it (each picked effect needs its severity). */
const ZPickedSideEffects = ZDoseLogInput.shape.sideEffects;

/** The pre-dose gate: the questions, the first reading and the support person's code, sent together. */
export const ZGateForm = z.object({ answers: ZPrecheckAnswers, bp: ZBpForm, supportCode: ZSupportCode });

export const ZRecheckForm = z.object({ bp: ZBpForm });

export const ZDoseLogForm = ZDoseLogInput.pick({ supportSignoffName: true }).extend({
  takenAt: dateFromLocalInput(ZDoseLogInput.shape.takenAt),
  unitsTaken: numberFromText(ZDoseLogInput.shape.unitsTaken),
  dissociationMinutes: numberFromText(ZDoseLogInput.shape.dissociationMinutes),
  sideEffects: ZPickedSideEffects,
});

export const ZPostcheckForm = ZDosePostcheckInput.pick({ feeling: true, dissociationResolved: true, notes: true }).extend({ sideEffects: ZPickedSideEffects });
