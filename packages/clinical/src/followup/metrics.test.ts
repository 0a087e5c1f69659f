import { describe, expect, it } from "vitest";

import { type Instrument, type ScoreEntry, scoreTrend } from "./metrics";

const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n, 12));
const series = (instrument: Instrument, ...totals: number[]): ScoreEntry[] => totals.map((total, i) => ({ id: `${instrument}-${i}`, instrument, total, takenAt: day(i * 7) }));

// DOMAIN.md §6: response >= 50% reduction (Hull 2022); remission PHQ-9 < 5 with baseline >= 10 (Hull), GAD-7 < 5.
describe("PHQ-9 response and remission vs baseline", () => {
  it.each<[number, number, boolean, boolean]>([
    [10, 5, true, false], // exactly 50%: response; 5 is not < 5
    [10, 6, false, false], // 40%
    [15, 8, false, false], // 46.7%
    [15, 7, true, false], // 53%
    [10, 4, true, true],
    [9, 4, true, false], // remission needs a baseline >= 10
    [20, 4, true, true],
    [0, 0, false, false],
  ])("baseline %d → %d: response %s, remission %s", (b, latest, response, remission) => {
    const t = scoreTrend(series("phq9", b, latest), "phq9", { firstDoseAt: day(1) });
    expect([t.response, t.remission]).toEqual([response, remission]);
    expect(t.vsBaseline?.change).toBe(latest - b);
  });
});

describe("GAD-7 remission < 5", () => {
  it.each<[number, number, boolean]>([
    [12, 5, false],
    [12, 4, true],
  ])("baseline %d → %d: remission %s", (b, latest, remission) => {
    expect(scoreTrend(series("gad7", b, latest), "gad7", { firstDoseAt: day(1) }).remission).toBe(remission);
  });
});

// MCID: PHQ-9 5 points (Löwe 2004), GAD-7 4 points (Toussaint 2020).
describe("MCID flags", () => {
  it.each<[Instrument, number, number, boolean, boolean]>([
    ["phq9", 15, 11, false, false], // -4
    ["phq9", 15, 10, false, true], // -5
    ["phq9", 10, 14, false, false], // +4
    ["phq9", 10, 15, true, false], // +5
    ["gad7", 12, 9, false, false], // -3
    ["gad7", 12, 8, false, true], // -4
    ["gad7", 8, 11, false, false], // +3
    ["gad7", 8, 12, true, false], // +4
  ])("%s %d → %d: worse %s, better %s", (instrument, b, latest, worse, better) => {
    const t = scoreTrend(series(instrument, b, latest), instrument, { firstDoseAt: day(1) });
    expect([t.vsBaseline?.meaningfulWorsening, t.vsBaseline?.meaningfulImprovement]).toEqual([worse, better]);
    expect([t.vsPrevious?.meaningfulWorsening, t.vsPrevious?.meaningfulImprovement]).toEqual([worse, better]);
  });
});

describe("baseline, previous and latest", () => {
  const scores = series("phq9", 18, 16, 12, 9, 11); // days 0, 7, 14, 21, 28
  it("baseline is the last score before the first dose; previous is the one before the latest", () => {
    const t = scoreTrend(scores, "phq9", { firstDoseAt: day(10) });
    expect([t.baseline?.total, t.previous?.total, t.latest?.total]).toEqual([16, 9, 11]);
    expect(t.vsBaseline).toMatchObject({ change: -5, meaningfulImprovement: true });
    expect(t.vsPrevious).toMatchObject({ change: 2, meaningfulWorsening: false });
    expect(t.vsBaseline?.percentChange).toBeCloseTo(-5 / 16);
  });

  it("a score taken at the first dose's time is still the baseline", () => {
    expect(scoreTrend(scores, "phq9", { firstDoseAt: day(7) }).baseline?.total).toBe(16);
  });

  it("before any dose the latest score is the baseline and nothing is compared to it", () => {
    const t = scoreTrend(scores, "phq9", { firstDoseAt: null });
    expect(t.baseline?.id).toBe(t.latest?.id);
    expect([t.vsBaseline, t.response, t.remission]).toEqual([null, false, false]);
    expect(t.vsPrevious?.change).toBe(2);
  });

  it("no score before the first dose: no baseline", () => {
    expect(scoreTrend(scores, "phq9", { firstDoseAt: day(-1) })).toMatchObject({ baseline: null, vsBaseline: null, response: false });
  });

  it("ignores scores after `now` and of the other instrument; sorts by time", () => {
    const mixed = [...series("gad7", 3), ...[...scores].reverse()];
    const t = scoreTrend(mixed, "phq9", { firstDoseAt: day(1), now: day(15) });
    expect([t.baseline?.total, t.previous?.total, t.latest?.total]).toEqual([18, 16, 12]);
  });

  it("one score only: no deltas", () => {
    expect(scoreTrend(series("gad7", 9), "gad7", { firstDoseAt: day(3) })).toMatchObject({ vsPrevious: null, vsBaseline: null, latest: { total: 9 } });
  });

  it.each<[Instrument, number]>([
    ["phq9", 28],
    ["gad7", 22],
    ["phq9", -1],
    ["phq9", 2.5],
  ])("refuses a %s total of %d", (instrument, total) => {
    expect(() => scoreTrend([{ id: "x", instrument, total, takenAt: day(0) }], instrument, { firstDoseAt: null })).toThrow(RangeError);
  });
});
