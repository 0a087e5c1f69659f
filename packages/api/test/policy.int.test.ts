import { describe, expect, it } from "vitest";
import { z } from "zod";

import { walkProcedures } from "../src/policy-walk";
import { ZPatientListOutput } from "@clearwell/validators/output/staff";

import { baseProcedure, createCallerFactory, router } from "../src/trpc";
import { patientRouter } from "../src/root-patient";
import { providerRouter } from "../src/root-provider";
import { ALL_STAFF_ROLES } from "../src/policy";
import { makeClinic, patientCaller, patientSession, providerCaller, staffSession } from "./harness";

type AnyCaller = Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
const call = (caller: unknown, path: string, input: unknown = {}) => {
  const [ns, name] = path.split(".") as [string, string];
  return (caller as AnyCaller)[ns]![name]!(input);
};

const routers = { provider: providerRouter, patient: patientRouter };
const page = { nextCursor: null, pageSize: 20 };
const item = {
  id: "p1", mrn: "CW-1", givenName: "Pat", familyName: "Lee", preferredName: null, dateOfBirth: "1985-05-05",
  stateOfResidence: "CO", status: "registered" as const, email: "pat@example.test", phone: null,
};

describe("every procedure declares who may call it", () => {
  for (const [app, r] of Object.entries(routers)) {
    it(`${app} router: no procedure without a policy`, () => {
      const procs = walkProcedures(r);
      expect(procs.length).toBeGreaterThan(5);
      expect(procs.filter((p) => !p.policy).map((p) => p.path)).toEqual([]);
    });
  }

  it("the walk catches a procedure built without a policy or an output schema", () => {
    const rogue = router({ ok: { sneaky: baseProcedure.input(z.object({})).query(() => 1) } });
    expect(walkProcedures(rogue)).toEqual([{ path: "ok.sneaky", type: "query", policy: null, hasOutput: false }]);
  });

  it("the patient app reaches prescriptions only through prescription.mine, their own (DOMAIN.md §1 'O')", () => {
    const patientRx = walkProcedures(patientRouter).filter((p) => p.path.startsWith("prescription."));
    expect(patientRx.map((p) => [p.path, p.policy?.kind])).toEqual([["prescription.mine", "patient-self"]]);
    expect(walkProcedures(providerRouter).some((p) => p.path === "prescription.mine")).toBe(false);
  });

  it("public procedures are the known, reviewed few", () => {
    const pub = Object.values(routers).flatMap((r) => walkProcedures(r).filter((p) => p.policy?.kind === "public").map((p) => p.path));
    expect([...new Set(pub)].sort()).toEqual([
      "enrolment.confirm",
      "enrolment.lookup",
      "enrolment.signUp",
      "invitation.accept",
      "invitation.lookup",
      // Issue 13 §4: the support person has no account; their emailed link is the credential.
      "supportPerson.byToken",
      "supportPerson.confirmPresence",
      "supportPerson.consent",
    ]);
  });
});

describe("every procedure declares what it may send back", () => {
  for (const [app, r] of Object.entries(routers)) {
    it(`${app} router: no procedure without an output schema`, () => {
      expect(walkProcedures(r).filter((p) => !p.hasOutput).map((p) => p.path)).toEqual([]);
    });
  }

  it("an output schema strips fields a service did not mean to send", async () => {
    // A service that starts returning another column (here a row with a secret) never leaks it.
    const leaky = router({ p: { row: baseProcedure.output(ZPatientListOutput).query(() => ({ ...page, extra: "secret", items: [{ ...item, mfaSecret: "secret" }] })) } });
    const out = await createCallerFactory(leaky)({} as never).p.row();
    expect(out).toEqual({ ...page, items: [item] });
    expect(JSON.stringify(out)).not.toContain("secret");
  });
});

