import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, inArray, max, sql } from "drizzle-orm";

export type RegimenRow = typeof schema.regimen.$inferSelect;
export type DoseSessionRow = typeof schema.doseSession.$inferSelect;

const r = schema.regimen;
const s = schema.doseSession;
const f = schema.medicationFill;
const e = schema.regimenEvent;

/** Statuses of a session whose dose was taken. */
export const TAKEN_STATUSES = ["taken", "postcheck_submitted"] as const;
/** Statuses of a session still waiting to be taken. */
export const OPEN_STATUSES = ["scheduled", "precheck_passed"] as const;

/** regimen_event reasons (prefixes: the patient's words may follow) of patient reports that change no status (from = to). */
export const REPORT_REASONS = { lost: "lost_or_stolen", renewal: "renewal_requested" } as const;

/** The regimen in use (active or paused): at most one per patient (partial unique index). */
export async function activeRegimenOf(tx: DbOrTx, clinicId: string, patientId: string): Promise<RegimenRow | null> {
  const [row] = await tx
    .select()
    .from(r)
    .where(and(eq(r.clinicId, clinicId), eq(r.patientId, patientId), inArray(r.status, ["active", "paused"])))
    .limit(1);
  return row ?? null;
}

/** What the patient sees: the regimen in use, else the newest one waiting for the medicine (planned). */
export async function currentRegimenOf(tx: DbOrTx, clinicId: string, patientId: string): Promise<RegimenRow | null> {
  const active = await activeRegimenOf(tx, clinicId, patientId);
  if (active) return active;
  const [planned] = await tx
    .select()
    .from(r)
    .where(and(eq(r.clinicId, clinicId), eq(r.patientId, patientId), eq(r.status, "planned")))
    .orderBy(sql`${r.createdAt} desc`)
    .limit(1);
  return planned ?? null;
}

export interface DoseFacts {
  sessionsTaken: number;
  unitsLogged: number;
  /** Pharmacy fill notices; the prescribed quantity when only the patient's receipt exists (medication_fill). */
  unitsDispensed: number;
  unitsReportedLost: number;
  unitsOnHand: number;
  /** The patient's last taken dose across all their regimens (the A6 interval does not restart with a new prescription). */
  lastTakenAt: Date | null;
  maxSequence: number;
  lostReports: { units: number; reportedAt: Date }[];
  renewalRequests: { requestedAt: Date; sessionsRemaining: number }[];
}

/** Counts for one regimen, in four queries, bounded by clinic and patient. */
export async function doseFacts(tx: DbOrTx, regimen: RegimenRow): Promise<DoseFacts> {
  const scope = and(eq(s.clinicId, regimen.clinicId), eq(s.patientId, regimen.patientId));
  const [[own], [last], fills, reports] = await Promise.all([
    tx
      .select({
        taken: sql<number>`count(*) filter (where ${s.status} in ('taken', 'postcheck_submitted'))`.mapWith(Number),
        units: sql<number>`coalesce(sum(${s.unitsTaken}) filter (where ${s.status} in ('taken', 'postcheck_submitted')), 0)`.mapWith(Number),
        maxSequence: sql<number>`coalesce(max(${s.sequence}), 0)`.mapWith(Number),
      })
      .from(s)
      .where(and(scope, eq(s.regimenId, regimen.id))),
    tx
      .select({ at: max(s.takenAt) })
      .from(s)
      .where(and(scope, inArray(s.status, [...TAKEN_STATUSES]))),
    tx
      .select({ source: f.source, quantity: sql<number>`coalesce(sum(${f.quantity}), 0)`.mapWith(Number) })
      .from(f)
      .where(and(eq(f.clinicId, regimen.clinicId), eq(f.patientId, regimen.patientId), eq(f.prescriptionId, regimen.prescriptionId)))
      .groupBy(f.source),
    tx
      .select({ reason: e.reason, sourceId: e.sourceId, at: e.occurredAt })
      .from(e)
      .where(and(eq(e.clinicId, regimen.clinicId), eq(e.regimenId, regimen.id), eq(e.sourceType, "patient_report"))),
  ]);
  const pharmacy = fills.find((x) => x.source === "pharmacy")?.quantity ?? 0;
  const receipt = fills.find((x) => x.source === "patient_receipt")?.quantity ?? 0;
  // A receipt records the prescribed quantity only when no fill notice came; a later notice replaces it.
  const unitsDispensed = pharmacy > 0 ? pharmacy : receipt;
  const lostReports = reports.filter((x) => x.reason?.startsWith(REPORT_REASONS.lost)).map((x) => ({ units: numberIn(x.sourceId, "units"), reportedAt: x.at }));
  const renewalRequests = reports
    .filter((x) => x.reason?.startsWith(REPORT_REASONS.renewal))
    .map((x) => ({ requestedAt: x.at, sessionsRemaining: numberIn(x.sourceId, "remaining") }));
  const unitsReportedLost = lostReports.reduce((sum, x) => sum + x.units, 0);
  const unitsLogged = own?.units ?? 0;
  return {
    sessionsTaken: own?.taken ?? 0,
    unitsLogged,
    unitsDispensed,
    unitsReportedLost,
    unitsOnHand: Math.max(0, round(unitsDispensed - unitsLogged - unitsReportedLost)),
    lastTakenAt: last?.at ?? null,
    maxSequence: own?.maxSequence ?? 0,
    lostReports,
    renewalRequests,
  };
}

/**
 * A patient report's regimen_event keeps its one number in the source id ("units:<n>" for a
 * lost/stolen report, "remaining:<n>" for a renewal request): the event table has no detail
 * column, and the lost units count against what is on hand (A6 reconciliation).
 */
export const reportSourceId = (key: "units" | "remaining", n: number) => `${key}:${n}`;
function numberIn(sourceId: string | null, key: "units" | "remaining"): number {
  const m = new RegExp(`^${key}:(\\d+(?:\\.\\d+)?)$`).exec(sourceId ?? "");
  return m ? Number(m[1]) : 0;
}

export const round = (n: number) => Math.round(n * 1000) / 1000;
