/**
 * The follow-up note's interval data (DOMAIN.md §8): a system-generated, read-only snapshot with
 * source ids. Each section is built by its own function and is one member of `FollowUpSection`;
 * doses and fills join the union (and `SECTION_ORDER`) when the regimen issue lands. The snapshot
 * is plain JSON (ISO date strings) so it can be stored and hashed as is.
 */
import { type Instrument, scoreRef, type ScoreEntry, type ScoreRef, type ScoreTrend, scoreTrend } from "./metrics";
import type { OutcomeThresholds } from "../questionnaires/scoring";

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

/** Every section kind a snapshot can hold. Add doses / fills here. */
export type FollowUpSection = ScoresSection | AlertsSection | VisitsSection;
export type FollowUpSectionKind = FollowUpSection["kind"];

/** The order sections are shown and stored in. */
export const SECTION_ORDER: readonly FollowUpSectionKind[] = ["scores", "alerts", "visits"];

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
