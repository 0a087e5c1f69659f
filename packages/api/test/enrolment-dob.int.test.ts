import { schema } from "@clearwell/db/client";
import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { createHandlers } from "../src/http";
import { PASSWORD, PATIENT_URL, PROVIDER_URL, captureMailer, makeClinic, testAuth, testDb, testVideo } from "./harness";

const iso = (d: Date) => d.toISOString().slice(0, 10);
const email = () => `dob-${Math.random().toString(36).slice(2, 10)}@example.test`;

/** Enrolment over HTTP, so the answer is what the browser gets: the error formatter's plain words. */
async function signUpOverHttp(dateOfBirth: string, address: string) {
  const clinic = await makeClinic();
  const { sent, mailer } = captureMailer();
  const handlers = createHandlers({ db: testDb(), auth: testAuth("patient"), providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer, video: testVideo() });
  const res = await handlers.trpc(
    new Request(`${PATIENT_URL}/api/trpc/enrolment.signUp`, {
      method: "POST",
      headers: { origin: PATIENT_URL, "content-type": "application/json", "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250) + 1}` },
      body: JSON.stringify({
        json: { code: clinic.enrolmentCode, givenName: "Dana", familyName: "Example", email: address, password: PASSWORD, dateOfBirth, stateOfResidence: "CO", acceptTerms: true },
      }),
    }),
  );
  const body = (await res.json()) as { result?: unknown; error?: { json: { message: string; data: { code: string; fieldErrors: Record<string, string[]> | null; fieldErrorsByPath: Record<string, string[]> | null } } } };
  return { res, body, sent };
}

async function writtenFor(address: string) {
  const pending = await testDb().select().from(schema.verification).where(like(schema.verification.value, `%${address}%`));
  const users = await testDb().select().from(schema.user).where(eq(schema.user.email, address));
  return pending.length + users.length;
}

describe("enrolment refuses an impossible date of birth (issue 15 item 3)", () => {
  it("refuses a future date of birth with a plain message beside the field, and writes and mails nothing", async () => {
    const address = email();
    const { res, body, sent } = await signUpOverHttp(iso(new Date(Date.now() + 3 * 86_400_000)), address);
    expect(res.status).toBe(400);
    expect(body.error!.json.data.code).toBe("BAD_REQUEST");
    expect(body.error!.json.data.fieldErrors).toEqual({ dateOfBirth: ["Enter a date of birth in the past."] });
    expect(body.error!.json.data.fieldErrorsByPath).toEqual({ dateOfBirth: ["Enter a date of birth in the past."] });
    // The top-level message is the sentence, not the issues' JSON.
    expect(body.error!.json.message).toBe("Enter a date of birth in the past.");
    expect(sent).toHaveLength(0);
    expect(await writtenFor(address)).toBe(0);
  });

  it("refuses a date of birth more than 120 years ago", async () => {
    const address = email();
    const old = new Date();
    old.setUTCFullYear(old.getUTCFullYear() - 121);
    const { res, body, sent } = await signUpOverHttp(iso(old), address);
    expect(res.status).toBe(400);
    expect(body.error!.json.data.fieldErrors?.dateOfBirth).toEqual(["Check the year of birth: that date is more than 120 years ago."]);
    expect(sent).toHaveLength(0);
    expect(await writtenFor(address)).toBe(0);
  });

  it("names empty fields in plain words (never 'expected string, received undefined')", async () => {
    const address = email();
    const { res, body } = await signUpOverHttp("", address);
    expect(res.status).toBe(400);
    expect(body.error!.json.data.fieldErrors).toEqual({ dateOfBirth: ["Enter the date of birth."] });
  });

  it("accepts a real adult's date of birth over the same path (the refusals above are about the date)", async () => {
    const address = email();
    const { res, body, sent } = await signUpOverHttp("1990-02-14", address);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(sent.map((m) => m.to)).toEqual([address]);
    expect(await writtenFor(address)).toBe(1);
  });
});
