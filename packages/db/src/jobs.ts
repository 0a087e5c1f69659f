import PgBoss from "pg-boss";
import { type SQL, sql } from "drizzle-orm";

import type { DbOrTx } from "./client";

export { PgBoss };

/** pg-boss keeps its tables in this schema, created by the migration step (the app role cannot create). */
export const JOB_SCHEMA = "pgboss";

type QueuePolicy = Omit<PgBoss.Queue, "name">;

/**
 * Every queue the product uses and its delivery policy. Jobs are at least once: handlers are
 * idempotent. A job out of retries moves to its dead-letter queue, kept for inspection and redrive.
 */
export const QUEUES = {
  // Dead-letter queues come before the queues that name them (a foreign key in pg-boss).
  "mail.dead": { policy: "standard", retryLimit: 0, retentionMinutes: 14 * 24 * 60 },
  // Outbound e-mail: backoff from 30 s over about two hours, then the dead-letter queue.
  "mail.send": { policy: "standard", retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 120, retentionMinutes: 2 * 24 * 60, deadLetter: "mail.dead" },
  // Closing visits whose time is over: one at a time across all workers (rows are SKIP LOCKED anyway).
  "visit.sweep": { policy: "singleton", retryLimit: 0, expireInSeconds: 300, retentionMinutes: 60 },
  // E-prescribing (DOMAIN.md §5.3). The rx_outbox row is the record of truth; a job only wakes a
  // relay for one message (ids only, no content). A job that keeps failing (database trouble) lands
  // in rx.dead for inspection, while the outbox row stays due and rx.sweep picks it up again.
  "rx.dead": { policy: "standard", retryLimit: 0, retentionMinutes: 14 * 24 * 60 },
  "rx.deliver": { policy: "standard", retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120, retentionMinutes: 2 * 24 * 60, deadLetter: "rx.dead" },
  // Every minute: re-queue rows whose lease expired (a killed relay), dead-letter by age, A9 alerts.
  "rx.sweep": { policy: "singleton", retryLimit: 0, expireInSeconds: 120, retentionMinutes: 60 },
  // 21 CFR 1311.150: each clinic's EPCS-tagged audit events of its previous day, compiled into a review
  // report. Hourly, so each clinic's day is compiled soon after its own midnight; idempotent per clinic+day.
  "epcs.daily-review": { policy: "singleton", retryLimit: 2, retryDelay: 60, expireInSeconds: 600, retentionMinutes: 7 * 24 * 60 },
  // Issue 13 (DOMAIN.md §7): the closed alert loop and the home regimen's clocks. Each handler is
  // idempotent (rows re-checked under SKIP LOCKED), so a retry or a second worker changes nothing.
  // Every minute: SLA lapse -> next tier + admin.
  "alert.escalate": { policy: "singleton", retryLimit: 0, expireInSeconds: 120, retentionMinutes: 60 },
  // Every minute: missed dose sessions (A10), overdue and missed check-ins (A7 + reminder mail).
  "home.sweep": { policy: "singleton", retryLimit: 0, expireInSeconds: 120, retentionMinutes: 60 },
  // Hourly: check-ins due at the clinic's cadence and before each follow-up.
  "checkin.schedule": { policy: "singleton", retryLimit: 1, retryDelay: 60, expireInSeconds: 600, retentionMinutes: 24 * 60 },
  // Hourly: follow-up no-shows (A8), regimen auto-pause on a lapsed follow-up or eligibility.
  "regimen.review": { policy: "singleton", retryLimit: 1, retryDelay: 60, expireInSeconds: 600, retentionMinutes: 24 * 60 },
} satisfies Record<string, QueuePolicy>;

export type QueueName = keyof typeof QUEUES;

/** Cron schedules the workers keep (minute granularity, pg-boss cron). */
export const SCHEDULES: { queue: QueueName; cron: string }[] = [
  { queue: "visit.sweep", cron: "* * * * *" },
  { queue: "rx.sweep", cron: "* * * * *" },
  { queue: "epcs.daily-review", cron: "5 * * * *" },
  { queue: "alert.escalate", cron: "* * * * *" },
  { queue: "home.sweep", cron: "* * * * *" },
  { queue: "checkin.schedule", cron: "15 * * * *" },
  { queue: "regimen.review", cron: "25 * * * *" },
];

/**
 * Creates or upgrades pg-boss's schema and the product's queues. Runs as the schema owner with
 * the migrations; apps and workers then use it without CREATE rights.
 */
export async function installJobQueue(ownerUrl: string) {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: JOB_SCHEMA, max: 1, supervise: false, schedule: false, migrate: true });
  boss.on("error", () => {});
  await boss.start();
  try {
    for (const [name, policy] of Object.entries(QUEUES)) {
      const existing = await boss.getQueue(name);
      if (existing) await boss.updateQueue(name, { name, ...policy });
      else await boss.createQueue(name, { name, ...policy });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/**
 * pg-boss's SQL through a Drizzle handle, so a job is inserted in the caller's transaction
 * (commits or rolls back with the records that asked for it).
 */
export function jobDb(db: DbOrTx): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[] = []) => ({ rows: [...(await db.execute(bind(text, values)))] }),
  };
}

/** `$n` placeholders to Drizzle parameters; objects travel as JSON text, as node-postgres sends them. */
function bind(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, m.index)));
    const v = values[Number(m[1]) - 1];
    chunks.push(sql`${v === undefined ? null : v instanceof Date ? v.toISOString() : v !== null && typeof v === "object" ? JSON.stringify(v) : v}`);
    last = m.index + m[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}

/** A sender that needs no started pg-boss instance (no polling, no extra pool): apps enqueue only. */
export function jobSender() {
  const boss = new PgBoss({ db: { executeSql: async () => ({ rows: [] }) }, schema: JOB_SCHEMA });
  return {
    /** Enqueues in `db`'s transaction when it is one. Returns the job id (null if a singleton already waits). */
    send: (db: DbOrTx, queue: QueueName, data: object, options: Omit<PgBoss.SendOptions, "db"> = {}) => boss.send(queue, data, { ...options, db: jobDb(db) }),
  };
}
