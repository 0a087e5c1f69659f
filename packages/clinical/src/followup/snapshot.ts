/**
 * The follow-up note's interval data (DOMAIN.md §8): a system-generated, read-only snapshot with
 * source ids. Each section is built by its own function and is one member of `FollowUpSection`
 * (scores, doses, alerts, visits; fills join later). The snapshot
 * is plain JSON (ISO date strings) so it can be stored and hashed as is.
 */
import { type Instrument, scoreRef, type ScoreEntry, type ScoreRef, type ScoreTrend, scoreTrend } from "./metrics";
import type { OutcomeThresholds } from "../questionnaires/scoring";
import type { SideEffectSeverity } from "../alerts/side-effects";

export const FOLLOW_UP_SNAPSHOT_SCHEMA_VERSION = 1;

interface SectionBase<K extends string> {
  kind: K;
  /** Ids of the stored records this section was built from. */
  sourceIds: string[];
}

export interface ScoresSection extends SectionBase<"scores"> {
  phq9: ScoreTrend;
  gad7: ScoreTrend;
  /** Scores taken in the interval, oldest first. */
  inInterval: (ScoreRef & { instrument: Instrument })[];
}

export interface AlertRecord {
  id: string;
  /** DOMAIN.md §7 id. */
  ruleId: string;
  severity: "critical" | "high" | "medium" | "low";
  status: "open" | "acknowledged" | "escalated" | "resolved";
  raisedAt: Date;
  resolvedAt: Date | null;
}

export interface AlertRef {
  id: string;
  ruleId: string;
  severity: AlertRecord["severity"];
  status: AlertRecord["status"];
  raisedAt: string;
  resolvedAt: string | null;
}

export interface AlertsSection extends SectionBase<"alerts"> {
  opened: AlertRef[];
  resolved: AlertRef[];
  /** Not resolved at snapshot time, whenever raised. */
  stillOpen: AlertRef[];
}

export interface VisitRecord {
  id: string;
  kind: "evaluation" | "follow_up";
  /** Appointment status, e.g. completed, no_show, cancelled. */
  status: string;
  startsAt: Date;
  /** Only audio-video visits can be a CS Rx basis (DOMAIN.md §2 Visit). */
  modality?: "audio_video" | "audio_only" | null;
}

export interface VisitRef {
  id: string;
  kind: VisitRecord["kind"];
  status: string;
  startsAt: string;
  modality: VisitRecord["modality"] | null;
}

export interface VisitsSection extends SectionBase<"visits"> {
  visits: VisitRef[];
}

/** A dose session as the interval snapshot reads it (DOMAIN.md §8: date, dose, pre-dose BP, support attestation, side effects). */
export interface DoseRecord {
  id: string;
  sequence: number;
  /** Patient-local calendar day the session was scheduled for. */
  scheduledDate: string;
  status: "scheduled" | "precheck_passed" | "precheck_failed" | "taken" | "postcheck_submitted" | "missed";
  takenAt: Date | null;
  missedAt: Date | null;
  unitsTaken: number | null;
  doseMg: number | null;
  /** The deciding pre-dose reading (the recheck when there was one). */
  bp: { systolic: number; diastolic: number } | null;
  /** The first reading when a recheck followed it. */
  bpFirst?: { systolic: number; diastolic: number } | null;
  /** The support person's code was verified at the gate. */
  supportConfirmed: boolean;
  supportSignoffName: string | null;
  sideEffects: readonly { code: string; severity: SideEffectSeverity }[];
  dissociationMinutes: number | null;
}

export interface DoseRef {
  id: string;
  sequence: number;
  scheduledDate: string;
  takenAt: string | null;
  missedAt: string | null;
  unitsTaken: number | null;
  doseMg: number | null;
  bp: string | null;
  bpFirst: string | null;
  supportConfirmed: boolean;
  supportSignoffName: string | null;
  sideEffects: { code: string; severity: SideEffectSeverity }[];
  dissociationMinutes: number | null;
}

