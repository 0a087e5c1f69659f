import type { Mailer } from "@clearwell/auth";
import type { Database } from "@clearwell/db/client";
import { type PgBoss, type QueueName, SCHEDULES } from "@clearwell/db/jobs";
import type { VideoService } from "@clearwell/video";

import { type SealedMail, deliverMail } from "./services/mail/outbox";
import { compileEpcsReviews } from "./services/prescribing-admin/epcs-review";
import { scheduleCheckIns } from "./services/safety/jobs/checkin-schedule";
import { escalateDueAlerts } from "./services/safety/jobs/escalate";
import { sweepHome } from "./services/safety/jobs/home-sweep";
import { reviewRegimens } from "./services/safety/jobs/regimen-review";
import type { RxDeliverJob } from "./services/transmission/enqueue";
import { type RxEnv, rxEnv } from "./services/transmission/env";
import { type RelayDeps, deliverJob, startRelay } from "./services/transmission/relay";
import { sweepOutbox } from "./services/transmission/sweep";
import { type RxTransport, httpScriptTransport } from "./services/transmission/vendor";
import { closeExpiredVisits } from "./services/visit/sweep";

export interface WorkerDeps {
  db: Database;
  video: VideoService;
  /** Where mail finally goes: SMTP in production, the log in development. */
  mailTransport: Mailer;
  /** Opens sealed mail payloads (AUTH_SECRET, shared with the apps that seal them). */
  secret: string;
  log: (msg: string, fields?: Record<string, unknown>) => void;
  /**
   * E-prescribing transmission (DOMAIN.md §5.3): on by default, from the env (RX_NETWORK_URL,
   * PHARMACY_SHARED_SECRET, RX_LEASE_SECONDS…); `false` runs a worker without it (tests of other queues).
   */
  rx?: false | { env?: RxEnv; transport?: RxTransport };
  /**
   * The alert SLA clock and the home-regimen sweeps (issue 13); on by default. `false` leaves them out
   * (tests of other queues on a shared database, where they would act on other tests' rows by the real clock).
   */
  home?: false;
  /** How many fetchers drain mail.send (default MAIL_FETCHERS); tests with a shared, busy queue take more. */
  mailFetchers?: number;
}

const MAIL_FETCHERS = 4;

const HOME_QUEUES: readonly QueueName[] = ["alert.escalate", "home.sweep", "checkin.schedule", "regimen.review"];

/**
 * The jobs a worker takes from the queue, and the cron schedules it keeps. Any number of workers
 * can run on one database: pg-boss hands each job to one of them (SKIP LOCKED) and retries failures.
 * Mail out of retries waits in "mail.dead" for an operator (nobody works that queue).
 */
export async function registerWorkers(boss: PgBoss, deps: WorkerDeps) {
  const work = <T extends object>(queue: QueueName, handler: (jobs: PgBoss.Job<T>[]) => Promise<void>, pollingIntervalSeconds = 2) =>
    boss.work<T>(queue, { batchSize: 1, pollingIntervalSeconds }, handler);

  // One message per job (a failure retries only that message), polled every half second by
  // MAIL_FETCHERS fetchers: alert mail and check-in reminders (issue 13) come in bursts that one
  // fetcher would drain at 2 a second (pg-boss 10 has no per-worker concurrency: each work() call polls).
  for (let i = 0; i < (deps.mailFetchers ?? MAIL_FETCHERS); i++) {
    await work<SealedMail>(
      "mail.send",
      async (jobs) => {
        await deliverMail(jobs, deps.mailTransport, deps.secret);
        deps.log("mail delivered", { count: jobs.length });
      },
      0.5,
    );
  }
  await work("visit.sweep", async () => {
    const closed = await closeExpiredVisits(deps.db, deps.video);
    if (closed) deps.log("closed visits whose time was over", { count: closed });
  });
  // 21 CFR 1311.150: each clinic's previous day of EPCS events, compiled once into its review report.
  await work("epcs.daily-review", async () => {
    const r = await compileEpcsReviews(deps.db);
    if (r.compiled) deps.log("EPCS daily review compiled", r);
  }, 30);
  if (deps.home !== false) await registerHomeWorkers(work, deps);
  if (deps.rx !== false) await registerRxWorkers(boss, deps, deps.rx ?? {});
  for (const { queue, cron } of SCHEDULES) {
    if (deps.rx === false && queue.startsWith("rx.")) continue;
    if (deps.home === false && HOME_QUEUES.includes(queue)) continue;
    await boss.schedule(queue, cron);
  }
}

