import { type Mailer, logMailer } from "@clearwell/auth";
import { authEnv } from "@clearwell/auth/env";
import { createDb } from "@clearwell/db/client";
import { prepareAppDatabase } from "@clearwell/db/startup";
import { JOB_SCHEMA, PgBoss } from "@clearwell/db/jobs";
import { registerWorkers } from "@clearwell/api/worker";
import { videoFromEnv } from "@clearwell/video";
import { createTransport } from "nodemailer";

import { workerEnv } from "./env";

// Background worker: takes jobs from the pg-boss queue (outbound mail, e-prescribing delivery,
// the EPCS review, the alert and home-regimen sweeps, the visit sweep; crons as scheduled). Any number can run on one database; each job goes to one of them.
const env = workerEnv();
const log = (msg: string, fields: Record<string, unknown> = {}) => console.log(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }));

if (env.NODE_ENV === "production" && !env.SMTP_URL) {
  console.error("SMTP_URL is not set: in production the worker needs a mail server for invitations and password resets.");
  process.exit(1);
}
const mailTransport: Mailer = env.SMTP_URL
  ? (() => {
      const smtp = createTransport(env.SMTP_URL);
      return { send: async (m) => void (await smtp.sendMail({ from: env.MAIL_FROM, to: m.to, subject: m.subject, text: m.text })) };
    })()
  : logMailer;

// As the least-privilege role (production refuses a superuser or owner, or no database at all). An
// embedded server this process started (worker run on its own) is stopped with it; a shared one is left alone.
const refuse = (e: Error) => {
  console.error(e.message);
  process.exit(1);
};
const pg = await prepareAppDatabase({ retryUnreachable: true, onRefused: refuse }).catch(refuse);
const db = createDb(pg.url, env.WORKER_POOL_MAX);
const boss = new PgBoss({ connectionString: pg.url, schema: JOB_SCHEMA, max: env.WORKER_POOL_MAX, migrate: false });
boss.on("error", (e: Error) => log("job queue error", { name: e.name, code: (e as { code?: unknown }).code ?? null }));

const stopping = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping.signal.aborted) return;
    log(`${signal} received, shutting down`);
    stopping.abort();
  });
}

// The queue's tables come with the migrations: wait for them (the worker may start first).
for (let attempt = 1; !stopping.signal.aborted; attempt++) {
  try {
    await boss.start();
    break;
  } catch (e) {
    if (attempt === 1 || attempt % 15 === 0) log("job queue not ready yet (migrations pending?), retrying", { error: e instanceof Error ? e.message.slice(0, 200) : String(e) });
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

if (!stopping.signal.aborted) {
  // The start-up log names the queues registerWorkers actually works, and the cron schedules it
  // keeps, as it registers them (no second list to fall out of date).
  const worked = new Set<string>();
  const scheduled = new Set<string>();
  const work = boss.work.bind(boss);
  const schedule = boss.schedule.bind(boss);
  boss.work = ((name: string, ...rest: unknown[]) => {
    worked.add(name);
    return (work as (...a: unknown[]) => Promise<string>)(name, ...rest);
  }) as typeof boss.work;
  boss.schedule = ((name: string, ...rest: unknown[]) => {
    scheduled.add(name);
    return (schedule as (...a: unknown[]) => Promise<void>)(name, ...rest);
  }) as typeof boss.schedule;
  await registerWorkers(boss, { db, video: videoFromEnv(), mailTransport, secret: authEnv().AUTH_SECRET, log });
  boss.work = work;
  boss.schedule = schedule;
  log("worker ready", { queues: [...worked].sort(), schedules: [...scheduled].sort(), mail: env.SMTP_URL ? "smtp" : "log" });
  await new Promise((r) => stopping.signal.addEventListener("abort", r, { once: true }));
}

await boss.stop({ graceful: true, timeout: env.WORKER_SHUTDOWN_SECONDS * 1000, wait: true }).catch(() => {});
await db.$end({ timeout: 5 });
await pg.stop();
log("worker stopped");
