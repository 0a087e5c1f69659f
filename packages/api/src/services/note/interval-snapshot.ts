import {
  type AlertRecord,
  alertsSection,
  buildFollowUpSnapshot,
  type DoseRecord,
  dosesSection,
  type FollowUpSection,
  type FollowUpSnapshot,
  type ScoreEntry,
  type SnapshotWindow,
  scoresSection,
  type VisitRecord,
  visitsSection,
} from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TFollowUpSnapshot } from "@clearwell/validators/output/note";
import { and, asc, eq, inArray, lte, max, min, ne, sql } from "drizzle-orm";

import { canonicalJson } from "./canonical";

/** Whose interval, and the visit the note is written for (not part of its own interval). */
export interface SnapshotScope {
  clinicId: string;
  patientId: string;
  appointmentId: string;
}

/**
 * One source of interval data: exactly one query, then a section built for whatever window the
 * snapshot settles on, so the snapshot costs a fixed number of queries whatever the history.
 */
type SectionSource = (tx: DbOrTx, scope: SnapshotScope) => Promise<(w: SnapshotWindow) => FollowUpSection>;

const scores: SectionSource = async (tx, { clinicId, patientId }) => {
  const q = schema.questionnaireResponse;
  const ds = schema.doseSession;
  const rows = await tx
    .select({
      id: q.id,
      instrument: q.instrument,
      total: q.total,
      context: q.context,
      takenAt: q.completedAt,
      // One value for the whole result (an uncorrelated subquery, evaluated once).
      firstDoseAt: sql<Date | null>`(select min(${ds.takenAt}) from ${ds} where ${ds.clinicId} = ${clinicId} and ${ds.patientId} = ${patientId} and ${ds.takenAt} is not null)`.mapWith(ds.takenAt),
    })
    .from(q)
    .where(and(eq(q.clinicId, clinicId), eq(q.patientId, patientId)))
    .orderBy(asc(q.completedAt), asc(q.id));
  const entries: ScoreEntry[] = rows.map(({ id, instrument, total, takenAt }) => ({ id, instrument, total, takenAt }));
  // DOMAIN.md §6: baseline = the last score before the first dose (the first taken dose session).
  // Before any dose the last intake score stands in (the pre-treatment score the clinician decided on).
  const intakeTimes = rows.filter((r) => r.context === "intake").map((r) => r.takenAt.getTime());
  const firstDoseAt = rows[0]?.firstDoseAt ?? (intakeTimes.length ? new Date(Math.max(...intakeTimes)) : null);
  return (w) => scoresSection(entries, { ...w, firstDoseAt });
};

/** DOMAIN.md §8 "doses taken/missed since last signed note (date, dose, pre-dose BP, support attestation, side effects)". */
const doses: SectionSource = async (tx, { clinicId, patientId }) => {
  const ds = schema.doseSession;
  const r = schema.regimen;
  const rows = await tx
    .select({ session: ds, doseMgPerSession: r.doseMgPerSession, unitsPerSession: r.unitsPerSession })
    .from(ds)
    .innerJoin(r, and(eq(r.clinicId, ds.clinicId), eq(r.id, ds.regimenId)))
    .where(and(eq(ds.clinicId, clinicId), eq(ds.patientId, patientId), inArray(ds.status, ["taken", "postcheck_submitted", "missed"])))
    .orderBy(asc(ds.scheduledDate), asc(ds.id));
  const records: DoseRecord[] = rows.map(({ session: s, doseMgPerSession, unitsPerSession }) => {
    const bp1 = s.bp1Systolic !== null && s.bp1Diastolic !== null ? { systolic: s.bp1Systolic, diastolic: s.bp1Diastolic } : null;
    const bp2 = s.bp2Systolic !== null && s.bp2Diastolic !== null ? { systolic: s.bp2Systolic, diastolic: s.bp2Diastolic } : null;
    return {
      id: s.id,
      sequence: s.sequence,
      scheduledDate: s.scheduledDate,
      status: s.status,
      takenAt: s.takenAt,
      missedAt: s.missedAt,
      unitsTaken: s.unitsTaken,
      // The dose in mg from the units taken at the regimen's strength per session.
      doseMg: s.unitsTaken !== null && unitsPerSession > 0 ? Math.round(((s.unitsTaken * doseMgPerSession) / unitsPerSession) * 1000) / 1000 : null,
      bp: bp2 ?? bp1,
      bpFirst: bp2 ? bp1 : null,
      supportConfirmed: s.supportConfirmationId !== null,
      supportSignoffName: s.supportSignoffName,
      sideEffects: s.sideEffects ?? [],
      dissociationMinutes: s.dissociationMinutes,
    };
  });
  return (w) => dosesSection(records, w);
};

