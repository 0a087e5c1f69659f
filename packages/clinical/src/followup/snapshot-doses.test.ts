import { describe, expect, it } from "vitest";

import { buildFollowUpSnapshot, type DoseRecord, dosesSection, snapshotSection, visitsSection } from "./snapshot";

const since = new Date("2026-05-01T00:00:00Z");
const now = new Date("2026-05-29T00:00:00Z");
const W = { since, now };

function dose(p: Partial<DoseRecord> & Pick<DoseRecord, "id" | "sequence" | "status">): DoseRecord {
  return {
    scheduledDate: "2026-05-04",
    takenAt: null,
    missedAt: null,
    unitsTaken: null,
    doseMg: null,
    bp: null,
    supportConfirmed: false,
    supportSignoffName: null,
    sideEffects: [],
    dissociationMinutes: null,
    ...p,
  };
}

const records: DoseRecord[] = [
  // Before the window: not in the interval.
  dose({ id: "old", sequence: 1, status: "postcheck_submitted", scheduledDate: "2026-04-27", takenAt: new Date("2026-04-27T15:00:00Z"), unitsTaken: 1, doseMg: 100, bp: { systolic: 150, diastolic: 99 } }),
  dose({
    id: "d2",
    sequence: 2,
    status: "postcheck_submitted",
    scheduledDate: "2026-05-04",
    takenAt: new Date("2026-05-04T15:00:00Z"),
    unitsTaken: 1,
    doseMg: 100,
    bp: { systolic: 128, diastolic: 84 },
    bpFirst: { systolic: 142, diastolic: 88 },
    supportConfirmed: true,
    supportSignoffName: "Sam Doe",
    sideEffects: [
      { code: "nausea", severity: "mild" },
      { code: "dizziness", severity: "severe" },
    ],
    dissociationMinutes: 45,
  }),
  dose({ id: "d3", sequence: 3, status: "missed", scheduledDate: "2026-05-11", missedAt: new Date("2026-05-12T10:00:00Z") }),
  dose({
    id: "d4",
    sequence: 4,
    status: "taken",
    scheduledDate: "2026-05-18",
    takenAt: new Date("2026-05-18T15:00:00Z"),
    unitsTaken: 1,
    doseMg: 100,
    bp: { systolic: 132, diastolic: 86 },
    supportConfirmed: true,
    supportSignoffName: "Sam Doe",
    sideEffects: [{ code: "nausea", severity: "moderate" }],
  }),
  // Not decided yet, and a failed gate: neither taken nor missed.
  dose({ id: "d5", sequence: 5, status: "scheduled", scheduledDate: "2026-05-25" }),
  dose({ id: "f1", sequence: 6, status: "precheck_failed", scheduledDate: "2026-05-26", bp: { systolic: 185, diastolic: 100 } }),
  // After the snapshot time.
  dose({ id: "late", sequence: 7, status: "taken", takenAt: new Date("2026-05-30T15:00:00Z"), unitsTaken: 1 }),
];

describe("dosesSection (DOMAIN §8 interval data)", () => {
  const s = dosesSection(records, W);
  it("taken and missed in the window, oldest first, with source ids", () => {
    expect(s.taken.map((d) => d.id)).toEqual(["d2", "d4"]);
    expect(s.missed.map((d) => d.id)).toEqual(["d3"]);
    expect(s.sourceIds).toEqual(["d2", "d4", "d3"]);
  });
  it("each dose carries date, dose, pre-dose BP (and the first reading), support attestation and side effects", () => {
    expect(s.taken[0]).toEqual({
      id: "d2",
      sequence: 2,
      scheduledDate: "2026-05-04",
      takenAt: "2026-05-04T15:00:00.000Z",
      missedAt: null,
      unitsTaken: 1,
      doseMg: 100,
      bp: "128/84",
      bpFirst: "142/88",
      supportConfirmed: true,
      supportSignoffName: "Sam Doe",
      sideEffects: [
        { code: "nausea", severity: "mild" },
        { code: "dizziness", severity: "severe" },
      ],
      dissociationMinutes: 45,
    });
  });
  it("summarises the highest pre-dose readings and side-effect counts of the doses taken", () => {
    expect(s.bpHighest).toEqual({ systolic: 142, diastolic: 88 });
    expect(s.sideEffectCounts).toEqual({ nausea: { count: 2, severe: 0 }, dizziness: { count: 1, severe: 1 } });
  });
  it("from the start (no previous note) includes the older dose", () => expect(dosesSection(records, { since: null, now }).taken.map((d) => d.id)).toEqual(["old", "d2", "d4"]));
  it("an empty interval", () => expect(dosesSection([], W)).toEqual({ kind: "doses", sourceIds: [], taken: [], missed: [], bpHighest: null, sideEffectCounts: {} }));
  it("is stored after scores and before visits, and JSON round-trips", () => {
    const snap = buildFollowUpSnapshot(W, [visitsSection([], W), s]);
    expect(snap.sections.map((x) => x.kind)).toEqual(["doses", "visits"]);
    expect(snap.sourceIds.doses).toEqual(["d2", "d4", "d3"]);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snapshotSection(snap, "doses")?.missed[0]?.missedAt).toBe("2026-05-12T10:00:00.000Z");
  });
});
