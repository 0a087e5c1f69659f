import type { Mailer } from "@clearwell/auth";
import type { Database } from "@clearwell/db/client";
import { type PgBoss, type QueueName, SCHEDULES } from "@clearwell/db/jobs";
import type { VideoService } from "@clearwell/video";

import { type SealedMail, deliverMail } from "./services/mail/outbox";
import { compileEpcsReviews } from "./services/prescribing-admin/epcs-review";
import { closeExpiredVisits } from "./services/visit/sweep";

export interface WorkerDeps {
  db: Database;
  video: VideoService;
  /** Where mail finally goes: SMTP in production, the log in development. */
  mailTransport: Mailer;
  /** Opens sealed mail payloads (AUTH_SECRET, shared with the apps that seal them). */
  secret: string;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

/**
 * The jobs a worker takes from the queue, and the cron schedules it keeps. Any number of workers
 * can run on one database: pg-boss hands each job to one of them (SKIP LOCKED) and retries failures.
 * Mail out of retries waits in "mail.dead" for an operator (nobody works that queue).
 */
export async function registerWorkers(boss: PgBoss, deps: WorkerDeps) {
  const work = <T extends object>(queue: QueueName, handler: (jobs: PgBoss.Job<T>[]) => Promise<void>, pollingIntervalSeconds = 2) =>
    boss.work<T>(queue, { batchSize: 1, pollingIntervalSeconds }, handler);

  await work<SealedMail>("mail.send", async (jobs) => {
    await deliverMail(jobs, deps.mailTransport, deps.secret);
    deps.log("mail delivered", { count: jobs.length });
  });
  await work("visit.sweep", async () => {
    const closed = await closeExpiredVisits(deps.db, deps.video);
    if (closed) deps.log("closed visits whose time was over", { count: closed });
  });
  // 21 CFR 1311.150: each clinic's previous day of EPCS events, compiled once into its review report.
  await work("epcs.daily-review", async () => {
    const r = await compileEpcsReviews(deps.db);
    if (r.compiled) deps.log("EPCS daily review compiled", r);
  }, 30);
  for (const { queue, cron } of SCHEDULES) await boss.schedule(queue, cron);
}
