import type { Database, Transaction } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { recordListRead } from "../audit/record-audit";

export interface PatientListQuery {
  q?: string;
  page: number;
  pageSize: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of the clinic's patients (demographics only: minimum necessary,
 * DOMAIN.md §9). One query for the page and its total, one audit row for the request.
 */
export async function listPatients(db: Database, actor: Actor, clinicId: string, query: PatientListQuery) {
  const p = schema.patient;
  const term = query.q?.trim().toLowerCase();
  const where = and(
    eq(p.clinicId, clinicId),
    term
      ? sql`lower(${p.givenName} || ' ' || ${p.familyName} || ' ' || ${p.email} || ' ' || ${p.mrn}) like ${`%${escapeLike(term)}%`}`
      : undefined,
  );
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: p.id,
        mrn: p.mrn,
        givenName: p.givenName,
        familyName: p.familyName,
        preferredName: p.preferredName,
        dateOfBirth: p.dateOfBirth,
        stateOfResidence: p.stateOfResidence,
        status: p.status,
        email: p.email,
        phone: p.phone,
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(p)
      .where(where)
      .orderBy(asc(p.familyName), asc(p.givenName), asc(p.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);

    // One audit row for the request, naming the patients shown (not one row per patient).
    await recordListRead(tx, actor, { action: "patient.list", clinicId, patientIds: rows.map((r) => r.id), detail: term ? { searched: true } : undefined });
    const total = rows[0]?.total ?? (query.page > 1 ? await countAll(tx, where) : 0);
    return {
      items: rows.map(({ total: _t, ...r }) => r),
      total,
      page: query.page,
      pageSize: query.pageSize,
      pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
    };
  });
}

// Only for a page past the end, where the window count has no row to ride on.
async function countAll(tx: Transaction, where: ReturnType<typeof and>) {
  const [row] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(schema.patient).where(where);
  return row?.n ?? 0;
}