type Work = <T extends object>(queue: QueueName, handler: (jobs: PgBoss.Job<T>[]) => Promise<void>, pollingIntervalSeconds?: number) => Promise<string>;

/** Issue 13, DOMAIN.md §7: the alert loop's SLA clock and the home regimen's sweeps (all idempotent). */
async function registerHomeWorkers(work: Work, deps: WorkerDeps) {
  await work("alert.escalate", async () => {
    const r = await escalateDueAlerts(deps.db);
    if (r.escalated) deps.log("alerts escalated after their SLA lapsed", r);
  });
  await work("home.sweep", async () => {
    const r = await sweepHome(deps.db);
    if (r.missedSessions || r.overdueCheckIns || r.missedCheckIns) deps.log("home regimen swept", { ...r });
  });
  await work("checkin.schedule", async () => {
    const r = await scheduleCheckIns(deps.db);
    if (r.created) deps.log("check-ins scheduled", r);
  }, 30);
  await work("regimen.review", async () => {
    const r = await reviewRegimens(deps.db);
    if (r.noShowAlerts || r.paused) deps.log("regimens reviewed", { ...r });
  }, 30);
}

/**
 * The relay (LISTEN rx_outbox: a signed prescription leaves the moment its transaction commits),
 * the rx.deliver jobs (durable backstop: retries at their due time, a killed relay's lease) and the
 * rx.sweep cron (orphans, maximum age, the pending alert). Stops with the queue.
 */
async function registerRxWorkers(boss: PgBoss, deps: WorkerDeps, o: { env?: RxEnv; transport?: RxTransport }) {
  const env = o.env ?? rxEnv();
  const transport = o.transport ?? httpScriptTransport({ url: env.RX_NETWORK_URL, secret: env.PHARMACY_SHARED_SECRET, timeoutMs: env.RX_SEND_TIMEOUT_MS });
  const relayDeps: RelayDeps = { db: deps.db, transport, leaseMs: env.RX_LEASE_SECONDS * 1000, log: deps.log };
  const relay = startRelay({ ...relayDeps, concurrency: env.RX_RELAY_CONCURRENCY });
  boss.once("stopped", () => void relay.stop());
  await relay.ready;
  await boss.work<RxDeliverJob>("rx.deliver", { batchSize: 2, pollingIntervalSeconds: 1 }, async (jobs) => {
    await Promise.all(jobs.map((job) => deliverJob(relayDeps, job.data)));
  });
  // A wake-up job out of retries (database trouble): its message stays due in rx_outbox, so it is
  // only reported here; the sweep re-arms delivery within a minute.
  await boss.work<RxDeliverJob>("rx.dead", { batchSize: 4, pollingIntervalSeconds: 10 }, async (jobs) => {
    for (const job of jobs) deps.log("rx.deliver job out of retries; the sweep re-arms it", { messageId: job.data.messageId });
    relay.kick();
  });
  await boss.work("rx.sweep", { batchSize: 1, pollingIntervalSeconds: 2 }, async () => {
    const swept = await sweepOutbox(deps.db);
    relay.kick();
    if (swept.requeued || swept.expired || swept.pendingAlerts) deps.log("rx outbox swept", { ...swept });
  });
  deps.log("rx relay ready", { transport: transport.name, leaseSeconds: env.RX_LEASE_SECONDS, concurrency: env.RX_RELAY_CONCURRENCY });
}
