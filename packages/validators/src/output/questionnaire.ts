import { z } from "zod";

import { ZInstrument } from "../questionnaire";

/** Where a PHQ-9 / GAD-7 response was given (the database's questionnaire_context). */
export const ZQuestionnaireContext = z.enum(["intake", "check_in", "visit"]);

/**
 * What the patient sees of their own visit questionnaire: that it was sent, and whether item 9 was
 * answered above "Not at all" so the crisis resources stay in view (DOMAIN.md §6). Never the score.
 */
export const ZPatientVisitQuestionnaire = z.object({
  id: z.string(),
  instrument: ZInstrument,
  completedAt: z.date(),
  crisis: z.boolean(),
});

export const ZPatientVisitQuestionnairesOutput = z.object({
  /** Whether answers can be sent now (the visit's join window, while the visit is open). */
  open: z.boolean(),
  responses: z.array(ZPatientVisitQuestionnaire),
});

/** A score recorded at a visit, for the patient's clinicians (DOMAIN.md §1 "Read clinical chart: A"). */
export const ZVisitScore = z.object({
  id: z.string(),
  instrument: ZInstrument,
  total: z.number(),
  severity: z.string(),
  item9Positive: z.boolean(),
  answers: z.array(z.number()),
  functionalDifficulty: z.number().nullable(),
  completedAt: z.date(),
  enteredBy: z.object({ kind: z.enum(["patient", "clinician"]), name: z.string() }),
});

const ZOption = z.object({ value: z.number(), label: z.string() });

/**
 * An instrument as published (DOMAIN.md §6), sent from the one source in packages/clinical so the
 * clinician's form shows the validated wording without a copy of it.
 */
export const ZInstrumentForm = z.object({
  id: ZInstrument,
  title: z.string(),
  stem: z.string(),
  items: z.array(z.string()),
  options: z.array(ZOption),
  functionalItem: z.string(),
  functionalOptions: z.array(ZOption),
  maxScore: z.number(),
  bands: z.array(z.object({ name: z.string(), label: z.string(), min: z.number(), max: z.number() })),
});

export const ZVisitScoresOutput = z.object({
  appointmentId: z.string(),
  /** Whether answers can be entered now (the visit is open). */
  open: z.boolean(),
  scores: z.array(ZVisitScore),
  forms: z.array(ZInstrumentForm),
});
