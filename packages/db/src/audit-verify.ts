import type postgres from "postgres";

export interface ChainBreak {
  /** null: the chain of events that belong to no clinic. */
  clinicId: string | null;
  id: number;
  chainSeq: number;
  /** hash: the row's content no longer matches its hash; link: prev_hash is not the previous row's hash; gap: a row is missing before it. */
  problem: "hash" | "link" | "gap";
}

export interface ChainHead {
  clinicId: string | null;
  rows: number;
  chainSeq: number;
  hash: string;
}

/**
 * Walks every audit chain (one per clinic; or one clinic's) and reports the first broken link of each.
 * Hashes are recomputed by the same database function the insert trigger uses (audit_event_hash).
 * The heads are what to record outside the database: a chain rewritten from some row to its end, or
 * cut short at the end, is only caught against a head recorded earlier.
 */
export async function verifyAuditChain(sql: postgres.Sql, opts: { clinicId?: string } = {}): Promise<{ rows: number; breaks: ChainBreak[]; heads: ChainHead[] }> {
  const only = opts.clinicId ? sql`where a.clinic_id = ${opts.clinicId}` : sql``;
  const breaks = await sql<ChainBreak[]>`
    with walked as (
      select a.id, a.clinic_id, a.chain_seq, a.prev_hash, a.hash,
             audit_event_hash(a.prev_hash, a) as expected,
             lag(a.hash) over w as prev_stored,
             lag(a.chain_seq) over w as prev_seq
      from audit_event a
      ${only}
      window w as (partition by a.clinic_id order by a.chain_seq)
    ), checked as (
      select clinic_id, id, chain_seq,
             case
               when chain_seq <> coalesce(prev_seq, 0) + 1 then 'gap'
               when prev_hash <> coalesce(prev_stored, repeat('0', 64)) then 'link'
               when hash <> expected then 'hash'
             end as problem
      from walked
    )
    select distinct on (clinic_id) clinic_id as "clinicId", id::float8 as id, chain_seq::float8 as "chainSeq", problem
    from checked where problem is not null
    order by clinic_id, chain_seq`;
  const heads = await sql<ChainHead[]>`
    select distinct on (clinic_id) clinic_id as "clinicId", chain_seq::float8 as "chainSeq", hash,
           (count(*) over (partition by clinic_id))::float8 as rows
    from audit_event a
    ${only}
    order by clinic_id, chain_seq desc`;
  return { rows: heads.reduce((n, h) => n + h.rows, 0), breaks: [...breaks], heads: [...heads] };
}
