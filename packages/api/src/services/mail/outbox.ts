import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

import type { Mailer } from "@clearwell/auth";
import type { DbOrTx } from "@clearwell/db/client";
import { jobSender } from "@clearwell/db/jobs";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** A mail job's payload: sealed, because messages carry sign-in and invitation links (secrets) and sit in the queue's tables. */
export interface SealedMail {
  v: 1;
  iv: string;
  tag: string;
  body: string;
}

const keyFrom = (secret: string) => createHash("sha256").update(`clearwell:mail-queue:${secret}`).digest();

export function sealMail(message: MailMessage, secret: string): SealedMail {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(message), "utf8"), cipher.final()]);
  return { v: 1, iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), body: body.toString("base64") };
}

export function openMail(sealed: SealedMail, secret: string): MailMessage {
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret), Buffer.from(sealed.iv, "base64"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  const text = Buffer.concat([decipher.update(Buffer.from(sealed.body, "base64")), decipher.final()]).toString("utf8");
  return JSON.parse(text) as MailMessage;
}

const sender = jobSender();

/** Puts a message on the mail queue in `db`'s transaction when it is one (it leaves only if the records commit). */
export async function enqueueMail(db: DbOrTx, message: MailMessage, secret: string) {
  const id = await sender.send(db, "mail.send", sealMail(message, secret));
  if (!id) throw new Error("The mail queue is not installed (run the migrations).");
  return id;
}

/**
 * The apps' Mailer: messages go to the outbox queue and the worker delivers them, with retries
 * and a dead-letter queue. A request never waits on a mail server.
 */
export function queuedMailer(db: DbOrTx, secret: string): Mailer {
  return { send: async (message) => void (await enqueueMail(db, message, secret)) };
}

/** The worker's side: opens each job and hands it to the transport. A throw fails the job (pg-boss retries it). */
export async function deliverMail(jobs: { id: string; data: SealedMail }[], transport: Mailer, secret: string) {
  for (const job of jobs) await transport.send(openMail(job.data, secret));
}
