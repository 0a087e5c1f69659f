import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, inArray, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit, recordListRead } from "./record-audit";

const p = schema.patient;

/** Demographics only (DOMAIN.md §1: admins see who, never clinical content). */
const auditPatientColumns = {
  id: p.id,
  name: sql<string>`${p.givenName} || ' ' || ${p.familyName}`,
  mrn: p.mrn,
  dateOfBirth: p.dateOfBirth,
};

export async function findAuditPatient(tx: DbOrTx, clinicId: string, patientId: string) {
  const [row] = await tx.select(auditPatientColumns).from(p).where(and(eq(p.clinicId, clinicId), eq(p.id, patientId)));
  return row ?? null;
}

const SEARCH_LIMIT = 10;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** "1984-03-02", "3/2/1984" or "03-02-1984" (US order) as an ISO date; null when it is not a date. */
export function dateOfBirthOf(q: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(q);
  const us = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(q);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * The admin's way to a patient's audit trail without pasting an id: this clinic's patients whose name,
 * MRN or email contains the text (the patient list's trigram index), or whose date of birth it is.
 * The demographics shown are themselves a read, audited as one list read.
 */
export async function searchAuditPatients(db: Database, actor: Actor, clinicId: string, input: { q: string }) {
  const term = input.q.trim().toLowerCase();
  const dob = dateOfBirthOf(term);
  const match = dob
    ? eq(p.dateOfBirth, dob)
    : sql`lower(${p.givenName} || ' ' || ${p.familyName} || ' ' || ${p.email} || ' ' || ${p.mrn}) like ${`%${escapeLike(term)}%`}`;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select(auditPatientColumns)
      .from(p)
      .where(and(eq(p.clinicId, clinicId), match))
      .orderBy(asc(p.familyName), asc(p.givenName), asc(p.id))
      .limit(SEARCH_LIMIT + 1);
    const items = rows.slice(0, SEARCH_LIMIT);
    await recordListRead(tx, actor, { action: "audit.patient_search", clinicId, patientIds: items.map((r) => r.id), detail: { by: dob ? "date_of_birth" : "text" } });
    return { items, more: rows.length > SEARCH_LIMIT };
  });
}

/** Who one list read showed, for the admin looking into it: names and MRNs, in name order. */
export async function listReadPatients(db: Database, actor: Actor, clinicId: string, input: { eventId: number }) {
  const a = schema.auditEvent;
  return db.transaction(async (tx) => {
    const [event] = await tx
      .select({ patientIds: a.patientIds })
      .from(a)
      .where(and(eq(a.id, input.eventId), eq(a.clinicId, clinicId)));
    if (!event?.patientIds) throw new DomainError("NOT_FOUND", "No such list read in this clinic's audit log.");
    const items = event.patientIds.length
      ? await tx
          .select(auditPatientColumns)
          .from(p)
          .where(and(eq(p.clinicId, clinicId), inArray(p.id, event.patientIds)))
          .orderBy(asc(p.familyName), asc(p.givenName), asc(p.id))
      : [];
    await recordAudit(tx, actor, {
      action: "audit.list_read_patients",
      resourceType: "audit_event",
      resourceId: String(input.eventId),
      patientIds: items.map((r) => r.id),
    });
    return { items, missing: event.patientIds.length - items.length };
  });
}
