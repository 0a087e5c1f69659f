import {
  type DeaSchedule,
  FORM_ENABLED_BY_DEFAULT,
  type FormularyEntry,
  type FormularyProblem,
  drugDescription,
  renderSig,
  validateFormularyEntry,
} from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TFormularyEntryFields, TFormularySaveInput } from "@clearwell/validators/prescribing-admin";
import { type SQL, and, asc, eq, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";

type Row = typeof schema.formularyEntry.$inferSelect;

/** The clinical view of a stored entry (packages/clinical FormularyEntry). */
export function formularyEntryOf(r: Row): FormularyEntry {
  const base = {
    id: r.id,
    drugName: r.drugName,
    strength: { value: Number(r.strengthValue), unit: "mg" as const },
    bounds: {
      minDoseMgPerSession: Number(r.minDoseMg),
      maxDoseMgPerSession: Number(r.maxDoseMg),
      maxTitrationStepMg: Number(r.maxTitrationStepMg),
      minDaysBetweenSessions: r.minDaysBetweenSessions,
      maxSessionsPerFill: r.maxSessionsPerFill,
    },
    deaSchedule: r.deaSchedule as DeaSchedule,
    enabled: r.enabled,
  };
  if (r.form === "nasal_spray") return { ...base, form: "nasal_spray", route: "intranasal", spraysPerMl: Number(r.spraysPerMl), minutesBetweenSprays: r.minutesBetweenSprays ?? 0 };
  if (r.form === "rdt_odt") return { ...base, form: "rdt_odt", route: "sublingual", holdMinutes: r.holdMinutes ?? 0 };
  return { ...base, form: "troche", route: r.route as "sublingual" | "buccal", holdMinutes: r.holdMinutes ?? 0 };
}

/** The entry an admin typed, as packages/clinical sees it (a missing form field becomes NaN so it is named). */
function entryFromInput(v: TFormularyEntryFields & { id?: string }): FormularyEntry {
  const base = {
    id: v.id ?? "new",
    drugName: v.drugName,
    strength: { value: v.strength.value, unit: "mg" as const },
    bounds: v.bounds,
    deaSchedule: v.deaSchedule ?? "3N",
    enabled: v.enabled ?? FORM_ENABLED_BY_DEFAULT[v.form],
  };
  if (v.form === "nasal_spray") return { ...base, form: v.form, route: v.route as "intranasal", spraysPerMl: v.spraysPerMl ?? Number.NaN, minutesBetweenSprays: v.minutesBetweenSprays ?? Number.NaN };
  return { ...base, form: v.form, route: v.route as "sublingual", holdMinutes: v.holdMinutes ?? Number.NaN };
}

/**
 * What is wrong with an entry an admin saves, by field path (the input's own paths):
 * packages/clinical validateFormularyEntry (DOMAIN.md §4.1-4.2), plus a titration step above 0
 * (the database requires it; an entry that allows no increase is not a use case we store).
 */
export function formularyProblems(v: TFormularyEntryFields): FormularyProblem[] {
  const problems = validateFormularyEntry(entryFromInput(v));
  if (v.bounds.maxTitrationStepMg === 0) problems.push({ field: "bounds.maxTitrationStepMg", message: "Maximum titration step must be above 0 mg." });
  return problems;
}

/** The smallest session the bounds allow, for the sig preview beside the entry. */
function sigPreview(entry: FormularyEntry): string {
  const units = Math.max(1, Math.ceil(entry.bounds.minDoseMgPerSession / entry.strength.value));
  return renderSig(entry, { unitsPerSession: units, daysBetweenSessions: entry.bounds.minDaysBetweenSessions });
}

export function formularyItemOf(r: Row & { updatedByName: string | null }) {
  const entry = formularyEntryOf(r);
  return {
    id: r.id,
    drugName: r.drugName,
    form: r.form,
    route: r.route,
    strength: entry.strength,
    holdMinutes: r.holdMinutes,
    spraysPerMl: r.spraysPerMl === null ? null : Number(r.spraysPerMl),
    minutesBetweenSprays: r.minutesBetweenSprays,
    bounds: entry.bounds,
    deaSchedule: entry.deaSchedule,
    enabled: r.enabled,
    compoundingNote: r.compoundingNote,
    version: r.version,
    updatedAt: r.updatedAt,
    updatedByName: r.updatedByName,
    description: drugDescription(entry),
    sigPreview: sigPreview(entry),
  };
}

async function loadEntries(db: DbOrTx, clinicId: string, where?: SQL) {
  const f = schema.formularyEntry;
  const rows = await db
    .select({ entry: f, updatedByName: schema.user.name })
    .from(f)
    .leftJoin(schema.user, eq(schema.user.id, f.updatedByUserId))
    .where(and(eq(f.clinicId, clinicId), where))
    .orderBy(asc(f.drugName), asc(f.form), asc(f.strengthValue), asc(f.id))
    .limit(500);
  return rows.map((r) => formularyItemOf({ ...r.entry, updatedByName: r.updatedByName }));
}

/** formulary.list: what the clinic offers; disabled entries only when asked (the admin's page). */
export async function listFormulary(db: Database, clinicId: string, includeDisabled = false) {
  return { items: await loadEntries(db, clinicId, includeDisabled ? undefined : eq(schema.formularyEntry.enabled, true)) };
}

/** The stored columns of an entry; the other form's fields are dropped (the database requires them absent). */
function columnsOf(v: TFormularyEntryFields) {
  const spray = v.form === "nasal_spray";
  return {
    drugName: v.drugName,
    form: v.form,
    route: v.route,
    strengthValue: v.strength.value,
    strengthUnit: "mg",
    holdMinutes: spray ? null : (v.holdMinutes ?? null),
    spraysPerMl: spray ? (v.spraysPerMl ?? null) : null,
    minutesBetweenSprays: spray ? (v.minutesBetweenSprays ?? null) : null,
    minDoseMg: v.bounds.minDoseMgPerSession,
    maxDoseMg: v.bounds.maxDoseMgPerSession,
    maxTitrationStepMg: v.bounds.maxTitrationStepMg,
    minDaysBetweenSessions: v.bounds.minDaysBetweenSessions,
    maxSessionsPerFill: v.bounds.maxSessionsPerFill,
    deaSchedule: v.deaSchedule ?? "3N",
    compoundingNote: v.compoundingNote ?? null,
  };
}

type Columns = ReturnType<typeof columnsOf> & { enabled?: boolean };

/** Changed columns, from and to (settings only, no patient data). */
function changesOf(before: Row, after: Partial<Columns>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of Object.entries(after)) {
    const from = before[k as keyof Row];
    const same = typeof to === "number" || typeof from === "number" ? Number(from) === Number(to) && (from === null) === (to === null) : from === to;
    if (!same) out[k] = { from, to };
  }
  return out;
}

