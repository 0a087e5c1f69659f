import { describe, expect, it } from "vitest";

import type { ScoreEntry } from "./metrics";
import { type AlertRecord, alertsSection, buildFollowUpSnapshot, scoresSection, snapshotSection, type VisitRecord, visitsSection } from "./snapshot";

const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n, 12));
const W = { since: day(10), now: day(40) };

const scores: ScoreEntry[] = [
  { id: "p0", instrument: "phq9", total: 18, takenAt: day(0) },
  { id: "g0", instrument: "gad7", total: 14, takenAt: day(0) },
  { id: "p1", instrument: "phq9", total: 12, takenAt: day(10) }, // at `since`: not in the interval
  { id: "p2", instrument: "phq9", total: 8, takenAt: day(20) },
  { id: "g2", instrument: "gad7", total: 7, takenAt: day(20) },
  { id: "p3", instrument: "phq9", total: 6, takenAt: day(41) }, // after `now`
];

const alert = (id: string, raisedAt: Date, resolvedAt: Date | null, status: AlertRecord["status"] = resolvedAt ? "resolved" : "open"): AlertRecord => ({ id, ruleId: "A2", severity: "high", status, raisedAt, resolvedAt });

describe("scores section", () => {
  const s = scoresSection(scores, { ...W, firstDoseAt: day(1) });
  it("has the trends with deltas vs baseline and previous", () => {
    expect(s.phq9).toMatchObject({ baseline: { id: "p0" }, previous: { id: "p1" }, latest: { id: "p2" }, vsBaseline: { change: -10 }, vsPrevious: { change: -4 }, response: true });
    expect(s.gad7).toMatchObject({ baseline: { id: "g0" }, latest: { id: "g2" }, vsBaseline: { change: -7 }, response: true });
  });
  it("lists the interval's scores (after since, up to now) and every source id used", () => {
    expect(s.inInterval.map((x) => x.id)).toEqual(["p2", "g2"]);
    expect(s.sourceIds.sort()).toEqual(["g0", "g2", "p0", "p1", "p2"]);
  });
});

describe("alerts section", () => {
  const s = alertsSection(
    [
      alert("before-open", day(5), null),
      alert("before-resolved-in", day(5), day(15)),
      alert("before-resolved-before", day(5), day(8)),
      alert("in-open", day(12), null, "acknowledged"),
      alert("in-resolved", day(12), day(30)),
      alert("in-resolved-later", day(12), day(45)),
      alert("after", day(42), null),
    ],
    W,
  );
  it("splits opened, resolved and still open as of the snapshot", () => {
    expect(s.opened.map((a) => a.id)).toEqual(["in-open", "in-resolved", "in-resolved-later"]);
    expect(s.resolved.map((a) => a.id)).toEqual(["before-resolved-in", "in-resolved"]);
    expect(s.stillOpen.map((a) => a.id)).toEqual(["before-open", "in-open", "in-resolved-later"]);
  });
  it("shows an alert resolved after the snapshot as not yet resolved", () => {
    expect(s.stillOpen.find((a) => a.id === "in-resolved-later")).toMatchObject({ status: "acknowledged", resolvedAt: null });
  });
  it("cites each alert once", () => {
    expect(new Set(s.sourceIds).size).toBe(s.sourceIds.length);
    expect(s.sourceIds).not.toContain("after");
    expect(s.sourceIds).not.toContain("before-resolved-before");
  });
});

describe("visits section", () => {
  const visits: VisitRecord[] = [
    { id: "v0", kind: "evaluation", status: "completed", startsAt: day(2), modality: "audio_video" },
    { id: "v1", kind: "follow_up", status: "no_show", startsAt: day(25) },
    { id: "v2", kind: "follow_up", status: "completed", startsAt: day(40), modality: "audio_only" },
  ];
  it("keeps the interval's visits with their status and modality", () => {
    expect(visitsSection(visits, W).visits).toEqual([
      { id: "v1", kind: "follow_up", status: "no_show", startsAt: day(25).toISOString(), modality: null },
      { id: "v2", kind: "follow_up", status: "completed", startsAt: day(40).toISOString(), modality: "audio_only" },
    ]);
  });
  it("with no earlier signed note, covers everything up to now", () => {
    expect(visitsSection(visits, { since: null, now: W.now }).sourceIds).toEqual(["v0", "v1", "v2"]);
  });
});

describe("the snapshot", () => {
  const sections = [visitsSection([], W), alertsSection([], W), scoresSection(scores, { ...W, firstDoseAt: day(1) })];
  it("orders sections, collects source ids, and is plain JSON", () => {
    const snap = buildFollowUpSnapshot(W, sections);
    expect(snap.sections.map((s) => s.kind)).toEqual(["scores", "alerts", "visits"]);
    expect(snap).toMatchObject({ schemaVersion: 1, since: W.since.toISOString(), generatedAt: W.now.toISOString(), sourceIds: { alerts: [], visits: [] } });
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snapshotSection(snap, "scores")?.phq9.latest?.id).toBe("p2");
  });
  it("takes any subset of sections", () => {
    expect(buildFollowUpSnapshot(W, [alertsSection([], W)]).sections).toHaveLength(1);
    expect(snapshotSection(buildFollowUpSnapshot(W, []), "visits")).toBeUndefined();
  });
  it("refuses two sections of one kind and a window that ends before it starts", () => {
    expect(() => buildFollowUpSnapshot(W, [visitsSection([], W), visitsSection([], W)])).toThrow(/one visits section/);
    expect(() => buildFollowUpSnapshot({ since: day(5), now: day(4) }, [])).toThrow(RangeError);
  });
});
