import { describe, expect, it } from "vitest";

import { trend, type TrendResponse } from "./trend";

const FIRST_DOSE = new Date("2026-05-04T15:00:00Z");
const d = (day: number) => new Date(Date.UTC(2026, 4, day, 12));
const phq = (id: string, day: number, total: number): TrendResponse => ({ id, instrument: "phq9", total, takenAt: d(day) });
const gad = (id: string, day: number, total: number): TrendResponse => ({ id, instrument: "gad7", total, takenAt: d(day) });

describe("trend (DOMAIN §6)", () => {
  it("no answers yet", () => {
    const t = trend([], { firstDoseAt: null });
    expect(t.phq9).toMatchObject({ points: [], baseline: null, latest: null, response: false, remission: false });
    expect(t.phq9.text).toMatch(/No PHQ-9 answers yet/);
    expect(t.gad7.bands.map((b) => b.name)).toEqual(["minimal", "mild", "moderate", "severe"]);
  });
  it("before the first dose every point is pre-treatment and there is no baseline comparison", () => {
    const t = trend([phq("a", 1, 16)], { firstDoseAt: null });
    expect(t.phq9.points[0]).toMatchObject({ band: "moderately_severe", bandLabel: "Moderately severe", beforeTreatment: true, isBaseline: false, delta: null });
    expect(t.phq9.text).toMatch(/latest PHQ-9 score is 16 \(moderately severe\)/);
  });
  it("baseline = last score before the first dose (one at the dose time counts); deltas after it", () => {
    const t = trend([phq("a", 1, 18), phq("b", 4, 16), phq("c", 11, 12)], { firstDoseAt: new Date("2026-05-04T12:00:00Z") });
    expect(t.phq9.baseline).toBe(16);
    expect(t.phq9.points.map((p) => [p.id, p.isBaseline, p.delta])).toEqual([
      ["a", false, null],
      ["b", true, null],
      ["c", false, -4],
    ]);
    expect(t.phq9.text).toBe("Your PHQ-9 score is 12 (moderate), down from 16 before treatment.");
  });
  it("response at >= 50 % reduction (exactly 50 %), not at 49 %", () => {
    const at50 = trend([phq("b", 1, 16), phq("c", 11, 8)], { firstDoseAt: FIRST_DOSE }).phq9;
    expect(at50).toMatchObject({ response: true, remission: false });
    expect(at50.text).toMatch(/down 50% from 16.*counts as a response/);
    const below = trend([phq("b", 1, 17), phq("c", 11, 9)], { firstDoseAt: FIRST_DOSE }).phq9;
    expect(below.response).toBe(false);
  });
  it("PHQ-9 remission < 5 with baseline >= 10; 5 is not remission; baseline 9 never is", () => {
    expect(trend([phq("b", 1, 10), phq("c", 11, 4)], { firstDoseAt: FIRST_DOSE }).phq9).toMatchObject({ remission: true, response: true });
    expect(trend([phq("b", 1, 10), phq("c", 11, 4)], { firstDoseAt: FIRST_DOSE }).phq9.text).toMatch(/remission/);
    expect(trend([phq("b", 1, 10), phq("c", 11, 5)], { firstDoseAt: FIRST_DOSE }).phq9.remission).toBe(false);
    expect(trend([phq("b", 1, 9), phq("c", 11, 2)], { firstDoseAt: FIRST_DOSE }).phq9).toMatchObject({ remission: false, response: true });
  });
  it("GAD-7 remission < 5", () => {
    expect(trend([gad("b", 1, 12), gad("c", 11, 4)], { firstDoseAt: FIRST_DOSE }).gad7).toMatchObject({ remission: true, latest: 4 });
    expect(trend([gad("b", 1, 12), gad("c", 11, 5)], { firstDoseAt: FIRST_DOSE }).gad7.remission).toBe(false);
  });
  it("worse than baseline says so, with where to turn", () => {
    const t = trend([phq("b", 1, 10), phq("c", 11, 15)], { firstDoseAt: FIRST_DOSE }).phq9;
    expect(t.points.at(-1)!.delta).toBe(5);
    expect(t.text).toMatch(/up from 10.*988/);
  });
  it("the same as baseline", () => expect(trend([gad("b", 1, 7), gad("c", 11, 7)], { firstDoseAt: FIRST_DOSE }).gad7.text).toMatch(/the same as before/));
  it("sorts unsorted input and keeps instruments apart", () => {
    const t = trend([phq("c", 11, 6), gad("g", 2, 9), phq("b", 1, 14)], { firstDoseAt: FIRST_DOSE });
    expect(t.phq9.points.map((p) => p.id)).toEqual(["b", "c"]);
    expect(t.gad7.points.map((p) => p.id)).toEqual(["g"]);
  });
  it("refuses impossible totals", () => expect(() => trend([gad("x", 1, 22)], { firstDoseAt: null })).toThrow(RangeError));
});
