import { describe, expect, it } from "vitest";

import { GAD7, PHQ9 } from "./definitions";
import { GAD7_OUTCOMES, InvalidAnswersError, PHQ9_OUTCOMES, outcomeVsBaseline, scoreGad7, scorePhq9 } from "./scoring";

/** Answers that add up to `total`, with item 9 fixed (PHQ-9 has 9 items of 0-3). */
function phq9With(total: number, item9 = 0): number[] {
  const answers = Array<number>(9).fill(0);
  answers[8] = item9;
  let left = total - item9;
  for (let i = 0; i < 8 && left > 0; i++) {
    answers[i] = Math.min(3, left);
    left -= answers[i]!;
  }
  if (left !== 0) throw new Error(`cannot build PHQ-9 total ${total}`);
  return answers;
}

function gad7With(total: number): number[] {
  const answers = Array<number>(7).fill(0);
  let left = total;
  for (let i = 0; i < 7 && left > 0; i++) {
    answers[i] = Math.min(3, left);
    left -= answers[i]!;
  }
  return answers;
}

describe("PHQ-9 severity bands (Kroenke 2001; DOMAIN.md §6)", () => {
  it.each([
    [0, "minimal"],
    [4, "minimal"],
    [5, "mild"],
    [9, "mild"],
    [10, "moderate"],
    [14, "moderate"],
    [15, "moderately_severe"],
    [19, "moderately_severe"],
    [20, "severe"],
    [27, "severe"],
  ])("total %i is %s", (total, band) => {
    // Items 1-8 reach 24 at most; the rest goes on item 9.
    const s = scorePhq9(phq9With(total, Math.max(0, total - 24)));
    expect(s.total).toBe(total);
    expect(s.band).toBe(band);
  });

  it("bands cover 0-27 without gaps or overlaps", () => {
    for (let t = 0; t <= PHQ9.maxScore; t++) expect(PHQ9.bands.filter((b) => t >= b.min && t <= b.max)).toHaveLength(1);
  });
});

describe("PHQ-9 item 9 (DOMAIN.md §6: threshold fixed at >= 1)", () => {
  it.each([
    [0, false],
    [1, true],
    [2, true],
    [3, true],
  ])("item 9 = %i -> positive %s, whatever the total", (item9, positive) => {
    const low = scorePhq9(phq9With(item9, item9));
    expect(low.item9Positive).toBe(positive);
    expect(low.band).toBe("minimal");
    expect(scorePhq9(phq9With(24 + item9, item9)).item9Positive).toBe(positive);
  });
});

describe("GAD-7 severity bands (Spitzer 2006)", () => {
  it.each([
    [0, "minimal", false],
    [4, "minimal", false],
    [5, "mild", false],
    [9, "mild", false],
    [10, "moderate", true],
    [14, "moderate", true],
    [15, "severe", true],
    [21, "severe", true],
  ])("total %i is %s (further evaluation %s)", (total, band, further) => {
    const s = scoreGad7(gad7With(total));
    expect(s).toEqual({ total, band, furtherEvaluation: further });
  });

  it("bands cover 0-21 without gaps or overlaps", () => {
    for (let t = 0; t <= GAD7.maxScore; t++) expect(GAD7.bands.filter((b) => t >= b.min && t <= b.max)).toHaveLength(1);
  });
});

describe("answers are validated: every item required, 0-3 only", () => {
  it.each([
    ["too few", Array(8).fill(0)],
    ["too many", Array(10).fill(0)],
    ["out of range", [0, 0, 0, 0, 0, 0, 0, 0, 4]],
    ["negative", [0, 0, 0, 0, 0, 0, 0, -1, 0]],
    ["fraction", [0, 0, 0, 0, 0, 0, 0, 1.5, 0]],
  ])("PHQ-9 %s", (_label, answers) => {
    expect(() => scorePhq9(answers)).toThrow(InvalidAnswersError);
  });

  it("GAD-7 needs exactly 7 answers", () => {
    expect(() => scoreGad7(Array(9).fill(0))).toThrow(InvalidAnswersError);
  });
});

describe("items are the published wording", () => {
  it("PHQ-9 has 9 items and GAD-7 has 7, first and last as published", () => {
    expect(PHQ9.items).toHaveLength(9);
    expect(PHQ9.items[0]).toBe("Little interest or pleasure in doing things");
    expect(PHQ9.items[8]).toBe("Thoughts that you would be better off dead, or of hurting yourself in some way");
    expect(GAD7.items).toHaveLength(7);
    expect(GAD7.items[6]).toBe("Feeling afraid, as if something awful might happen");
  });
});

describe("outcomes vs baseline (Hull 2022 response/remission; MCID Löwe 2004, Toussaint 2020)", () => {
  it.each([
    // baseline, current, response, remission, worse, better
    [20, 10, true, false, false, true],
    [20, 11, false, false, false, true],
    [10, 4, true, true, false, true],
    [9, 4, true, false, false, true], // baseline below 10: a response, but no remission claim
    [12, 17, false, false, true, false],
    [12, 16, false, false, false, false],
  ])("PHQ-9 %i -> %i", (baseline, current, response, remission, worse, better) => {
    const o = outcomeVsBaseline(baseline, current, PHQ9_OUTCOMES);
    expect(o).toMatchObject({ response, remission, meaningfulWorsening: worse, meaningfulImprovement: better });
  });

  it("GAD-7 uses a 4-point MCID", () => {
    expect(outcomeVsBaseline(8, 12, GAD7_OUTCOMES).meaningfulWorsening).toBe(true);
    expect(outcomeVsBaseline(8, 11, GAD7_OUTCOMES).meaningfulWorsening).toBe(false);
  });

  it("a zero baseline has no percent change and no response", () => {
    expect(outcomeVsBaseline(0, 0, PHQ9_OUTCOMES)).toMatchObject({ percentChange: null, response: false });
  });
});
