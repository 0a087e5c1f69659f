import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "@playwright/test";

/**
 * Where the development mailer (the worker's log transport) also writes each message during
 * browser tests: MAIL_SINK_FILE, set by playwright.config.ts and inherited by the worker.
 * Links reach a test only this way, as they reach a person only through their inbox.
 */
export const E2E_MAIL_SINK = path.join(tmpdir(), "clearwell-e2e-mail.jsonl");

interface SunkMail {
  at: string;
  to: string;
  subject: string;
  text: string;
}

async function mailsTo(address: string): Promise<SunkMail[]> {
  const raw = await readFile(E2E_MAIL_SINK, "utf8").catch(() => "");
  return raw
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SunkMail)
    .filter((m) => m.to.toLowerCase() === address.toLowerCase());
}

/** The first link in the newest message to `address` whose link matches `pattern` (waits for the worker to deliver it). */
export async function linkMailedTo(address: string, pattern: RegExp, opts: { after?: Date } = {}): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const mails = (await mailsTo(address)).filter((m) => !opts.after || new Date(m.at) >= opts.after);
        link = mails
          .reverse()
          .flatMap((m) => m.text.match(/https?:\/\/\S+/g) ?? [])
          .find((l) => pattern.test(l));
        return link ?? null;
      },
      { timeout: 20_000, message: `a mail to ${address} with a link matching ${pattern}` },
    )
    .not.toBeNull();
  return link!;
}
