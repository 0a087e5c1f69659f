import { CHECK_IN_CADENCES, type CheckInCadence, DEFAULT_SAFETY_SETTINGS, type SafetySettings, validateSafetySettings } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TSafetySettingsUpdateInput } from "@clearwell/validators/alert";
import { and, eq, inArray } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";

type Row = typeof schema.clinicSafetySettings.$inferSelect;

const asCadence = (v: string): CheckInCadence => ((CHECK_IN_CADENCES as readonly string[]).includes(v) ? (v as CheckInCadence) : DEFAULT_SAFETY_SETTINGS.checkInCadence);

function fromRow(row: Row): SafetySettings {
  return {
    bpSystolicMax: row.bpSystolicMax,
    bpDiastolicMax: row.bpDiastolicMax,
    bpUrgentSystolic: row.bpUrgentSystolic,
    bpUrgentDiastolic: row.bpUrgentDiastolic,
    bpRecheckRestMinutes: row.bpRecheckRestMinutes,
    fastingRule: row.fastingRule,
    postDoseCheckHours: row.postDoseCheckHours,
    dissociationWindowMinutes: row.dissociationWindowMinutes,
    checkInCadence: asCadence(row.checkInCadence),
    checkInGraceHours: row.checkInGraceHours,
    preFollowUpCheckInDays: row.preFollowUpCheckInDays,
    missedFollowUpPauseDays: row.missedFollowUpPauseDays,
    a1AutoPause: row.a1AutoPause,
    doseDayGraceHours: row.doseDayGraceHours,
    slaCriticalMinutes: row.slaCriticalMinutes,
    slaHighMinutes: row.slaHighMinutes,
    slaMediumMinutes: row.slaMediumMinutes,
    slaLowMinutes: row.slaLowMinutes,
    onCallUserId: row.onCallUserId,
    backupOnCallUserId: row.backupOnCallUserId,
  };
}

/**
 * The clinic's safety configuration (DOMAIN.md §7 "response times are clinic-configurable
 * defaults"; every (C) of §2 regimen/dose/check-in): the stored row, or the DOMAIN defaults for a
 * clinic that never saved one.
 */
export async function safetySettingsOf(db: DbOrTx, clinicId: string): Promise<SafetySettings> {
  const s = schema.clinicSafetySettings;
  const [row] = await db.select().from(s).where(eq(s.clinicId, clinicId));
  return row ? fromRow(row) : { ...DEFAULT_SAFETY_SETTINGS };
}

/** Clinicians of the clinic who can take an on-call route (they must be able to open a chart). */
async function clinicianNames(db: DbOrTx, clinicId: string, userIds: string[]) {
  if (!userIds.length) return new Map<string, string>();
  const m = schema.clinicMembership;
  const rows = await db
    .selectDistinct({ userId: m.userId, name: schema.user.name })
    .from(m)
    .innerJoin(schema.user, eq(schema.user.id, m.userId))
    .where(and(eq(m.clinicId, clinicId), inArray(m.userId, userIds), inArray(m.role, ["provider", "prescriber"])));
  return new Map(rows.map((r) => [r.userId, r.name]));
}

async function view(db: DbOrTx, clinicId: string) {
  const s = schema.clinicSafetySettings;
  const [row] = await db.select().from(s).where(eq(s.clinicId, clinicId));
  const v = row ? fromRow(row) : { ...DEFAULT_SAFETY_SETTINGS };
  const ids = [v.onCallUserId, v.backupOnCallUserId, row?.updatedByUserId ?? null].filter((x): x is string => !!x);
  const names = ids.length
    ? new Map((await db.select({ id: schema.user.id, name: schema.user.name }).from(schema.user).where(inArray(schema.user.id, ids))).map((u) => [u.id, u.name]))
    : new Map<string, string>();
  return {
    ...v,
    onCallName: v.onCallUserId ? (names.get(v.onCallUserId) ?? null) : null,
    backupOnCallName: v.backupOnCallUserId ? (names.get(v.backupOnCallUserId) ?? null) : null,
    // DOMAIN.md §7: "a clinic must have an on-call path before go-live".
    onCallConfigured: !!v.onCallUserId,
    updatedAt: row?.updatedAt ?? null,
    updatedByName: row?.updatedByUserId ? (names.get(row.updatedByUserId) ?? null) : null,
  };
}

/** safetySettings.get: admins edit; the clinic's clinicians read (their gate and alerts follow it). */
export function getSafetySettings(db: Database, clinicId: string) {
  return db.transaction((tx) => view(tx, clinicId));
}

/**
 * safetySettings.update: each value on its own, values not sent stay. packages/clinical
 * validateSafetySettings checks the whole result (each problem named by its field); the on-call
 * and backup must be the clinic's clinicians (they own critical alerts and open charts). Audited
 * with each changed value, from and to (configuration, no patient data).
 */
export async function updateSafetySettings(db: Database, actor: Actor, clinicId: string, input: TSafetySettingsUpdateInput) {
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<SafetySettings>;
  if (Object.keys(changes).length === 0) throw new DomainError("BAD_INPUT", "Choose a setting to change.");
  return db.transaction(async (tx) => {
    const s = schema.clinicSafetySettings;
    // FOR UPDATE: two admins saving at once each audit the value they replaced.
    const [row] = await tx.select().from(s).where(eq(s.clinicId, clinicId)).for("update");
    const before = row ? fromRow(row) : { ...DEFAULT_SAFETY_SETTINGS };
    const after: SafetySettings = { ...before, ...changes };
    const problems = validateSafetySettings(after).map((p) => `${p.field}: ${p.message}`);
    const routed = [after.onCallUserId, after.backupOnCallUserId].filter((x): x is string => !!x);
    const clinicians = await clinicianNames(tx, clinicId, routed);
    if (after.onCallUserId && !clinicians.has(after.onCallUserId)) problems.push("onCallUserId: Choose a provider or prescriber of this clinic as the on-call clinician.");
    if (after.backupOnCallUserId && !clinicians.has(after.backupOnCallUserId)) {
      problems.push("backupOnCallUserId: Choose a provider or prescriber of this clinic as the backup on-call clinician.");
    }
    if (problems.length) throw new DomainError("BAD_INPUT", `Check the safety settings: ${problems.map((p) => p.slice(p.indexOf(": ") + 2)).join(" ")}`, problems);
    const set = { ...after, updatedAt: new Date(), updatedByUserId: actor.userId };
    await tx
      .insert(s)
      .values({ clinicId, ...set })
      .onConflictDoUpdate({ target: s.clinicId, set });
    const detail = Object.fromEntries(
      (Object.keys(changes) as (keyof SafetySettings)[]).filter((k) => before[k] !== after[k]).map((k) => [k, { from: before[k], to: after[k] }]),
    );
    await recordAudit(tx, actor, { action: "safety.settings.update", resourceType: "clinic", resourceId: clinicId, detail });
    return view(tx, clinicId);
  });
}