describe("the declared policy is what is enforced", () => {
  it("every non-public provider procedure refuses an anonymous caller", async () => {
    const caller = await providerCaller();
    for (const p of walkProcedures(providerRouter).filter((x) => x.policy?.kind !== "public")) {
      await expect(call(caller, p.path), p.path).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
  });

  it("every non-public patient procedure refuses an anonymous caller", async () => {
    const caller = await patientCaller();
    for (const p of walkProcedures(patientRouter).filter((x) => x.policy?.kind !== "public")) {
      await expect(call(caller, p.path), p.path).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
  });

  it("role-restricted staff procedures refuse each role outside their policy", async () => {
    const clinic = await makeClinic();
    const sessions = Object.fromEntries(
      await Promise.all(ALL_STAFF_ROLES.map(async (role) => [role, await staffSession(clinic.id, [role])] as const)),
    );
    const checked: string[] = [];
    for (const p of walkProcedures(providerRouter)) {
      if (p.policy?.kind !== "staff") continue;
      for (const role of ALL_STAFF_ROLES.filter((r) => !(p.policy as { roles: readonly string[] }).roles.includes(r))) {
        await expect(call(sessions[role]!.caller, p.path), `${p.path} as ${role}`).rejects.toMatchObject({ code: "FORBIDDEN" });
        checked.push(`${p.path}:${role}`);
      }
    }
    expect(checked).toContain("audit.list:provider");
    expect(checked).toContain("staff.invite:prescriber");
    // Co-signing an override is the named prescriber's (issue 11 §3); the clinic's setting is the admin's.
    for (const role of ["admin", "staff", "provider"]) expect(checked).toContain(`decision.coSign:${role}`);
    expect(checked).toContain("clinic.updateEligibility:prescriber");
    // Issue 12 prescribing administration: admins write the formulary, the pharmacy directory, the
    // settings and credentials, enter EPCS changes and review the EPCS audit; a prescriber who is a DEA
    // registrant decides EPCS changes (1311.125); clinicians read the formulary, pharmacies and settings.
    const adminOnly = ["formulary.save", "formulary.setEnabled", "pharmacy.save", "pharmacy.setActive", "prescribingSettings.update", "prescriber.list", "prescriber.get", "prescriber.saveProfile", "prescriber.saveLicence", "prescriber.removeLicence", "prescriber.saveDea", "prescriber.removeDea", "prescriber.verifyCredential", "epcs.enterChange", "epcs.withdrawChange", "epcs.reports", "epcs.report", "epcs.assessFinding"];
    for (const role of ["provider", "prescriber", "staff"]) for (const p of adminOnly) expect(checked).toContain(`${p}:${role}`);
    for (const role of ["admin", "provider", "staff"]) for (const p of ["epcs.approveChange", "epcs.rejectChange"]) expect(checked).toContain(`${p}:${role}`);
    for (const p of ["formulary.list", "pharmacy.list", "prescribingSettings.get", "epcs.changes", "epcs.monthlyLog"]) expect(checked).toContain(`${p}:staff`);
    for (const p of ["epcs.changes", "epcs.monthlyLog"]) expect(checked).toContain(`${p}:provider`);
    for (const p of ["formulary.list", "pharmacy.list", "prescribingSettings.get", "epcs.monthlyLog"]) expect(checked).not.toContain(`${p}:prescriber`);
    // The SCRIPT outbox is the admin's (issue 12 §11): no clinician or staff lists or replays it.
    for (const role of ["provider", "prescriber", "staff"]) for (const p of ["rxOutbox.list", "rxOutbox.replay"]) expect(checked).toContain(`${p}:${role}`);
    // Prescriptions (issue 12; DOMAIN.md §1): clinicians only, admin and staff never; the ceremony, signing
    // and cancelling are the prescriber's (1311.135, 1311.140), a provider prepares drafts where allowed.
    const clinicianRx = ["context", "check", "createDraft", "updateDraft", "markReady", "backToDraft", "void", "recordPdmp", "forPatient", "get", "onChange"];
    for (const role of ["admin", "staff"]) for (const p of [...clinicianRx, "readyForSigning", "sign", "cancel"]) expect(checked).toContain(`prescription.${p}:${role}`);
    for (const p of ["readyForSigning", "sign", "cancel"]) expect(checked).toContain(`prescription.${p}:provider`);
    for (const role of ["provider", "prescriber"]) for (const p of clinicianRx) expect(checked).not.toContain(`prescription.${p}:${role}`);
  });

  it("a patient session cannot call staff procedures, even with the provider cookie name", async () => {
    const clinic = await makeClinic();
    const p = await patientSession(clinic.id);
    const token = p.headers.get("cookie")!.split("=")[1];
    const caller = await providerCaller(new Headers({ cookie: `cw-provider.session_token=${token}` }));
    await expect(caller.patient.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("zod errors come back field by field", async () => {
    const clinic = await makeClinic();
    const { caller } = await staffSession(clinic.id, ["admin"]);
    const err = await caller.patient
      .invite({ givenName: "", familyName: "Ok", email: "not-an-email", dateOfBirth: "1990-13-40", stateOfResidence: "ZZ" as "CO" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "BAD_REQUEST" });
    const cause = (err as { cause?: { issues?: { path: (string | number)[] }[] } }).cause;
    const fields = new Set(cause?.issues?.map((i) => i.path.join(".")));
    expect([...fields].sort()).toEqual(["dateOfBirth", "email", "givenName", "stateOfResidence"]);
  });
});