export interface DosesSection extends SectionBase<"doses"> {
  /** Taken in the interval, oldest first. */
  taken: DoseRef[];
  /** Missed in the interval, oldest first. */
  missed: DoseRef[];
  /** Pre-dose readings of the doses taken: highest systolic and diastolic seen; null with none. */
  bpHighest: { systolic: number; diastolic: number } | null;
  /** Side effects across the taken doses: code -> times reported, and how many were severe. */
  sideEffectCounts: Record<string, { count: number; severe: number }>;
}

/** Every section kind a snapshot can hold. Add fills here. */
export type FollowUpSection = ScoresSection | DosesSection | AlertsSection | VisitsSection;
export type FollowUpSectionKind = FollowUpSection["kind"];

/** The order sections are shown and stored in. */
export const SECTION_ORDER: readonly FollowUpSectionKind[] = ["scores", "doses", "alerts", "visits"];

/** The window a snapshot covers: after `since` (the last signed note; null = from the start) up to `now`. */
export interface SnapshotWindow {
  since: Date | null;
  now: Date;
}

const inWindow = (d: Date, w: SnapshotWindow) => (w.since === null || d > w.since) && d <= w.now;

export function scoresSection(entries: readonly ScoreEntry[], w: SnapshotWindow & { firstDoseAt: Date | null; thresholds?: Partial<Record<Instrument, OutcomeThresholds>> }): ScoresSection {
  const trend = (i: Instrument) => scoreTrend(entries, i, { firstDoseAt: w.firstDoseAt, now: w.now, ...(w.thresholds?.[i] ? { thresholds: w.thresholds[i] } : {}) });
  const phq9 = trend("phq9");
  const gad7 = trend("gad7");
  const inInterval = entries
    .filter((e) => inWindow(e.takenAt, w))
    .sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime())
    .map((e) => ({ ...scoreRef(e)!, instrument: e.instrument }));
  const used = [phq9.baseline, phq9.previous, phq9.latest, gad7.baseline, gad7.previous, gad7.latest, ...inInterval].flatMap((s) => (s ? [s.id] : []));
  return { kind: "scores", sourceIds: unique(used), phq9, gad7, inInterval };
}

/** DOMAIN.md §8 interval data: doses taken and missed since the last signed note. */
export function dosesSection(records: readonly DoseRecord[], w: SnapshotWindow): DosesSection {
  const wasTaken = (r: DoseRecord) => (r.status === "taken" || r.status === "postcheck_submitted") && r.takenAt !== null;
  const taken = records.filter((r) => wasTaken(r) && inWindow(r.takenAt!, w)).sort((a, b) => a.takenAt!.getTime() - b.takenAt!.getTime());
  const missed = records.filter((r) => r.status === "missed" && r.missedAt !== null && inWindow(r.missedAt, w)).sort((a, b) => a.missedAt!.getTime() - b.missedAt!.getTime());
  const fmt = (b: { systolic: number; diastolic: number } | null | undefined) => (b ? `${b.systolic}/${b.diastolic}` : null);
  // The snapshot is as of `now`: a dose missed after it is not known yet.
  const toRef = (r: DoseRecord): DoseRef => ({
    id: r.id,
    sequence: r.sequence,
    scheduledDate: r.scheduledDate,
    takenAt: r.takenAt?.toISOString() ?? null,
    missedAt: r.missedAt?.toISOString() ?? null,
    unitsTaken: r.unitsTaken,
    doseMg: r.doseMg,
    bp: fmt(r.bp),
    bpFirst: fmt(r.bpFirst),
    supportConfirmed: r.supportConfirmed,
    supportSignoffName: r.supportSignoffName,
    sideEffects: r.sideEffects.map((e) => ({ code: e.code, severity: e.severity })),
    dissociationMinutes: r.dissociationMinutes,
  });
  const readings = taken.flatMap((r) => [r.bp, r.bpFirst].filter((b): b is { systolic: number; diastolic: number } => !!b));
  const bpHighest = readings.length ? { systolic: Math.max(...readings.map((b) => b.systolic)), diastolic: Math.max(...readings.map((b) => b.diastolic)) } : null;
  const sideEffectCounts: DosesSection["sideEffectCounts"] = {};
  for (const r of taken) {
    for (const e of r.sideEffects) {
      const c = (sideEffectCounts[e.code] ??= { count: 0, severe: 0 });
      c.count++;
      if (e.severity === "severe") c.severe++;
    }
  }
  return { kind: "doses", sourceIds: [...taken, ...missed].map((r) => r.id), taken: taken.map(toRef), missed: missed.map(toRef), bpHighest, sideEffectCounts };
}