const alerts: SectionSource = async (tx, { clinicId, patientId }) => {
  const a = schema.safetyAlert;
  const rows = await tx
    .select({ id: a.id, ruleId: a.type, severity: a.severity, status: a.status, raisedAt: a.createdAt, resolvedAt: a.resolvedAt })
    .from(a)
    .where(and(eq(a.clinicId, clinicId), eq(a.patientId, patientId)))
    .orderBy(asc(a.createdAt), asc(a.id));
  const records: AlertRecord[] = rows;
  return (w) => alertsSection(records, w);
};

const visits: SectionSource = async (tx, { clinicId, patientId, appointmentId }) => {
  const ap = schema.appointment;
  const rows = await tx
    .select({ id: ap.id, kind: ap.kind, status: ap.status, startsAt: ap.startsAt, modality: schema.visit.modality })
    .from(ap)
    .leftJoin(schema.visit, and(eq(schema.visit.clinicId, ap.clinicId), eq(schema.visit.appointmentId, ap.id)))
    .where(and(eq(ap.clinicId, clinicId), eq(ap.patientId, patientId), ne(ap.id, appointmentId)))
    .orderBy(asc(ap.startsAt), asc(ap.id));
  // The visit row records "unknown" or "none" until media was seen; only the two real modalities are shown.
  const records: VisitRecord[] = rows.map((r) => ({ ...r, modality: r.modality === "audio_video" || r.modality === "audio_only" ? r.modality : null }));
  return (w) => visitsSection(records, w);
};

const SOURCES: readonly SectionSource[] = [scores, doses, alerts, visits];

/**
 * Where the interval starts (DOMAIN.md §8 "since last signed note"): the patient's last signed
 * evaluation or follow-up note in this clinic, else their first visit that has begun; null before either.
 */
async function windowStart(tx: DbOrTx, { clinicId, patientId }: SnapshotScope, now: Date): Promise<Date | null> {
  const n = schema.clinicalNote;
  const ap = schema.appointment;
  const [[lastSigned], [firstVisit]] = await Promise.all([
    tx
      .select({ at: max(n.signedAt) })
      .from(n)
      .where(and(eq(n.clinicId, clinicId), eq(n.patientId, patientId), eq(n.status, "signed"), ne(n.kind, "addendum"))),
    tx
      .select({ at: min(ap.startsAt) })
      .from(ap)
      .where(and(eq(ap.clinicId, clinicId), eq(ap.patientId, patientId), ne(ap.status, "cancelled"), lte(ap.startsAt, now))),
  ]);
  const since = lastSigned?.at ?? firstVisit?.at ?? null;
  if (!since) return null;
  return since > now ? null : since;
}

/**
 * The follow-up note's interval snapshot (DOMAIN.md §8 "Interval data"): system-generated, read-only,
 * every record cited by its stored id. 2 + SOURCES.length queries, run side by side.
 */
export async function buildIntervalSnapshot(tx: DbOrTx, scope: SnapshotScope, now: Date): Promise<TFollowUpSnapshot> {
  const [since, builders] = await Promise.all([windowStart(tx, scope, now), Promise.all(SOURCES.map((source) => source(tx, scope)))]);
  const window: SnapshotWindow = { since, now };
  const snapshot: FollowUpSnapshot = buildFollowUpSnapshot(
    window,
    builders.map((build) => build(window)),
  );
  // Compile-time check that the clinical type and the stored/output schema agree.
  const stored: TFollowUpSnapshot = snapshot;
  return stored;
}

/** Same interval data, whenever it was generated: a reopened draft is only rewritten when something changed. */
export function sameSnapshotData(a: TFollowUpSnapshot | null | undefined, b: TFollowUpSnapshot): boolean {
  return !!a && canonicalJson({ ...a, generatedAt: null }) === canonicalJson({ ...b, generatedAt: null });
}
