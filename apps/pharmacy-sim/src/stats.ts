import type { Sql } from "./db";

export interface MessageRecord {
  type: string;
  outcome: "accepted" | "rejected";
  duplicateCount: number;
  conflictingDuplicateCount: number;
  receivedAt: string;
  response: { messageId: string; type: string; code: string | null; status: string; attempts: number; deliveredCount: number } | null;
}

export interface SimStats {
  /** NewRx messages accepted, each once (distinct MessageIDs). */
  distinctNewRx: number;
  distinctCancelRx: number;
  /** Resends of a MessageID already received (counted, answered again, never processed). */
  duplicatesSeen: number;
  /** Duplicates whose bytes differed from the first copy (a sender bug: a MessageID must not be reused). */
  conflictingDuplicates: number;
  /** Messages processed (accepted or rejected), each exactly once. */
  processed: number;
  rejected: number;
  /** Distinct prescriptions (PrescriberOrderNumber) held, and those that arrived in more than one NewRx. */
  distinctPrescriptions: number;
  prescriptionsWithSeveralNewRx: number;
  cancelled: number;
  /** Requests failed on purpose (control modes) without being received, by mode. */
  transportFailures: Record<string, number>;
  /** Responses to Clearwell by delivery status. */
  responses: Record<"pending" | "delivered" | "failed" | "rejected", number>;
  byMessageId?: Record<string, MessageRecord | null>;
}

export async function readStats(sql: Sql, messageIds: readonly string[] = []): Promise<SimStats> {
  const [[r], [p], transport, responses] = await Promise.all([
    sql<{ new_rx: number; cancel_rx: number; duplicates: number; conflicting: number; processed: number; rejected: number }[]>`
      select count(*) filter (where type = 'NewRx' and outcome = 'accepted')::int as new_rx,
             count(*) filter (where type = 'CancelRx' and outcome = 'accepted')::int as cancel_rx,
             coalesce(sum(duplicate_count), 0)::int as duplicates,
             coalesce(sum(conflicting_duplicate_count), 0)::int as conflicting,
             count(*)::int as processed,
             count(*) filter (where outcome = 'rejected')::int as rejected
      from received_message`,
    sql<{ distinct_rx: number; several: number; cancelled: number }[]>`
      select count(*)::int as distinct_rx, count(*) filter (where n > 1)::int as several, coalesce(sum(c), 0)::int as cancelled
      from (select prescriber_order_number, count(*) as n, count(*) filter (where status = 'cancelled') as c from pharmacy_rx group by prescriber_order_number) x`,
    sql<{ mode: string; n: number }[]>`select mode, count(*)::int as n from transport_event group by mode`,
    sql<{ status: string; n: number }[]>`select status, count(*)::int as n from outbound_message group by status`,
  ]);
  const stats: SimStats = {
    distinctNewRx: r!.new_rx,
    distinctCancelRx: r!.cancel_rx,
    duplicatesSeen: r!.duplicates,
    conflictingDuplicates: r!.conflicting,
    processed: r!.processed,
    rejected: r!.rejected,
    distinctPrescriptions: p!.distinct_rx,
    prescriptionsWithSeveralNewRx: p!.several,
    cancelled: p!.cancelled,
    transportFailures: Object.fromEntries(transport.map((t) => [t.mode, t.n])),
    responses: { pending: 0, delivered: 0, failed: 0, rejected: 0, ...Object.fromEntries(responses.map((x) => [x.status, x.n])) },
  };
  if (messageIds.length) {
    const rows = await sql<
      {
        message_id: string;
        type: string;
        outcome: "accepted" | "rejected";
        duplicate_count: number;
        conflicting_duplicate_count: number;
        received_at: Date;
        response_message_id: string | null;
        r_type: string | null;
        r_code: string | null;
        r_status: string | null;
        r_attempts: number | null;
        r_delivered: number | null;
      }[]
    >`
      select m.message_id, m.type, m.outcome, m.duplicate_count, m.conflicting_duplicate_count, m.received_at, m.response_message_id,
             o.type as r_type, o.code as r_code, o.status as r_status, o.attempts as r_attempts, o.delivered_count as r_delivered
      from received_message m left join outbound_message o on o.message_id = m.response_message_id
      where m.message_id = any(${messageIds as string[]})`;
    const found = new Map(rows.map((x) => [x.message_id, x]));
    stats.byMessageId = Object.fromEntries(
      messageIds.map((id) => {
        const x = found.get(id);
        if (!x) return [id, null];
        return [
          id,
          {
            type: x.type,
            outcome: x.outcome,
            duplicateCount: x.duplicate_count,
            conflictingDuplicateCount: x.conflicting_duplicate_count,
            receivedAt: x.received_at.toISOString(),
            response: x.response_message_id
              ? { messageId: x.response_message_id, type: x.r_type ?? "", code: x.r_code, status: x.r_status ?? "", attempts: x.r_attempts ?? 0, deliveredCount: x.r_delivered ?? 0 }
              : null,
          },
        ];
      }),
    );
  }
  return stats;
}