export function alertsSection(alerts: readonly AlertRecord[], w: SnapshotWindow): AlertsSection {
  const known = alerts.filter((a) => a.raisedAt <= w.now).sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime());
  const opened = known.filter((a) => inWindow(a.raisedAt, w));
  const resolved = known.filter((a) => a.resolvedAt !== null && inWindow(a.resolvedAt, w));
  // Status as of `now`: an alert resolved after the snapshot time was still open then.
  const stillOpen = known.filter((a) => a.resolvedAt === null || a.resolvedAt > w.now);
  const toRef = (a: AlertRecord): AlertRef => ({
    id: a.id,
    ruleId: a.ruleId,
    severity: a.severity,
    status: a.resolvedAt && a.resolvedAt > w.now ? "acknowledged" : a.status,
    raisedAt: a.raisedAt.toISOString(),
    resolvedAt: a.resolvedAt && a.resolvedAt <= w.now ? a.resolvedAt.toISOString() : null,
  });
  return {
    kind: "alerts",
    sourceIds: unique([...opened, ...resolved, ...stillOpen].map((a) => a.id)),
    opened: opened.map(toRef),
    resolved: resolved.map(toRef),
    stillOpen: stillOpen.map(toRef),
  };
}

export function visitsSection(visits: readonly VisitRecord[], w: SnapshotWindow): VisitsSection {
  const list = visits.filter((v) => inWindow(v.startsAt, w)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return {
    kind: "visits",
    sourceIds: list.map((v) => v.id),
    visits: list.map((v) => ({ id: v.id, kind: v.kind, status: v.status, startsAt: v.startsAt.toISOString(), modality: v.modality ?? null })),
  };
}

export interface FollowUpSnapshot {
  schemaVersion: typeof FOLLOW_UP_SNAPSHOT_SCHEMA_VERSION;
  since: string | null;
  generatedAt: string;
  sections: FollowUpSection[];
  /** Every source id by section kind, for storage and linking. */
  sourceIds: Partial<Record<FollowUpSectionKind, string[]>>;
}

/** Assembles sections (at most one of each kind) into a snapshot in `SECTION_ORDER`. */
export function buildFollowUpSnapshot(w: SnapshotWindow, sections: readonly FollowUpSection[]): FollowUpSnapshot {
  const kinds = sections.map((s) => s.kind);
  const dup = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (dup) throw new RangeError(`A snapshot holds one ${dup} section`);
  if (w.since && w.since > w.now) throw new RangeError("A snapshot window cannot start after it ends");
  const ordered = [...sections].sort((a, b) => SECTION_ORDER.indexOf(a.kind) - SECTION_ORDER.indexOf(b.kind));
  return {
    schemaVersion: FOLLOW_UP_SNAPSHOT_SCHEMA_VERSION,
    since: w.since?.toISOString() ?? null,
    generatedAt: w.now.toISOString(),
    sections: ordered,
    sourceIds: Object.fromEntries(ordered.map((s) => [s.kind, s.sourceIds])),
  };
}

/** One section of a snapshot, typed by kind. */
export function snapshotSection<K extends FollowUpSectionKind>(snapshot: FollowUpSnapshot, kind: K): Extract<FollowUpSection, { kind: K }> | undefined {
  return snapshot.sections.find((s): s is Extract<FollowUpSection, { kind: K }> => s.kind === kind);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
