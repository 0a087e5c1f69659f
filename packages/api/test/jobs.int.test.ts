import { JOB_SCHEMA, PgBoss, QUEUES } from "@clearwell/db/jobs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { enqueueMail, openMail, queuedMailer } from "../src/services/mail/outbox";
import { registerWorkers } from "../src/worker";
import { testDb, testVideo } from "./harness";

// The integration environment's AUTH_SECRET (vitest.config.ts): other files run in parallel on this
// database and queue mail sealed with it (alert mail, invitations); this worker must open theirs too,
// or its own messages wait behind their retries.
const SECRET = process.env.AUTH_SECRET ?? "jobs-test-secret-0123456789abcdef0123";
const delivered: { to: string; subject: string; text: string }[] = [];
let failFor = new Set<string>();
let boss: PgBoss;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: inject("databaseUrl"), schema: JOB_SCHEMA, max: 2, migrate: false });
  boss.on("error", () => {});
  await boss.start();
  await registerWorkers(boss, {
    db: testDb(),
    video: testVideo(),
    secret: SECRET,
    log: () => {},
    // E-prescribing has its own tests (transmission*.int.test.ts); a relay here would claim their messages.
    rx: false,
    // So do the alert and home-regimen jobs (home-jobs*.int.test.ts, with a controllable clock): by the
    // real clock they would escalate or sweep other files' rows on this shared database mid-test.
    home: false,
    // Every file's mail waits in this one queue (FIFO) and this worker is its only reader: drain it fast.
    mailFetchers: 16,
    mailTransport: {
      send: async (m) => {
        if (failFor.has(m.to)) throw new Error("mail server said no");
        delivered.push(m);
      },
    },
  });
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

const until = async <T>(read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 15_000) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
};

// The mail queue is shared with every file running in parallel (alert mail from the home-regimen
// tests and the load test come in bursts): a message may wait behind theirs.
const MAIL_WAIT = 90_000;

const jobsFor = (queue: string) =>
  testDb().execute<{ id: string; state: string; data: unknown }>(sql`select id, state, data from ${sql.identifier(JOB_SCHEMA)}.job where name = ${queue}`);

describe("the job queue (pg-boss)", { timeout: 120_000 }, () => {
  it("the migrations installed every queue with its retry and dead-letter policy", async () => {
    for (const [name, policy] of Object.entries(QUEUES)) {
      expect(await boss.getQueue(name), name).toMatchObject({ name, ...("deadLetter" in policy ? { deadLetter: policy.deadLetter } : {}) });
    }
  });

  it("mail enqueued in a transaction leaves only if the transaction commits", async () => {
    const to = `rollback-${Date.now()}@example.test`;
    await expect(
      testDb().transaction(async (tx) => {
        await enqueueMail(tx, { to, subject: "never", text: "never" }, SECRET);
        throw new Error("the records failed");
      }),
    ).rejects.toThrow("the records failed");
    const committed = `commit-${Date.now()}@example.test`;
    await testDb().transaction(async (tx) => enqueueMail(tx, { to: committed, subject: "Your invitation", text: "Open https://patient.test.local/invite#tok" }, SECRET));
    await until(() => delivered, (d) => d.some((m) => m.to === committed), MAIL_WAIT);
    expect(delivered.some((m) => m.to === to)).toBe(false);
  });

  it("the queued payload is sealed: no address, subject or link in the job table", async () => {
    const to = `sealed-${Date.now()}@example.test`;
    const id = await enqueueMail(testDb(), { to, subject: "Reset your password", text: "https://provider.test.local/reset?token=s3cret-token" }, SECRET);
    const [row] = await testDb().execute<{ data: unknown }>(sql`select data from ${sql.identifier(JOB_SCHEMA)}.job where id = ${id}::uuid`);
    const stored = JSON.stringify(row?.data);
    expect(stored).not.toContain(to);
    expect(stored).not.toContain("s3cret-token");
    expect(stored).not.toContain("Reset");
    expect(openMail(row!.data as Parameters<typeof openMail>[0], SECRET)).toMatchObject({ to });
    expect(() => openMail(row!.data as Parameters<typeof openMail>[0], `${SECRET}-other`)).toThrow();
  });

  it("a failing mail server is retried, and the message moves to the dead-letter queue once out of retries", async () => {
    const to = `bounce-${Date.now()}@example.test`;
    failFor = new Set([to]);
    // Same policy as production but without the waits, so the test sees every attempt.
    await boss.updateQueue("mail.send", { name: "mail.send", ...QUEUES["mail.send"], retryLimit: 2, retryDelay: 0, retryBackoff: false });
    try {
      const id = await enqueueMail(testDb(), { to, subject: "s", text: "t" }, SECRET);
      const job = await until(() => boss.getJobById("mail.send", id, { includeArchive: true }), (j) => j?.state === "failed", MAIL_WAIT);
      expect(job!.retryCount).toBe(2);
      const dead = await until(() => jobsFor("mail.dead"), (rows) => rows.length > 0, MAIL_WAIT);
      expect(dead.length).toBeGreaterThan(0);
      expect(delivered.some((m) => m.to === to)).toBe(false);
    } finally {
      failFor = new Set();
      await boss.updateQueue("mail.send", { name: "mail.send", ...QUEUES["mail.send"] });
    }
  });

  it("the apps' mailer enqueues instead of sending", async () => {
    const to = `app-${Date.now()}@example.test`;
    await queuedMailer(testDb(), SECRET).send({ to, subject: "Welcome", text: "hello" });
    await until(() => delivered, (d) => d.some((m) => m.to === to), MAIL_WAIT);
  });

  it("the visit sweep is a scheduled job, installed once however many workers start", async () => {
    const second = new PgBoss({ connectionString: inject("databaseUrl"), schema: JOB_SCHEMA, max: 1, migrate: false });
    second.on("error", () => {});
    await second.start();
    try {
      await registerWorkers(second, { db: testDb(), video: testVideo(), secret: SECRET, log: () => {}, rx: false, home: false, mailTransport: { send: async () => {} } });
      const schedules = await boss.getSchedules();
      expect(schedules.filter((s) => s.name === "visit.sweep")).toHaveLength(1);
      // The sweep's handler runs the real closeExpiredVisits when the job comes due.
      await boss.send("visit.sweep", {});
      await until(() => jobsFor("visit.sweep"), (rows) => rows.some((r) => r.state === "completed"));
    } finally {
      await second.stop({ graceful: false, wait: true });
    }
  });
});
