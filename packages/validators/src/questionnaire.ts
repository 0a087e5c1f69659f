import { z } from "zod";

import { ZUuid } from "./common";

/**
 * PHQ-9 / GAD-7 given during a video visit (issue 11 §1; DOMAIN.md §6): by the patient while they
 * wait, or entered by the clinician on the patient's behalf. All items required, each 0-3; the
 * functional item is optional and never added to the total.
 */
export const ZInstrument = z.enum(["phq9", "gad7"]);
export type TInstrument = z.infer<typeof ZInstrument>;

export const INSTRUMENT_ITEM_COUNT = { phq9: 9, gad7: 7 } as const satisfies Record<TInstrument, number>;
const TITLE = { phq9: "PHQ-9", gad7: "GAD-7" } as const satisfies Record<TInstrument, string>;

const ZItem = z
  .number({ message: "Choose an answer for every question." })
  .int("Each answer is 0, 1, 2 or 3.")
  .min(0, "Each answer is 0, 1, 2 or 3.")
  .max(3, "Each answer is 0, 1, 2 or 3.");
const ZFunctional = z.number().int().min(0, "Choose one of the four answers.").max(3, "Choose one of the four answers.").optional();

const itemsFor = (instrument: TInstrument) =>
  z.array(ZItem).length(INSTRUMENT_ITEM_COUNT[instrument], `${TITLE[instrument]} has ${INSTRUMENT_ITEM_COUNT[instrument]} questions: answer all ${INSTRUMENT_ITEM_COUNT[instrument]}.`);

/** A retried or double-tapped submission records one response (the first is returned again). */
const ZIdempotencyKey = z.uuid("Not a valid request key.");

const visitAnswers = <I extends TInstrument>(instrument: I) =>
  z.object({
    appointmentId: ZUuid,
    instrument: z.literal(instrument),
    items: itemsFor(instrument),
    functional: ZFunctional,
    idempotencyKey: ZIdempotencyKey,
  });

/** The answers alone, as the patient's form holds them before the request is made. */
export const ZVisitAnswersForm = {
  phq9: visitAnswers("phq9").pick({ items: true, functional: true }),
  gad7: visitAnswers("gad7").pick({ items: true, functional: true }),
} as const;

/** The same shape for the patient (`questionnaire.submit`) and the clinician (`questionnaire.enter`). */
export const ZVisitQuestionnaireInput = z.discriminatedUnion("instrument", [visitAnswers("phq9"), visitAnswers("gad7")]);
export type TVisitQuestionnaireInput = z.input<typeof ZVisitQuestionnaireInput>;

export const ZVisitQuestionnaireRef = z.object({ appointmentId: ZUuid });
