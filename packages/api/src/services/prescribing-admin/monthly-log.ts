import { addCalendarDays, addCalendarMonths } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TEpcsMonthlyLogInput } from "@clearwell/validators/prescribing-admin";
import { type AnyColumn, type SQL, and, asc, desc, eq, gte, isNotNull, lte, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { rolesIn } from "./facts";

/**
 * The monthly controlled-substance prescription log of one prescriber (21 CFR 1311.120(b); DOMAIN.md
 * §5.1 "monthly per-prescriber log"): the prescriptions they signed whose written date (the clinic's
 * calendar day of signing) falls in the month, sortable by patient, drug or date. For the clinic's
 * admins, and for a prescriber their own log only.
 */
export async function monthlyLog(db: Database, actor: Actor, clinicId: string, input: TEpcsMonthlyLogInput) {
  const sort = input.sort ?? "date";
  const direction = input.direction ?? "asc";
  if (!actor.roles.includes("admin") && input.prescriberUserId !== actor.userId) {
    throw denied(actor, { action: "prescription.log.read", resourceType: "user", resourceId: input.prescriberUserId, detail: { reason: "not_own_log" } }, "FORBIDDEN", "You can see your own prescription log only.");
  }
  const first = `${input.month}-01`;
  const last = addCalendarDays(addCalendarMonths(first, 1), -1);
  return db.transaction(async (tx) => {
    if ((await rolesIn(tx, clinicId, input.prescriberUserId)).length === 0) throw new DomainError("NOT_FOUND", "No one with this id works in this clinic.");
    const [who] = await tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, input.prescriberUserId));
    const p = schema.prescription;
    const pt = schema.patient;
    const drug = sql<string>`coalesce(${p.signedContent}->'medication'->>'drugDescription', ${schema.formularyEntry.drugName}, '')`;
    const order = (x: SQL | AnyColumn) => (direction === "asc" ? asc(x) : desc(x));
    const orderBy =
      sort === "patient" ? [order(pt.familyName), order(pt.givenName), order(p.signedAt)] : sort === "drug" ? [order(drug), order(p.signedAt)] : [order(p.signedAt)];
    const rows = await tx
      .select({
        prescriptionId: p.id,
        patientId: p.patientId,
        patientName: sql<string>`${pt.givenName} || ' ' || ${pt.familyName}`,
        patientMrn: pt.mrn,
        drug,
        quantity: p.quantity,
        quantityUnit: sql<string | null>`${p.signedContent}->'quantity'->>'unit'`,
        refills: p.refills,
        writtenDate: p.writtenDate,
        signedAt: p.signedAt,
        status: p.status,
        pharmacyName: schema.pharmacy.name,
        deaNumber: sql<string | null>`${p.signedContent}->'prescriber'->'dea'->>'number'`,
      })
      .from(p)
      .innerJoin(pt, and(eq(pt.id, p.patientId), eq(pt.clinicId, p.clinicId)))
      .leftJoin(schema.pharmacy, and(eq(schema.pharmacy.id, p.pharmacyId), eq(schema.pharmacy.clinicId, p.clinicId)))
      .leftJoin(schema.formularyEntry, and(eq(schema.formularyEntry.id, p.formularyEntryId), eq(schema.formularyEntry.clinicId, p.clinicId)))
      .where(and(eq(p.clinicId, clinicId), eq(p.prescriberUserId, input.prescriberUserId), isNotNull(p.signedAt), gte(p.writtenDate, first), lte(p.writtenDate, last)))
      .orderBy(...orderBy, asc(p.id))
      .limit(5000);
    // A read of patients' prescriptions (names, drugs): audited as one read with what was asked.
    await recordAudit(tx, actor, {
      action: "prescription.log.read",
      resourceType: "user",
      resourceId: input.prescriberUserId,
      detail: { month: input.month, sort, direction, returned: rows.length },
    });
    return {
      prescriber: { userId: input.prescriberUserId, name: who?.name ?? "" },
      month: input.month,
      items: rows.map((r) => ({ ...r, quantity: r.quantity === null ? null : Number(r.quantity), writtenDate: r.writtenDate!, signedAt: r.signedAt! })),
    };
  });
}
