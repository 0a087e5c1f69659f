import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { updatePrescribingSettings } from "../src/services/prescribing-admin/settings";
import { refusalOf } from "./decision-fixtures";
import { makeClinic, ownerDb, patientSession, providerCaller, staffSession, testDb } from "./harness";
import { auditRows, pharmacyInput, trocheEntry } from "./prescribing-admin-fixtures";

/** The zod field errors of a refused call (BAD_REQUEST), keyed by field path. */
async function fieldErrors(p: Promise<unknown>) {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as { code?: string; cause?: unknown } | null;
  if (!e) throw new Error("expected a refusal");
  if (!(e.cause instanceof z.ZodError)) return { code: e.code, fields: {} as Record<string, string> };
  return { code: e.code, fields: Object.fromEntries(e.cause.issues.map((i) => [i.path.join("."), i.message])) };
}

describe("formulary (DOMAIN.md §4.1-4.2; issue 12 §1)", () => {
  it("the admin adds troche, RDT and nasal spray entries; nasal spray starts disabled; sig and description come from the fields; audited", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const troche = await admin.caller.formulary.save(trocheEntry(200));
    expect(troche).toMatchObject({ form: "troche", enabled: true, version: 1, strength: { value: 200, unit: "mg" }, holdMinutes: 15, spraysPerMl: null, deaSchedule: "3N" });
    expect(troche.description).toBe("Ketamine HCl 200 mg sublingual troche, compounded");
    expect(troche.sigPreview).toContain("Dissolve 1 troche (200 mg) under the tongue for 15 minutes");

    const rdt = await admin.caller.formulary.save({ ...trocheEntry(150), form: "rdt_odt" });
    expect(rdt).toMatchObject({ form: "rdt_odt", enabled: true });
    // DOMAIN.md §4.1: nasal spray is not offered by default (multi-dose device, diversion risk).
    const spray = await admin.caller.formulary.save({
      ...trocheEntry(10),
      form: "nasal_spray",
      route: "intranasal",
      holdMinutes: 15, // the other form's field is not stored
      spraysPerMl: 10,
      minutesBetweenSprays: 5,
      bounds: { minDoseMgPerSession: 20, maxDoseMgPerSession: 60, maxTitrationStepMg: 20, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 },
    });
    expect(spray).toMatchObject({ form: "nasal_spray", enabled: false, holdMinutes: null, spraysPerMl: 10, minutesBetweenSprays: 5 });

    // Clinicians see what is offered; the admin also sees the disabled entry when asked.
    const provider = await staffSession(clinic.id, ["provider"]);
    expect((await provider.caller.formulary.list()).items.map((i) => i.id).sort()).toEqual([troche.id, rdt.id].sort());
    expect((await provider.caller.formulary.list({ includeDisabled: true })).items).toHaveLength(2);
    expect((await admin.caller.formulary.list({ includeDisabled: true })).items).toHaveLength(3);

    const enabled = await admin.caller.formulary.setEnabled({ id: spray.id, enabled: true });
    expect(enabled).toMatchObject({ enabled: true, version: 2 });
    const audits = await auditRows(clinic.id, "formulary.update");
    expect(audits.map((a) => [a.resourceId, (a.detail as { op: string }).op])).toEqual([
      [troche.id, "create"],
      [rdt.id, "create"],
      [spray.id, "create"],
      [spray.id, "enable"],
    ]);
  });

  it("an edit needs the version the admin opened; a stale one is refused and changes nothing", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const other = await staffSession(clinic.id, ["admin"]);
    const entry = await admin.caller.formulary.save(trocheEntry(100));
    const edited = await other.caller.formulary.save({ ...trocheEntry(100), id: entry.id, version: 1, holdMinutes: 20 });
    expect(edited).toMatchObject({ version: 2, holdMinutes: 20, updatedByName: other.user.name });
    expect(await refusalOf(admin.caller.formulary.save({ ...trocheEntry(100), id: entry.id, version: 1, holdMinutes: 30 }))).toMatchObject({ code: "CONFLICT" });
    expect((await admin.caller.formulary.list()).items[0]).toMatchObject({ holdMinutes: 20, version: 2 });
    const [update] = (await auditRows(clinic.id, "formulary.update")).filter((a) => (a.detail as { op: string }).op === "update");
    expect(update!.detail).toEqual({ op: "update", version: 2, changed: { holdMinutes: { from: 15, to: 20 } } });
    // An edit without its version is refused beside the field.
    expect(await fieldErrors(admin.caller.formulary.save({ ...trocheEntry(100), id: entry.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { version: expect.any(String) } });
  });

  it("validation errors name the field (packages/clinical validateFormularyEntry); nothing is written", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const cases: [unknown, string, RegExp][] = [
      [{ ...trocheEntry(), drugName: "  " }, "drugName", /drug name/],
      [{ ...trocheEntry(), route: "intranasal" }, "route", /troche is taken sublingual or buccal/],
      [{ ...trocheEntry(), strength: { value: 0, unit: "mg" } }, "strength.value", /Strength must be a number above 0/],
      [{ ...trocheEntry(), bounds: { ...trocheEntry().bounds, minDoseMgPerSession: 500 } }, "bounds.maxDoseMgPerSession", /at least the minimum/],
      [{ ...trocheEntry(), bounds: { ...trocheEntry().bounds, maxTitrationStepMg: 0 } }, "bounds.maxTitrationStepMg", /above 0 mg/],
      [{ ...trocheEntry(), bounds: { ...trocheEntry().bounds, minDaysBetweenSessions: 1.5 } }, "bounds.minDaysBetweenSessions", /whole number/],
      [{ ...trocheEntry(), holdMinutes: null }, "holdMinutes", /Minutes to hold in the mouth/],
      [{ ...trocheEntry(), form: "nasal_spray", route: "intranasal" }, "spraysPerMl", /Sprays per mL/],
      [{ ...trocheEntry(), form: "pill" }, "form", /Choose a form/],
    ];
    for (const [input, field, message] of cases) {
      const refused = await fieldErrors(admin.caller.formulary.save(input as never));
      expect(refused.code, field).toBe("BAD_REQUEST");
      expect(refused.fields[field], field).toMatch(message);
    }
    expect((await admin.caller.formulary.list({ includeDisabled: true })).items).toEqual([]);
    // The database holds the same rules for writers that skip the router.
    await expect(
      ownerDb().insert(schema.formularyEntry).values({ clinicId: clinic.id, drugName: "K", form: "troche", route: "intranasal", strengthValue: 100, holdMinutes: 15, minDoseMg: 100, maxDoseMg: 200, maxTitrationStepMg: 50, minDaysBetweenSessions: 7, maxSessionsPerFill: 4 }),
    ).rejects.toThrow();
  });

  it("provider, prescriber and staff cannot change it; staff cannot read it; another clinic's entry is not found", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic("Other");
    const admin = await staffSession(clinic.id, ["admin"]);
    const entry = await admin.caller.formulary.save(trocheEntry());
    for (const role of ["provider", "prescriber", "staff"] as const) {
      const s = await staffSession(clinic.id, [role]);
      expect(await refusalOf(s.caller.formulary.save(trocheEntry())), role).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusalOf(s.caller.formulary.setEnabled({ id: entry.id, enabled: false })), role).toMatchObject({ code: "FORBIDDEN" });
    }
    const staff = await staffSession(clinic.id, ["staff"]);
    expect(await refusalOf(staff.caller.formulary.list())).toMatchObject({ code: "FORBIDDEN" });
    const otherAdmin = await staffSession(other.id, ["admin"]);
    expect(await refusalOf(otherAdmin.caller.formulary.setEnabled({ id: entry.id, enabled: false }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusalOf(otherAdmin.caller.formulary.save({ ...trocheEntry(), id: entry.id, version: 1 }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await otherAdmin.caller.formulary.list({ includeDisabled: true })).items).toEqual([]);
    const patient = await patientSession(clinic.id);
    const token = patient.headers.get("cookie")!.split("=")[1];
    const asPatient = await providerCaller(new Headers({ cookie: `cw-provider.session_token=${token}` }));
    expect(await refusalOf(asPatient.formulary.list())).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await admin.caller.formulary.list()).items[0]).toMatchObject({ id: entry.id, enabled: true });
  });
});

