import type { DbOrTx } from "@clearwell/db/client";
import { sql } from "drizzle-orm";

/**
 * Counters shared by every app instance, kept in better-auth's `rate_limit` table under
 * keys better-auth never reads (it keys on "<ip>|<path>"). For these rows `last_request`
 * holds when the row stops mattering (ms since the epoch): better-auth prunes rows whose
 * value is older than its longest window, which then only removes expired ones.
 */

export interface RateRule {
  /** Seconds. */
  window: number;
  max: number;
}

/**
 * Counts one request against a fixed window; true while the count is within `max`.
 * One statement, so concurrent requests on several instances all count.
 */
export async function consumeRateLimit(db: DbOrTx, key: string, rule: RateRule): Promise<boolean> {
  const now = Date.now();
  const end = now + rule.window * 1000;
  const rows = await db.execute<{ count: number }>(sql`
    insert into rate_limit (id, key, count, last_request) values (gen_random_uuid()::text, ${key}, 1, ${end})
    on conflict (key) do update set
      count = case when rate_limit.last_request <= ${now} then 1 else rate_limit.count + 1 end,
      last_request = case when rate_limit.last_request <= ${now} then ${end} else rate_limit.last_request end
    returning count`);
  return Number(rows[0]?.count ?? 0) <= rule.max;
}

// Failures against an address with no account are kept as long as a real account's count
// (which only a success or a lockout resets); a month bounds the table.
const KEEP_FAILURES_MS = 30 * 86_400_000;

const failuresKey = (email: string) => `lockout:${email.toLowerCase()}`;
const lockedKey = (email: string) => `locked:${email.toLowerCase()}`;

/**
 * The lockout for an address that has no account, mirroring the `user` row's counter so the
 * answers (and the moment ACCOUNT_LOCKED starts) are the same whether or not it exists.
 * True when this failure locked it.
 */
export async function recordUnknownAddressFailure(db: DbOrTx, email: string, lockout: { threshold: number; minutes: number }) {
  const keep = Date.now() + KEEP_FAILURES_MS;
  const rows = await db.execute<{ locked: boolean }>(sql`
    insert into rate_limit (id, key, count, last_request) values (gen_random_uuid()::text, ${failuresKey(email)}, 1, ${keep})
    on conflict (key) do update set
      count = case when rate_limit.count + 1 >= ${lockout.threshold} then 0 else rate_limit.count + 1 end,
      last_request = ${keep}
    returning count = 0 as locked`);
  const locked = rows[0]?.locked === true;
  if (locked) {
    const until = Date.now() + lockout.minutes * 60_000;
    await db.execute(sql`
      insert into rate_limit (id, key, count, last_request) values (gen_random_uuid()::text, ${lockedKey(email)}, 1, ${until})
      on conflict (key) do update set last_request = ${until}`);
  }
  return locked;
}

/** When an address without an account stays locked until, or null. */
export async function unknownAddressLockedUntil(db: DbOrTx, email: string): Promise<Date | null> {
  const rows = await db.execute<{ until: string }>(
    sql`select last_request as until from rate_limit where key = ${lockedKey(email)} and last_request > ${Date.now()}`,
  );
  return rows[0] ? new Date(Number(rows[0].until)) : null;
}
