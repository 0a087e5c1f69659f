import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { describe, expect, it } from "vitest";

import { walkProcedures } from "../src/policy-walk";
import { providerRouter } from "../src/root-provider";
import { PASSWORD, makeClinic, providerCaller, staffSession, testAuth } from "./harness";

type AnyCaller = Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
const call = (caller: unknown, path: string, input: unknown = {}) => {
  const [ns, name] = path.split(".") as [string, string];
  return (caller as AnyCaller)[ns]![name]!(input);
};

describe("staff need a second factor before clinic data (DOMAIN.md §9 d)", () => {
  it("without TOTP every staff procedure is refused with a way forward; the account itself still answers", async () => {
    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["admin", "provider", "prescriber", "staff"], { mfa: false });
    const staffOnly = walkProcedures(providerRouter).filter((p) => p.policy?.kind === "staff");
    expect(staffOnly.length).toBeGreaterThan(20);
    for (const p of staffOnly) {
      await expect(call(s.caller, p.path), p.path).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/two-step sign-in/) });
    }
    await expect(s.caller.session.me()).resolves.toMatchObject({ user: { twoFactorEnabled: false } });
  });

  it("enrolling TOTP through the real flow opens the clinic's data", async () => {
    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["admin"], { mfa: false });
    await expect(s.caller.staff.list()).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const auth = testAuth("provider");
    const enabled = await auth.api.enableTwoFactor({ body: { password: PASSWORD }, headers: s.headers });
    if (enabled.method !== "totp") throw new Error("expected totp");
    const secret = new TextDecoder().decode(base32.decode(new URL(enabled.totpURI).searchParams.get("secret")!));
    // Enrolment ends the password-only session and issues one that passed the second factor.
    const verified = await auth.api.verifyTOTP({ body: { code: await createOTP(secret, { digits: 6, period: 30 }).totp() }, headers: s.headers, returnHeaders: true });
    const cookie = verified.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const after = await providerCaller(new Headers({ cookie, "user-agent": "vitest" }));
    await expect(after.staff.list()).resolves.toBeTruthy();
  });
});