describe("pharmacy directory (DOMAIN.md §4.5; issue 12 §1)", () => {
  it("the admin adds and edits a pharmacy; states are kept once, sorted; audited; prescribers see active pharmacies only", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const input = { ...pharmacyInput(), shipsToStates: ["NM" as const, "CO" as const, "NM" as const] };
    const added = await admin.caller.pharmacy.save(input);
    expect(added).toMatchObject({ name: "Test Compounding", ncpdpId: input.ncpdpId, npi: input.npi, shipsToStates: ["CO", "NM"], epcsCapable: true, compounding: true, active: true, addressLine2: null });
    const edited = await admin.caller.pharmacy.save({ ...input, id: added.id, epcsCapable: false, shipsToStates: ["UT"] });
    expect(edited).toMatchObject({ id: added.id, epcsCapable: false, shipsToStates: ["UT"] });

    const prescriber = await staffSession(clinic.id, ["prescriber"]);
    expect((await prescriber.caller.pharmacy.list()).items.map((p) => p.id)).toEqual([added.id]);
    await admin.caller.pharmacy.setActive({ id: added.id, active: false });
    expect((await prescriber.caller.pharmacy.list()).items).toEqual([]);
    expect((await admin.caller.pharmacy.list()).items.map((p) => [p.id, p.active])).toEqual([[added.id, false]]);

    const audits = await auditRows(clinic.id, "pharmacy.update");
    expect(audits.map((a) => (a.detail as { op: string }).op)).toEqual(["create", "update", "deactivate"]);
    expect((audits[1]!.detail as { changed: Record<string, unknown> }).changed).toEqual({ epcsCapable: { from: true, to: false }, shipsToStates: { from: ["CO", "NM"], to: ["UT"] } });
  });

  it("validation errors name the field: NCPDP 7 digits, NPI 10 digits with its check digit, ZIP, states; a duplicate NCPDP ID is refused", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const ok = pharmacyInput();
    const cases: [unknown, string, RegExp][] = [
      [{ ...ok, ncpdpId: "123456" }, "ncpdpId", /7 digits/],
      [{ ...ok, ncpdpId: "12345678" }, "ncpdpId", /7 digits/],
      [{ ...ok, npi: "123456789" }, "npi", /10 digits/],
      // 1234567893 is valid; the last digit changed breaks the Luhn check.
      [{ ...ok, npi: "1234567890" }, "npi", /check digit/],
      [{ ...ok, postalCode: "8020" }, "postalCode", /ZIP/],
      [{ ...ok, shipsToStates: [] }, "shipsToStates", /states it ships to/],
      [{ ...ok, shipsToStates: ["ZZ"] }, "shipsToStates.0", /Choose a state/],
      [{ ...ok, name: "" }, "name", /name/],
      [{ ...ok, phone: "call me" }, "phone", /phone number/],
    ];
    for (const [input, field, message] of cases) {
      const refused = await fieldErrors(admin.caller.pharmacy.save(input as never));
      expect(refused.code, field).toBe("BAD_REQUEST");
      expect(refused.fields[field], field).toMatch(message);
    }
    expect((await admin.caller.pharmacy.list()).items).toEqual([]);
    await admin.caller.pharmacy.save({ ...ok, npi: "1234567893" });
    expect(await refusalOf(admin.caller.pharmacy.save({ ...pharmacyInput(ok.ncpdpId), name: "Copy" }))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("NCPDP ID") });
    // Another clinic keeps its own directory: the same NCPDP ID is fine there.
    const other = await makeClinic();
    const otherAdmin = await staffSession(other.id, ["admin"]);
    expect((await otherAdmin.caller.pharmacy.save(pharmacyInput(ok.ncpdpId))).ncpdpId).toBe(ok.ncpdpId);
    const [mine] = (await admin.caller.pharmacy.list()).items;
    expect(await refusalOf(otherAdmin.caller.pharmacy.setActive({ id: mine!.id, active: false }))).toMatchObject({ code: "NOT_FOUND" });
    for (const role of ["provider", "prescriber", "staff"] as const) {
      const s = await staffSession(clinic.id, [role]);
      expect(await refusalOf(s.caller.pharmacy.save(pharmacyInput())), role).toMatchObject({ code: "FORBIDDEN" });
    }
  });
});