const notFound = () => new DomainError("NOT_FOUND", "This formulary entry was not found.");
const stale = () => new DomainError("CONFLICT", "Someone changed this entry since you opened it. Reload it to see their changes, then save again.");

/**
 * formulary.save: a new entry or an edit at the version the admin opened (optimistic concurrency).
 * Prescriptions snapshot the entry they use, so an edit never changes a signed prescription.
 * Audited as formulary.update with the changed fields.
 */
export async function saveFormularyEntry(db: Database, actor: Actor, clinicId: string, input: TFormularySaveInput) {
  const problems = formularyProblems(input);
  if (problems.length) throw new DomainError("BAD_INPUT", problems[0]!.message, problems.map((p) => `${p.field}: ${p.message}`));
  const columns = columnsOf(input);
  const f = schema.formularyEntry;
  return db.transaction(async (tx) => {
    if (!input.id) {
      const enabled = input.enabled ?? FORM_ENABLED_BY_DEFAULT[input.form];
      const [row] = await tx.insert(f).values({ ...columns, clinicId, enabled, version: 1, updatedByUserId: actor.userId }).returning();
      await recordAudit(tx, actor, { action: "formulary.update", resourceType: "formulary_entry", resourceId: row!.id, detail: { op: "create", form: row!.form, strengthMg: Number(row!.strengthValue), enabled } });
      return (await loadEntries(tx, clinicId, eq(f.id, row!.id)))[0]!;
    }
    const [before] = await tx.select().from(f).where(and(eq(f.id, input.id), eq(f.clinicId, clinicId))).for("update");
    if (!before) throw notFound();
    if (before.version !== input.version) throw stale();
    const next: Columns = { ...columns, ...(input.enabled === undefined ? {} : { enabled: input.enabled }) };
    const changed = changesOf(before, next);
    await tx
      .update(f)
      .set({ ...next, version: sql`${f.version} + 1`, updatedAt: new Date(), updatedByUserId: actor.userId })
      .where(and(eq(f.id, before.id), eq(f.clinicId, clinicId)));
    await recordAudit(tx, actor, { action: "formulary.update", resourceType: "formulary_entry", resourceId: before.id, detail: { op: "update", version: before.version + 1, changed } });
    return (await loadEntries(tx, clinicId, eq(f.id, before.id)))[0]!;
  });
}

/**
 * formulary.setEnabled: offer or withdraw an entry (nasal spray is off by default, DOMAIN.md §4.1).
 * Bumps the version, so an edit opened before is refused rather than silently re-enabling.
 */
export async function setFormularyEnabled(db: Database, actor: Actor, clinicId: string, input: { id: string; enabled: boolean }) {
  const f = schema.formularyEntry;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(f).where(and(eq(f.id, input.id), eq(f.clinicId, clinicId))).for("update");
    if (!before) throw notFound();
    if (before.enabled !== input.enabled) {
      await tx
        .update(f)
        .set({ enabled: input.enabled, version: sql`${f.version} + 1`, updatedAt: new Date(), updatedByUserId: actor.userId })
        .where(and(eq(f.id, before.id), eq(f.clinicId, clinicId)));
      await recordAudit(tx, actor, {
        action: "formulary.update",
        resourceType: "formulary_entry",
        resourceId: before.id,
        detail: { op: input.enabled ? "enable" : "disable", version: before.version + 1 },
      });
    }
    return (await loadEntries(tx, clinicId, eq(f.id, before.id)))[0]!;
  });
}
