import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TPatientListCursor } from "@clearwell/validators/patient";
import { and, asc, eq, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { listReadAuditSql } from "../audit/record-audit";

export interface PatientListQuery {
  q?: string | undefined;
  /** The last row of the previous page (its sort key); none for the first page. */
  cursor?: TPatientListCursor | null | undefined;
  pageSize: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of the clinic's patients (demographics only: minimum necessary, DOMAIN.md §9), by
 * keyset on patient_clinic_name_idx (clinic, family name, given name, id): a page costs its own
 * rows whatever its depth, and there is no total (counting walked the whole clinic on every page).
 * One more row than the page tells whether there is a next one; one audit row for the request.
 */
export async function listPatients(db: Database, actor: Actor, clinicId: string, query: PatientListQuery) {
  const p = schema.patient;
  const term = query.q?.trim().toLowerCase();
  const after = query.cursor;
  const where = and(
    eq(p.clinicId, clinicId),
    term
      ? sql`lower(${p.givenName} || ' ' || ${p.familyName} || ' ' || ${p.email} || ' ' || ${p.mrn}) like ${`%${escapeLike(term)}%`}`
      : undefined,
    after ? sql`(${p.familyName}, ${p.givenName}, ${p.id}) > (${after.familyName}, ${after.givenName}, ${after.id}::uuid)` : undefined,
  );
  // One statement (issue 14): the page (and one row more, to tell whether a next page exists), and
  // one audit row for the request naming the patients shown (not one row per patient), written by it.
  const page = db
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
    })
    .from(p)
    .where(where)
    .orderBy(asc(p.familyName), asc(p.givenName), asc(p.id))
    .limit(query.pageSize + 1);
  const rowsCte = db.$with("rows").as(page);
  const shownIds = sql`(select array_agg(id) from (select id from rows order by family_name, given_name, id limit ${query.pageSize}) shown)`;
  const audit = db.$with("audit", { n: sql<number>`n` }).as(
    listReadAuditSql(actor, { action: "patient.list", clinicId, detail: term ? { searched: true } : undefined }, shownIds),
  );
  const rows = await db.with(rowsCte, audit).select().from(rowsCte).orderBy(asc(rowsCte.familyName), asc(rowsCte.givenName), asc(rowsCte.id));
  const items = rows.slice(0, query.pageSize);
  const last = rows.length > query.pageSize ? items.at(-1) : undefined;
  return {
    items,
    nextCursor: last ? { familyName: last.familyName, givenName: last.givenName, id: last.id } : null,
    pageSize: query.pageSize,
  };
}