describe("prescribing settings (DOMAIN.md §4.3-4.5, §5.4)", () => {
  it("defaults: flexibility valid until 2026-12-31, refills 0 of at most 5, PDMP required by default, provider drafts allowed, default ack map", async () => {
    const clinic = await makeClinic();
    const prescriber = await staffSession(clinic.id, ["prescriber"]);
    const s = await prescriber.caller.prescribingSettings.get();
    expect(s).toMatchObject({
      flexibilityValidUntil: "2026-12-31",
      flexibilityRule: expect.stringContaining("90 FR 61301"),
      maxRefills: 5,
      defaultRefills: 0,
      fillableMonths: 6,
      requireDeaInPatientState: true,
      pdmpRequiredByState: {},
      pdmpRequiredByDefault: true,
      allowProviderDrafts: true,
      ackStatusMap: null,
      ackMapping: { status: { "010": "acknowledged", "000": "in_transit" }, statusDefault: "in_transit", errorDefault: "terminal" },
      updatedAt: null,
    });
    expect(s.flexibilityInForce).toBe(new Date().toISOString().slice(0, 10) <= "2026-12-31");
  });

  it("the admin changes values one by one; refills stay within 5 and the default within the maximum; ack overrides merge over the defaults; audited from/to", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const after = await admin.caller.prescribingSettings.update({ maxRefills: 2, defaultRefills: 1, pdmpRequiredByState: { CO: true, NM: false }, allowProviderDrafts: false });
    expect(after).toMatchObject({ maxRefills: 2, defaultRefills: 1, pdmpRequiredByState: { CO: true, NM: false }, allowProviderDrafts: false, updatedByName: admin.user.name });
    const mapped = await admin.caller.prescribingSettings.update({ ackStatusMap: { status: { "000": "acknowledged" }, errors: { "602": "terminal" } } });
    expect(mapped.ackMapping).toEqual({ status: { "010": "acknowledged", "000": "acknowledged" }, statusDefault: "in_transit", errors: { "600": "retry", "601": "terminal", "602": "terminal", "900": "terminal" }, errorDefault: "terminal" });
    expect(mapped.maxRefills).toBe(2);

    // Fail closed (DOMAIN.md §4.4): no flexibility date, no flexibility.
    const closed = await admin.caller.prescribingSettings.update({ flexibilityValidUntil: null });
    expect(closed).toMatchObject({ flexibilityValidUntil: null, flexibilityInForce: false });
    // A date in the past is stored but not in force.
    expect(await admin.caller.prescribingSettings.update({ flexibilityValidUntil: "2020-12-31" })).toMatchObject({ flexibilityInForce: false });

    const refused: [unknown, string][] = [
      [{ maxRefills: 6 }, "maxRefills"],
      [{ defaultRefills: -1 }, "defaultRefills"],
      [{ maxRefills: 1, defaultRefills: 2 }, "defaultRefills"],
      [{ fillableMonths: 7 }, "fillableMonths"],
      [{ ackStatusMap: { status: { "10": "acknowledged" } } }, "ackStatusMap.status.10"],
      [{ ackStatusMap: { status: { "010": "done" } } }, "ackStatusMap.status.010"],
      [{ ackStatusMap: { errors: { "600": "maybe" } } }, "ackStatusMap.errors.600"],
      [{ ackStatusMap: { unknownPart: {} } }, "ackStatusMap"],
      [{ pdmpRequiredByState: { ZZ: true } }, "pdmpRequiredByState"],
    ];
    for (const [input, field] of refused) {
      const r = await fieldErrors(admin.caller.prescribingSettings.update(input as never));
      expect(r.code, field).toBe("BAD_REQUEST");
      expect(Object.keys(r.fields).some((k) => k === field || k.startsWith(`${field}`)), `${field}: ${JSON.stringify(r.fields)}`).toBe(true);
    }
    expect(await fieldErrors(admin.caller.prescribingSettings.update({}))).toMatchObject({ code: "BAD_REQUEST" });
    // The default above the stored maximum (2) is refused by the service, which sees both.
    expect(await refusalOf(admin.caller.prescribingSettings.update({ defaultRefills: 3 }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("cannot be more than the maximum") });

    const audits = await auditRows(clinic.id, "prescribing.settings.update");
    expect(audits[0]!.detail).toEqual({
      maxRefills: { from: 5, to: 2 },
      defaultRefills: { from: 0, to: 1 },
      pdmpRequiredByState: { from: {}, to: { CO: true, NM: false } },
      allowProviderDrafts: { from: true, to: false },
    });
    // The database refuses more than 5 refills on its own.
    await expect(ownerDb().update(schema.clinicPrescribingSettings).set({ maxRefills: 6 }).where(eq(schema.clinicPrescribingSettings.clinicId, clinic.id))).rejects.toThrow();
  });

  it("only admins change settings; staff cannot read them; another clinic's are its own", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    for (const role of ["provider", "prescriber", "staff"] as const) {
      const s = await staffSession(clinic.id, [role]);
      expect(await refusalOf(s.caller.prescribingSettings.update({ maxRefills: 1 })), role).toMatchObject({ code: "FORBIDDEN" });
    }
    const staff = await staffSession(clinic.id, ["staff"]);
    expect(await refusalOf(staff.caller.prescribingSettings.get())).toMatchObject({ code: "FORBIDDEN" });
    const otherAdmin = await staffSession(other.id, ["admin"]);
    await otherAdmin.caller.prescribingSettings.update({ maxRefills: 1, defaultRefills: 0 });
    const admin = await staffSession(clinic.id, ["admin"]);
    expect((await admin.caller.prescribingSettings.get()).maxRefills).toBe(5);
    const rows = await testDb().select().from(schema.clinicPrescribingSettings).where(and(eq(schema.clinicPrescribingSettings.clinicId, clinic.id)));
    expect(rows).toEqual([]);
    // The service refuses an empty change for callers other than the router too.
    await expect(updatePrescribingSettings(testDb(), { userId: admin.user.id, kind: "staff", roles: ["admin"], clinicId: clinic.id, meta: { requestId: "t", ipAddress: null, userAgent: null } }, clinic.id, {})).rejects.toMatchObject({ code: "BAD_INPUT" });
  });
});
