import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { ZVisitQuestionnaireInput } from "./questionnaire";

// DOMAIN.md §6: every item required (item 9 included), each 0-3; the functional item optional.
const base = { appointmentId: randomUUID(), idempotencyKey: randomUUID() };
const messages = (input: unknown) => {
  const r = ZVisitQuestionnaireInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("visit questionnaire input", () => {
  it("takes 9 PHQ-9 answers or 7 GAD-7 answers, with or without the functional item", () => {
    expect(messages({ ...base, instrument: "phq9", items: [0, 1, 2, 3, 0, 1, 2, 3, 0] })).toEqual([]);
    expect(messages({ ...base, instrument: "gad7", items: [3, 3, 3, 3, 3, 3, 3], functional: 3 })).toEqual([]);
  });

  it.each([
    ["phq9", 8, "items: PHQ-9 has 9 questions: answer all 9."],
    ["phq9", 10, "items: PHQ-9 has 9 questions: answer all 9."],
    ["gad7", 9, "items: GAD-7 has 7 questions: answer all 7."],
    ["gad7", 0, "items: GAD-7 has 7 questions: answer all 7."],
  ] as const)("%s with %i answers is refused, naming the questionnaire", (instrument, count, message) => {
    expect(messages({ ...base, instrument, items: Array.from({ length: count }, () => 0) })).toEqual([message]);
  });

  it("refuses an answer outside 0-3, a fraction, a missing answer (item 9 too) and a functional item outside 0-3", () => {
    expect(messages({ ...base, instrument: "gad7", items: [0, 0, 0, 4, 0, 0, 0] })).toEqual(["items.3: Each answer is 0, 1, 2 or 3."]);
    expect(messages({ ...base, instrument: "gad7", items: [0, 0, 0, 0, 0, 0, -1] })).toEqual(["items.6: Each answer is 0, 1, 2 or 3."]);
    expect(messages({ ...base, instrument: "gad7", items: [0, 0, 1.5, 0, 0, 0, 0] })).toEqual(["items.2: Each answer is 0, 1, 2 or 3."]);
    expect(messages({ ...base, instrument: "phq9", items: [0, 0, 0, 0, 0, 0, 0, 0, undefined] })).toEqual(["items.8: Choose an answer for every question."]);
    expect(messages({ ...base, instrument: "phq9", items: [0, 0, 0, 0, 0, 0, 0, 0, 0], functional: 4 })).toEqual(["functional: Choose one of the four answers."]);
  });

  it("refuses another instrument and a missing request key", () => {
    expect(ZVisitQuestionnaireInput.safeParse({ ...base, instrument: "cadss", items: [] }).success).toBe(false);
    expect(messages({ appointmentId: base.appointmentId, instrument: "gad7", items: [0, 0, 0, 0, 0, 0, 0] })).toHaveLength(1);
  });
});
