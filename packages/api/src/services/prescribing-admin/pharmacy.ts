import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TPharmacySaveInput } from "@clearwell/validators/prescribing-admin";
import { and, asc, eq, ne } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { isUniqueViolation } from "../db-errors";

type Row = typeof schema.pharmacy.$inferSelect;

const itemOf = (r: Row) => ({
  id: r.id,
  name: r.name,
  ncpdpId: r.ncpdpId,
  npi: r.npi,
  addressLine1: r.addressLine1,
  addressLine2: r.addressLine2,
  city: r.city,
  state: r.state,
  postalCode: r.postalCode,
  phone: r.phone,
  shipsToStates: r.shipsToStates,
  epcsCapable: r.epcsCapable,
  compounding: r.compounding,
  active: r.active,
  updatedAt: r.updatedAt,
});

/** pharmacy.list: the clinic's compounding pharmacy directory (DOMAIN.md §4.5); inactive ones for the admin only, after the rest. */
export async function listPharmacies(db: Database, clinicId: string, includeInactive = false) {
  const p = schema.pharmacy;
  const rows = await db
    .select()
    .from(p)
    .where(and(eq(p.clinicId, clinicId), includeInactive ? undefined : eq(p.active, true)))
    .orderBy(asc(p.name), asc(p.id))
    .limit(500);
  return { items: rows.sort((a, b) => Number(b.active) - Number(a.active)).map(itemOf) };
}

const duplicate = (ncpdpId: string) => new DomainError("CONFLICT", `Another pharmacy in the directory already has NCPDP ID ${ncpdpId}.`, ["ncpdpId"]);

function columnsOf(v: TPharmacySaveInput) {
  return {
    name: v.name,
    ncpdpId: v.ncpdpId,
    npi: v.npi,
    addressLine1: v.addressLine1,
    addressLine2: v.addressLine2 ?? null,
    city: v.city,
    state: v.state,
    postalCode: v.postalCode,
    phone: v.phone,
    // One entry per state, in order: the prescription check (RX18) compares codes.
    shipsToStates: [...new Set(v.shipsToStates)].sort(),
    epcsCapable: v.epcsCapable,
    compounding: v.compounding,
  };
}

function changesOf(before: Row, after: Partial<Row>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of Object.entries(after)) {
    const from = before[k as keyof Row];
    if (JSON.stringify(from) !== JSON.stringify(to)) out[k] = { from, to };
  }
  return out;
}

async function ncpdpTaken(tx: DbOrTx, clinicId: string, ncpdpId: string, exceptId?: string) {
  const p = schema.pharmacy;
  const [row] = await tx
    .select({ id: p.id })
    .from(p)
    .where(and(eq(p.clinicId, clinicId), eq(p.ncpdpId, ncpdpId), exceptId ? ne(p.id, exceptId) : undefined));
  return !!row;
}

/**
 * pharmacy.save: adds a pharmacy or edits one. NCPDP ID is unique in the clinic's directory (the
 * SCRIPT To address). Audited as pharmacy.update with the changed fields (no patient data).
 */
export async function savePharmacy(db: Database, actor: Actor, clinicId: string, input: TPharmacySaveInput) {
  const p = schema.pharmacy;
  const columns = columnsOf(input);
  try {
    return await db.transaction(async (tx) => {
      if (await ncpdpTaken(tx, clinicId, input.ncpdpId, input.id)) throw duplicate(input.ncpdpId);
      if (!input.id) {
        const [row] = await tx
          .insert(p)
          .values({ ...columns, clinicId, active: input.active ?? true })
          .returning();
        await recordAudit(tx, actor, { action: "pharmacy.update", resourceType: "pharmacy", resourceId: row!.id, detail: { op: "create", ncpdpId: row!.ncpdpId } });
        return itemOf(row!);
      }
      const [before] = await tx.select().from(p).where(and(eq(p.id, input.id), eq(p.clinicId, clinicId))).for("update");
      if (!before) throw new DomainError("NOT_FOUND", "This pharmacy was not found.");
      const next = { ...columns, ...(input.active === undefined ? {} : { active: input.active }) };
      const [row] = await tx
        .update(p)
        .set({ ...next, updatedAt: new Date() })
        .where(and(eq(p.id, before.id), eq(p.clinicId, clinicId)))
        .returning();
      await recordAudit(tx, actor, { action: "pharmacy.update", resourceType: "pharmacy", resourceId: before.id, detail: { op: "update", changed: changesOf(before, next) } });
      return itemOf(row!);
    });
  } catch (e) {
    // Two admins adding the same pharmacy at once: the second is told, not given a server error.
    if (isUniqueViolation(e, "pharmacy_clinic_ncpdp_uq")) throw duplicate(input.ncpdpId);
    throw e;
  }
}

/** pharmacy.setActive: takes a pharmacy out of (or back into) the list prescribers choose from. */
export async function setPharmacyActive(db: Database, actor: Actor, clinicId: string, input: { id: string; active: boolean }) {
  const p = schema.pharmacy;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(p).where(and(eq(p.id, input.id), eq(p.clinicId, clinicId))).for("update");
    if (!before) throw new DomainError("NOT_FOUND", "This pharmacy was not found.");
    if (before.active === input.active) return itemOf(before);
    const [row] = await tx
      .update(p)
      .set({ active: input.active, updatedAt: new Date() })
      .where(and(eq(p.id, before.id), eq(p.clinicId, clinicId)))
      .returning();
    await recordAudit(tx, actor, { action: "pharmacy.update", resourceType: "pharmacy", resourceId: before.id, detail: { op: input.active ? "activate" : "deactivate" } });
    return itemOf(row!);
  });
}
