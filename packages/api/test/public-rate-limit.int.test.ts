import { describe, expect, it } from "vitest";

import { makeClinic, patientCaller, providerCaller } from "./harness";

// Issue 10 finding 7: every public procedure is limited per client address, in Postgres.

const from = (ip: string) => new Headers({ "x-forwarded-for": ip });
const rnd = () => Math.floor(Math.random() * 250) + 1;

describe("public procedures are rate-limited per client address", () => {
  it("enrolment.lookup: 30 a minute, then TOO_MANY_REQUESTS with a plain message; another address is unaffected", async () => {
    const clinic = await makeClinic();
    const ip = `198.18.${rnd()}.${rnd()}`;
    for (let i = 0; i < 30; i++) await (await patientCaller(from(ip))).enrolment.lookup({ code: clinic.enrolmentCode });
    // A new caller (a new request, as another instance would see it) shares the count.
    await expect((await patientCaller(from(ip))).enrolment.lookup({ code: clinic.enrolmentCode })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/^Too many attempts/),
    });
    expect(await (await patientCaller(from(`198.19.${rnd()}.${rnd()}`))).enrolment.lookup({ code: clinic.enrolmentCode })).toMatchObject({
      clinicName: clinic.name,
    });
  });

  it("enrolment.signUp, invitation.lookup and invitation.accept (both apps) are limited too", async () => {
    const clinic = await makeClinic();
    const ip = `198.18.${rnd()}.${rnd()}`;
    const anon = await patientCaller(from(ip));
    const signUp = (n: number) =>
      anon.enrolment.signUp({
        code: clinic.enrolmentCode,
        givenName: "Rate",
        familyName: "Limited",
        email: `rl-${n}-${rnd()}@example.test`,
        password: "correct-horse-battery-9",
        dateOfBirth: "1990-01-01",
        stateOfResidence: "CO",
        acceptTerms: true,
      });
    for (let i = 0; i < 10; i++) await signUp(i);
    await expect(signUp(11)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });

    const token = "t".repeat(43);
    const patientApp = await patientCaller(from(ip));
    for (let i = 0; i < 10; i++) await expect(patientApp.invitation.accept({ token, password: "correct-horse-battery-9" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(patientApp.invitation.accept({ token, password: "correct-horse-battery-9" })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // Keyed by procedure and address, not by app: the other app's door is no way around it.
    await expect((await providerCaller(from(ip))).invitation.accept({ token, password: "correct-horse-battery-9" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    const lookups = await providerCaller(from(ip));
    for (let i = 0; i < 30; i++) await expect(lookups.invitation.lookup({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(lookups.invitation.lookup({ token })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});
